/**
 * Which highlight.js grammar a fence's info string names. Grammars are loaded
 * on first use, so the names have to be known before any grammar is: a
 * grammar's own aliases only exist once it is registered.
 */

/** Grammars weft highlights, by highlight.js module name, with the grammars each embeds (JSX, <style>, shell prompts). */
export const GRAMMARS: Readonly<Record<string, readonly string[]>> = {
	typescript: ["xml", "css"],
	javascript: ["xml", "css"],
	json: [],
	python: [],
	bash: [],
	shell: ["bash"],
	rust: [],
	go: [],
	java: [],
	c: [],
	cpp: [],
	css: [],
	xml: ["css", "javascript"],
	yaml: [],
	markdown: ["xml"],
	sql: [],
	ruby: [],
	php: [],
	ini: [],
};

const ALIASES: Readonly<Record<string, string>> = {
	ts: "typescript",
	tsx: "typescript",
	mts: "typescript",
	cts: "typescript",
	js: "javascript",
	jsx: "javascript",
	mjs: "javascript",
	cjs: "javascript",
	node: "javascript",
	jsonc: "json",
	json5: "json",
	py: "python",
	py3: "python",
	sh: "bash",
	zsh: "bash",
	// Fences say "shell" for scripts; the grammar named shell is for prompt sessions ("console").
	shell: "bash",
	console: "shell",
	shellsession: "shell",
	rs: "rust",
	golang: "go",
	h: "c",
	"c++": "cpp",
	cc: "cpp",
	cxx: "cpp",
	hpp: "cpp",
	hh: "cpp",
	html: "xml",
	htm: "xml",
	xhtml: "xml",
	svg: "xml",
	yml: "yaml",
	md: "markdown",
	rb: "ruby",
	toml: "ini",
	patch: "diff",
};

/**
 * The grammar for a fence's info string ("ts", "TypeScript", "python title=x"):
 * a key of GRAMMARS, "diff", or undefined for anything weft doesn't highlight.
 */
export function grammarName(info: string | undefined): string | undefined {
	const word = info
		?.trim()
		.split(/\s+/, 1)[0]
		?.toLowerCase()
		.replace(/^\{?\.?/, "")
		.replace(/\}$/, "");
	if (!word) return undefined;
	const name = ALIASES[word] ?? word;
	if (name === "diff" || Object.hasOwn(GRAMMARS, name)) return name;
	return undefined;
}
