/** Transcript blocks drawn as lines: each kind, collapsed and expanded, narrow widths, and renderers that misbehave. */
import { describe, expect, it } from "vitest";
import type { MessageRenderer, ToolRenderer } from "../../../kernel/renderer.js";
import type { Block } from "../../primitives/buffer.js";
import { plain, visibleWidth } from "../../text/width.js";
import { wrap } from "../../text/wrap.js";
import { DARK_THEME } from "../../theme/builtin-themes.js";
import { Styler } from "../../theme/style.js";
import { type BlockRenderContext, renderBlock } from "./block-view.js";
import type { TranscriptBlockData, TranscriptBlockKind } from "./blocks.js";
import { stockToolRenderers } from "./tool-renderers.js";

const styler = new Styler(DARK_THEME);
const stock = stockToolRenderers(() => styler);

function context(overrides: Partial<BlockRenderContext> = {}): BlockRenderContext {
	return {
		width: 60,
		styler,
		expanded: false,
		markdown: (text, width) => wrap(text, width),
		toolRenderer: (name) => stock[name],
		messageRenderer: () => undefined,
		...overrides,
	};
}

let counter = 0;
function block<K extends TranscriptBlockKind>(kind: K, data: TranscriptBlockData[K], done = true): Block {
	return { id: `b${++counter}`, kind, data, meta: { done } };
}

const text = (lines: string[]) => lines.map(plain);
const lines = (n: number) => Array.from({ length: n }, (_, i) => `line ${i + 1}`).join("\n");

