import { afterEach, describe, expect, it } from "vitest";
import type { TUIHelpers } from "weft";
import { type ExtensionRun, runExtensions } from "weft/testing";
import { type ChangedFile, changeOf, recordChange } from "./changes.js";
import reviewPanes, { listWidth } from "./index.js";
import { detailPane, emptyView, listPane, maxScroll } from "./panes.js";

/** Helpers without colour: plain text, one column per character. */
const plain: TUIHelpers = {
	measure: (text) => text.length,
	truncate: (text, width, ellipsis = "") =>
		text.length <= width ? text : `${text.slice(0, Math.max(0, width - ellipsis.length))}${ellipsis}`,
	pad: (text, width) => text.padEnd(width),
	wrap: (text, width) =>
		text.split("\n").flatMap((line) => line.match(new RegExp(`.{1,${width}}`, "g")) ?? [""]),
	fg: (_color, text) => text,
	bg: (_color, text) => text,
	paint: (text) => text,
	themeName: "plain",
	appearance: "dark",
};

const runs: ExtensionRun[] = [];
afterEach(async () => {
	for (const run of runs.splice(0)) await run.dispose();
});

describe("the changed files", () => {
	const edit = {
		name: "edit",
		args: { path: "src/a.ts" },
		isError: false,
		details: { path: "/p/src/a.ts", diff: "--- /p/src/a.ts\n+++ /p/src/a.ts\n@@ -1 +1 @@\n-a\n+b\n" },
	};

	it("takes an edit's diff without its file headers, and a write's content as added lines", () => {
		expect(changeOf(edit, "/p")).toEqual({ path: "src/a.ts", lines: ["@@ -1 +1 @@", "-a", "+b"] });
		const write = {
			name: "write",
			args: { path: "n.md", content: "x\ny\n" },
			isError: false,
			details: { path: "/p/n.md", created: false },
		};
		expect(changeOf(write, "/p")).toEqual({
			path: "n.md",
			lines: ["@@ overwritten: 2 lines @@", "+x", "+y"],
		});
	});

	it("ignores other tools and failed calls; a path outside the folder stays absolute", () => {
		expect(changeOf({ ...edit, name: "read" }, "/p")).toBeUndefined();
		expect(changeOf({ ...edit, isError: true }, "/p")).toBeUndefined();
		expect(changeOf(edit, "/elsewhere")?.path).toBe("/p/src/a.ts");
	});

	it("lists each file once, counting its changes and lines", () => {
		const files: ChangedFile[] = [];
		recordChange(files, { path: "a", lines: ["@@", "-x", "+y"] });
		recordChange(files, { path: "a", lines: ["@@", "+z"] });
		expect(files).toEqual([
			{ path: "a", changes: 2, added: 2, removed: 1, lines: ["@@", "-x", "+y", "@@", "+z"] },
		]);
	});
});

describe("the panes", () => {
	it("frame exactly the size they are given, the selection kept in view", () => {
		const view = emptyView();
		for (let i = 0; i < 10; i++) recordChange(view.files, { path: `f${i}.ts`, lines: ["+x"] });
		view.selected = 9;
		const lines = listPane(view, 24, 6, plain);
		expect(lines).toHaveLength(6);
		expect(lines.every((line) => line.length === 24)).toBe(true);
		expect(lines[0]).toMatch(/^╭─ Files \(10\) ─+╮$/);
		expect(lines.join("\n")).toContain("› f8.ts");
		expect(lines.join("\n")).not.toContain("latest answer");
	});

	it("scroll the detail within its body and say which lines show", () => {
		const view = {
			...emptyView(),
			prompt: "p",
			answer: Array.from({ length: 20 }, (_, i) => `l${i}`).join("\n"),
		};
		expect(maxScroll(view, 30, 10, plain)).toBe(22 - 8);
		const top = detailPane({ ...view, scroll: 100 }, 30, 10, plain);
		expect(top[0]).toMatch(/^╭─ Answer 15–22\/22 ─+╮$/);
		expect(top[8]).toMatch(/^│l19 +│$/);
	});

	it("gives the list a third of the terminal, within 24 to 40 columns", () => {
		expect([listWidth(60), listWidth(120), listWidth(200)]).toEqual([24, 36, 40]);
	});
});

describe("without the terminal UI", () => {
	it("says /panes needs it, and leaves prompts to the model unchanged", async () => {
		const run = await runExtensions({
			extensions: [{ name: "review-panes", extension: reviewPanes }],
			script: [{ text: "fine" }],
			prompts: ["hello"],
		});
		runs.push(run);
		await run.command("panes");
		expect(run.notifications.map((n) => n.message)).toContain(
			"review-panes draws in the terminal UI only (weft without -p)",
		);
		expect(run.outputs).toEqual(["fine"]);
	});
});
