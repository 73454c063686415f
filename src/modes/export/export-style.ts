/** The exported page's style: system fonts only (nothing to fetch), light or dark as the reader's system prefers. */
export const EXPORT_CSS = `
:root {
	color-scheme: light dark;
	--bg: #ffffff; --fg: #1f2328; --muted: #656d76; --border: #d0d7de;
	--user-bg: #f0f6ff; --code-bg: #f6f8fa; --error: #cf222e; --accent: #0969da; --summary-bg: #fff8e6;
}
@media (prefers-color-scheme: dark) {
	:root {
		--bg: #0d1117; --fg: #e6edf3; --muted: #8d96a0; --border: #30363d;
		--user-bg: #132339; --code-bg: #161b22; --error: #f85149; --accent: #4493f8; --summary-bg: #2b2410;
	}
}
* { box-sizing: border-box; }
body {
	margin: 0 auto; max-width: 56rem; padding: 1.5rem 1rem 4rem;
	background: var(--bg); color: var(--fg);
	font: 15px/1.55 system-ui, -apple-system, "Segoe UI", sans-serif;
}
header { border-bottom: 1px solid var(--border); margin-bottom: 1.5rem; }
h1 { font-size: 1.4rem; margin: 0 0 0.5rem; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: 0.1rem 1rem; font-size: 0.85rem; margin: 0 0 1rem; }
dt { color: var(--muted); }
dd { margin: 0; overflow-wrap: anywhere; }
article { margin: 0 0 1.25rem; padding: 0.75rem 1rem; border: 1px solid var(--border); border-radius: 8px; }
article.user { background: var(--user-bg); }
.who { font-size: 0.8rem; font-weight: 600; color: var(--muted); margin-bottom: 0.4rem; }
.who time { font-weight: normal; margin-left: 0.5rem; }
.plain { white-space: pre-wrap; overflow-wrap: anywhere; }
.markdown > :first-child { margin-top: 0; }
.markdown > :last-child { margin-bottom: 0; }
pre, code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 0.85rem; }
code { background: var(--code-bg); padding: 0.1em 0.3em; border-radius: 4px; }
pre { background: var(--code-bg); padding: 0.6rem 0.8rem; border-radius: 6px; overflow-x: auto; white-space: pre-wrap; overflow-wrap: anywhere; }
pre code { background: none; padding: 0; }
pre[data-lang]::before { content: attr(data-lang); display: block; color: var(--muted); font-size: 0.75rem; margin-bottom: 0.3rem; }
table { border-collapse: collapse; margin: 0.5rem 0; }
th, td { border: 1px solid var(--border); padding: 0.25rem 0.6rem; }
blockquote { margin: 0.5rem 0; padding-left: 0.8rem; border-left: 3px solid var(--border); color: var(--muted); }
a { color: var(--accent); }
img { max-width: 100%; border-radius: 6px; display: block; margin: 0.4rem 0; }
details { margin: 0.5rem 0; border: 1px solid var(--border); border-radius: 6px; padding: 0.3rem 0.6rem; }
details > summary { cursor: pointer; color: var(--muted); font-size: 0.85rem; overflow-wrap: anywhere; }
details.tool .tool-name { font-weight: 600; color: var(--fg); font-family: ui-monospace, monospace; }
details.tool.failed { border-color: var(--error); }
details.summary { background: var(--summary-bg); }
.error { color: var(--error); }
.note { color: var(--muted); font-size: 0.85rem; font-style: italic; }
`;