describe("renderBlock", () => {
	it("draws the user's message after a ❯ on a band of userMessageBg the width of the transcript", () => {
		const out = renderBlock(block("user", { text: "fix the failing test" }), context({ width: 40 }));

		expect(text(out)).toEqual([`❯ fix the failing test${" ".repeat(18)}`]);
		expect(out[0]).toContain(styler.sgr({ bg: "userMessageBg" }));
	});

	it("draws an answer through the markdown renderer at the transcript width", () => {
		const seen: number[] = [];
		const ctx = context({
			markdown: (t, w) => {
				seen.push(w);
				return [`md:${t}`];
			},
		});

		expect(renderBlock(block("assistant", { text: "**hi**", streaming: false }), ctx)).toEqual(["md:**hi**"]);
		expect(seen).toEqual([60]);
	});

	it("folds finished thinking to one dim italic line, shows it whole when expanded, and its tail while it streams", () => {
		const thinking = "first\nsecond\nthird\nfourth";
		const folded = renderBlock(block("thinking", { text: thinking, streaming: false }), context());
		expect(text(folded)).toEqual(["Thinking… (4 lines, ctrl+o to expand)"]);
		expect(folded[0].startsWith(styler.sgr({ fg: "thinking", italic: true, dim: true }))).toBe(true);

		const expanded = renderBlock(
			block("thinking", { text: thinking, streaming: false }),
			context({ expanded: true }),
		);
		expect(text(expanded)).toEqual(["Thinking", "  first", "  second", "  third", "  fourth"]);

		const streaming = renderBlock(block("thinking", { text: thinking, streaming: true }, false), context());
		expect(text(streaming)).toEqual(["Thinking…", "  second", "  third", "  fourth"]);
	});

	it("draws a tool call as a status marker and the renderer's title, then its result", () => {
		const read = block("tool", {
			id: "c1",
			name: "read",
			args: { path: "src/app.ts", offset: 10, limit: 5 },
			result: {
				content: [{ type: "text", text: lines(5) }],
				isError: false,
				details: { kind: "text", offset: 10, totalLines: 80 },
			},
			status: "done",
		});

		const out = renderBlock(read, context());

		expect(text(out)).toEqual(["● Read src/app.ts:10-14", "  5 of 80 lines"]);
		expect(out[0].startsWith(`${styler.sgr({ fg: "success" })}●`)).toBe(true);
	});

	it("shows how long a running tool has run at the end of its title, redrawn as the clock moves on", () => {
		const running = block(
			"tool",
			{ id: "c1", name: "bash", args: { command: "npm test" }, status: "running", startedAt: 1_000 },
			false,
		);

		expect(text(renderBlock(running, context({ now: 3_500 })))).toEqual(["● $ npm test 2.5s"]);
		expect(text(renderBlock(running, context({ now: 64_000 })))).toEqual(["● $ npm test 1m 03s"]);
		// The title gives way to the time in a narrow transcript.
		const narrow = text(renderBlock(running, context({ now: 3_500, width: 14 })));
		expect(narrow[0]).toMatch(/2\.5s$/);
		expect(visibleWidth(narrow[0])).toBeLessThanOrEqual(14);

		const done = block("tool", {
			id: "c1",
			name: "bash",
			args: { command: "npm test" },
			status: "done",
			startedAt: 1_000,
			result: { content: [{ type: "text", text: "ok" }], isError: false, details: { durationMs: 4_000 } },
		});
		expect(text(renderBlock(done, context({ now: 9_000 })))).toEqual(["● $ npm test", "  ok", "  took 4.0s"]);
	});

	it("colours the marker by status and shows errors in the error colour", () => {
		const marker = (status: "pending" | "running" | "error" | "blocked") =>
			renderBlock(block("tool", { id: "x", name: "mystery", args: {}, status }), context())[0];
		expect(marker("pending").startsWith(`${styler.sgr({ fg: "muted" })}●`)).toBe(true);
		expect(marker("running").startsWith(`${styler.sgr({ fg: "accent" })}●`)).toBe(true);
		expect(marker("error").startsWith(`${styler.sgr({ fg: "error" })}●`)).toBe(true);

		const failed = renderBlock(
			block("tool", {
				id: "y",
				name: "mystery",
				args: { q: 1 },
				result: { content: [{ type: "text", text: "no such thing" }], isError: true },
				status: "error",
			}),
			context(),
		);
		expect(text(failed)).toEqual(['● mystery {"q":1}', "  no such thing"]);
		expect(failed[1]).toContain(styler.sgr({ fg: "error" }));
	});

	it("shows a refused call's reason in the warning colour", () => {
		const out = renderBlock(
			block("tool", {
				id: "z",
				name: "bash",
				args: { command: "rm -rf /" },
				result: {
					content: [{ type: "text", text: "Tool call blocked: no" }],
					isError: true,
					details: { blocked: true },
				},
				status: "blocked",
			}),
			context(),
		);

		expect(text(out)).toEqual(["● $ rm -rf /", "  Tool call blocked: no"]);
		expect(out[1]).toContain(styler.sgr({ fg: "warning" }));
	});

	it("shows the first lines of a generic result collapsed and all of them expanded", () => {
		const tool = block("tool", {
			id: "g",
			name: "fetch",
			args: {},
			result: { content: [{ type: "text", text: lines(10) }], isError: false },
			status: "done",
		});

		expect(text(renderBlock(tool, context()))).toEqual([
			"● fetch",
			"  line 1",
			"  line 2",
			"  line 3",
			"  … 7 more lines (ctrl+o to expand)",
		]);
		expect(renderBlock(tool, context({ expanded: true }))).toHaveLength(11);
	});

	it("uses a renderer's verb with the generic arguments and result when it draws nothing itself", () => {
		const ctx = context({ toolRenderer: () => ({ verb: "Fetch" }) });
		const out = renderBlock(
			block("tool", {
				id: "v",
				name: "fetch_url",
				args: { url: "https://x.dev" },
				result: { content: [{ type: "text", text: "200 OK" }], isError: false },
				status: "done",
			}),
			ctx,
		);

		expect(text(out)).toEqual(['● Fetch {"url":"https://x.dev"}', "  200 OK"]);
	});

	it("turns a renderer that throws into one red line and keeps the rest of the block", () => {
		const broken: ToolRenderer = {
			renderCall: () => {
				throw new Error("call exploded");
			},
			renderResult: () => {
				throw new Error("result exploded");
			},
		};
		const out = renderBlock(
			block("tool", {
				id: "r",
				name: "fragile",
				args: {},
				result: { content: [{ type: "text", text: "fine" }], isError: false },
				status: "done",
			}),
			context({ toolRenderer: () => broken }),
		);

		expect(text(out)).toEqual([
			"● fragile",
			"  renderer failed: call exploded",
			"  renderer failed: result exploded",
		]);
		expect(out[1]).toContain(styler.sgr({ fg: "error" }));

		const badMessage: MessageRenderer = {
			render: () => {
				throw new Error("nope");
			},
		};
		const message = {
			role: "custom" as const,
			customType: "memo",
			content: "x",
			display: true,
			timestamp: 0,
		};
		expect(
			text(renderBlock(block("custom", { message }), context({ messageRenderer: () => badMessage }))),
		).toEqual(["renderer failed: nope"]);
	});

	it("clips whatever a renderer returns to the width, splitting lines that hold newlines", () => {
		const wide: ToolRenderer = {
			renderCall: () => ["x".repeat(100)],
			renderResult: () => ["y".repeat(100), "a\nb"],
		};
		const out = renderBlock(
			block("tool", {
				id: "w",
				name: "wide",
				args: {},
				result: { content: [], isError: false },
				status: "done",
			}),
			context({ width: 20, toolRenderer: () => wide }),
		);

		expect(out.every((line) => visibleWidth(line) <= 20)).toBe(true);
		expect(text(out)).toEqual([`● ${"x".repeat(18)}`, `  ${"y".repeat(18)}`, "  a", "  b"]);
	});

	it("keeps every kind within 20 columns, long paths included", () => {
		const path = "packages/some-very-long-package-name/src/deeply/nested/module.ts";
		const message = {
			role: "custom" as const,
			customType: "memo",
			content: "a ".repeat(40),
			display: true,
			timestamp: 0,
		};
		const all: Block[] = [
			block("user", { text: `please look at ${path}` }),
			block("assistant", { text: `See ${path}.`, streaming: false }),
			block("thinking", { text: "a long line of thinking that goes on", streaming: false }),
			block("tool", { id: "1", name: "read", args: { path, offset: 100, limit: 50 }, status: "pending" }),
			block("tool", { id: "2", name: "edit", args: { path }, status: "running" }),
			block("tool", { id: "3", name: "bash", args: { command: `cat ${path} | wc -l` }, status: "running" }),
			block("tool", { id: "4", name: "grep", args: { pattern: "TODO", path }, status: "pending" }),
			block("custom", { message }),
			block("notice", { level: "error", text: `could not open ${path}` }),
			block("print", { block: { kind: "info", title: `Loaded ${path}`, subtitle: path, text: path } }),
		];
		for (const expanded of [false, true]) {
			for (const b of all) {
				const out = renderBlock(b, context({ width: 20, expanded }));
				for (const line of out)
					expect(visibleWidth(line), `${b.kind}: ${plain(line)}`).toBeLessThanOrEqual(20);
			}
		}
		expect(text(renderBlock(all[3], context({ width: 20 })))).toEqual(["● Read packages/som…"]);
	});

	it("draws an extension message with its renderer, or as [type] and its text as markdown", () => {
		const message = {
			role: "custom" as const,
			customType: "todo",
			content: "1. ship it",
			display: true,
			timestamp: 0,
		};
		const markdown = (md: string, width: number) => [`md(${width}): ${md}`];
		expect(text(renderBlock(block("custom", { message }), context({ markdown })))).toEqual([
			"[todo]",
			"",
			"md(60): 1. ship it",
		]);

		const renderer: MessageRenderer = { render: (m, o) => [`TODO(${o.width}): ${m.content}`] };
		expect(renderBlock(block("custom", { message }), context({ messageRenderer: () => renderer }))).toEqual([
			"TODO(60): 1. ship it",
		]);
	});

	it("draws a notice in its level's colour", () => {
		for (const level of ["info", "success", "warning", "error"] as const) {
			const out = renderBlock(block("notice", { level, text: "heads up" }), context());
			expect(text(out)).toEqual(["heads up"]);
			expect(out[0].startsWith(styler.sgr({ fg: level }))).toBe(true);
		}
	});

	it("draws a print block as a rounded box with the title in the border and the subtitle under it", () => {
		const out = renderBlock(
			block("print", {
				block: {
					kind: "custom",
					title: "Report",
					subtitle: "3 files",
					text: "all good",
					borderColor: "#ff00ff",
				},
			}),
			context({ width: 24 }),
		);

		expect(text(out)).toEqual([
			"╭─ Report ─────────────╮",
			"│ 3 files              │",
			"│ all good             │",
			"╰──────────────────────╯",
		]);
		expect(out[0].startsWith(styler.sgr({ fg: "#ff00ff" }))).toBe(true);
		const error = renderBlock(
			block("print", { block: { kind: "error", text: "failed" } }),
			context({ width: 24 }),
		);
		expect(error[0].startsWith(styler.sgr({ fg: "error" }))).toBe(true);
	});

	it("reuses the lines of an unchanged block and redraws when the block, width or expansion changes", () => {
		let calls = 0;
		const ctx = context({
			markdown: (t) => {
				calls++;
				return [t];
			},
		});
		const answer = block("assistant", { text: "hi", streaming: false });

		const first = renderBlock(answer, ctx);
		expect(renderBlock(answer, context({ markdown: ctx.markdown }))).toBe(first);
		expect(calls).toBe(1);

		renderBlock(answer, { ...ctx, width: 30 });
		renderBlock({ ...answer, data: { text: "hi!", streaming: false } }, { ...ctx, width: 30 });
		expect(calls).toBe(3);
	});

	it("draws a block of an unknown kind as its text", () => {
		expect(renderBlock({ id: "e1", kind: "ext-note", text: "from an extension" }, context())).toEqual([
			"from an extension",
		]);
	});
});
