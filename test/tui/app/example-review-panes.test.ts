/**
 * examples/extensions/review-panes in the real interactive mode: the stock
 * chat replaced by its two panes at load, navigation between the file list
 * and the prompt, a prompt sent through it reaching the mock model with the
 * answer and the changed files shown in the panes, the split following a
 * resize, and the stock chat back when the extension is switched off or
 * unloaded.
 */
import { readFileSync, renameSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { type Harness, idle, startInteractive } from "../../support/tui-harness.js";

const EXAMPLE = join(import.meta.dirname, "../../../examples/extensions/review-panes");

let h: Harness | undefined;
afterEach(async () => {
	await h?.dispose();
	h = undefined;
});

/** The row that starts with `prefix`, and its index. */
function rowStarting(lines: string[], prefix: string): { row: number; text: string } {
	const row = lines.findIndex((l) => l.startsWith(prefix));
	if (row < 0) throw new Error(`no row starts with "${prefix}":\n${lines.join("\n")}`);
	return { row, text: lines[row] };
}

const EDIT_AND_WRITE = [
	{
		toolCalls: [
			{
				name: "edit",
				args: { path: "src/app.ts", oldText: "const value = 1;", newText: "const value = 2;" },
			},
			{ name: "write", args: { path: "NOTES.md", content: "# Notes\n\nvalue is now 2\n" } },
		],
	},
	{ text: "Changed the value to 2 and wrote NOTES.md." },
];

describe("review-panes at 80×24", () => {
	it("replaces the chat with its panes; a prompt typed there reaches the model, and its answer and files show", async () => {
		h = await startInteractive({
			script: EDIT_AND_WRITE,
			extensions: [EXAMPLE],
			files: { "src/app.ts": "const value = 1;\nexport default value;\n" },
		});
		const start = await h.waitFor("╭─ Files (0)");
		// The title row, then the two framed panes side by side (the list 24 columns wide), the prompt and the status line.
		expect(start[0]).toMatch(/^ weft review {2}0 files changed {2}Tab ⇄ list/);
		expect(start[1]).toMatch(/^╭─ Files \(0\) ─+╮╭─ Answer ─+╮$/);
		expect(start[1].indexOf("╮╭")).toBe(23);
		expect(start[2]).toContain("› ◆ latest answer");
		expect(start[2]).toContain("No answer yet");
		expect(start[3]).toMatch(/^│ {2}no changes yet +│/);
		expect(start.some((l) => l.startsWith("> Ask anything"))).toBe(true);
		expect(start.at(-1)).toContain("mock-model (mock)");
		expect(start.join("\n")).not.toMatch(/^weft v/m);

		h.type("make the value 2");
		await h.waitFor("> make the value 2");
		h.press("enter");
		const done = await h.waitFor((lines) => idle(lines) && lines.join("\n").includes("wrote NOTES.md."));
		expect(h.requests()[0].body.messages.at(-1)).toMatchObject({ role: "user", content: "make the value 2" });
		expect(done[0]).toContain("2 files changed");
		expect(rowStarting(done, "╭─ Files (2)").text).toContain("╭─ Answer");
		expect(done.join("\n")).toContain("› make the value 2");
		expect(rowStarting(done, "│  src/app.ts").text).toMatch(/^│ {2}src\/app\.ts +\+1 -1│/);
		expect(rowStarting(done, "│  NOTES.md").text).toMatch(/^│ {2}NOTES\.md +\+3 -0│/);

		// Tab: the list takes the keys; ↓ and j select the next file, its diff on the right; k back.
		h.press("tab");
		h.press("down");
		const diff = await h.waitFor("╭─ src/app.ts");
		expect(diff.join("\n")).toContain("│-const value = 1;");
		expect(diff.join("\n")).toContain("│+const value = 2;");
		expect(rowStarting(diff, "│› src/app.ts").row).toBeGreaterThan(0);
		h.type("j");
		const notes = await h.waitFor("╭─ NOTES.md");
		expect(notes.join("\n")).toContain("│@@ created: 3 lines @@");
		expect(notes.join("\n")).toContain("│+value is now 2");
		h.type("k");
		await h.waitFor("╭─ src/app.ts");

		// Enter: back to the prompt, which names the selected file; typing goes there again.
		h.press("enter");
		await h.waitFor("> @src/app.ts");
		h.type("why 2?");
		await h.waitFor("> @src/app.ts why 2?");
		// Tab from the prompt: to the list again, where typed letters do not reach the prompt.
		h.press("tab");
		h.press("up");
		await h.waitFor("╭─ Answer");
		h.type("x");
		await new Promise((resolve) => setTimeout(resolve, 100));
		expect((await h.screen.screen()).join("\n")).not.toContain("why 2?x");
	});
});

describe("review-panes at 120×40 and resized", () => {
	it("widens the list with the terminal, scrolls a long answer with PgDn, and lays out again at 80×24", async () => {
		const answer = Array.from({ length: 60 }, (_, i) => `answer line ${i + 1}`).join("\n\n");
		h = await startInteractive({ cols: 120, rows: 40, script: [{ text: answer }], extensions: [EXAMPLE] });
		const start = await h.waitFor("╭─ Files (0)");
		expect(start[1].indexOf("╮╭")).toBe(35);
		expect(start[1]).toHaveLength(120);

		h.type("a long one");
		h.press("enter");
		const long = await h.waitFor((lines) => idle(lines) && /Answer 1–\d+\/\d+/.test(lines[1]));
		expect(long.join("\n")).toContain("│answer line 1 ");
		h.press("pagedown");
		const scrolled = await h.waitFor(
			(lines) => /Answer (\d+)–/.test(lines[1]) && !lines[1].includes("Answer 1–"),
		);
		expect(scrolled.join("\n")).not.toContain("│answer line 1 ");
		h.press("pageup");
		await h.waitFor((lines) => lines[1].includes("Answer 1–"));

		await h.resize(80, 24);
		const narrow = await h.waitFor((lines) => lines[1]?.indexOf("╮╭") === 23);
		expect(narrow[0]).toMatch(/^ weft review/);
		expect(narrow[1]).toHaveLength(80);
		expect(narrow.at(-1)).toContain("mock-model (mock)");
		await h.resize(120, 40);
		await h.waitFor((lines) => lines[1]?.indexOf("╮╭") === 35);
	});
});

describe("the stock chat back", () => {
	it("comes back with /panes (and the panes again), and when the extension is unloaded", async () => {
		const files = Object.fromEntries(
			["index.ts", "changes.ts", "panes.ts"].map((name) => [
				`ext/review-panes/${name}`,
				readFileSync(join(EXAMPLE, name), "utf8"),
			]),
		);
		h = await startInteractive({ script: [], files, extensions: ["ext/review-panes"] });
		await h.waitFor("╭─ Files (0)");
		const stock = (lines: string[]) =>
			!lines.join("\n").includes("╭─ Files") && lines.some((l) => l.startsWith("> Ask anything"));

		h.type("/panes");
		h.press("enter");
		await h.waitFor(stock);
		h.type("/panes");
		h.press("enter");
		await h.waitFor("╭─ Files (0)");

		// Unloading: /reload finds the extension gone, and weft takes back its windows and keys.
		renameSync(join(h.cwd, "ext/review-panes/index.ts"), join(h.cwd, "ext/review-panes/index.off"));
		h.type("/reload");
		h.press("enter");
		const back = await h.waitFor(stock);
		expect(back[0]).not.toMatch(/weft review/);
		// Tab is the composer's again (no list to move to): the prompt keeps the keys typed after it.
		h.press("tab");
		h.type("still here");
		await h.waitFor("> still here");
	});
});
