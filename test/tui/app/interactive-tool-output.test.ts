/**
 * Tool output as a user meets it: write says whether it created or
 * overwrote the file under a preview of its first lines, bash shows its
 * running time and then how long it took, and Ctrl+O expands the live
 * blocks, reprints the latest tool output once and says what it did.
 */
import { afterEach, describe, expect, it } from "vitest";
import { type Harness, startInteractive } from "../../support/tui-harness.js";

let h: Harness | undefined;
afterEach(async () => {
	await h?.dispose();
	h = undefined;
});

const rows = (n: number) => Array.from({ length: n }, (_, i) => `row ${i + 1}`).join("\n");
const count = (lines: string[], text: string) => lines.filter((l) => l.trim() === text).length;

describe("tool output", () => {
	it("write: a collapsed preview, then 'created' for a new file and 'overwritten' for an existing one", async () => {
		h = await startInteractive({
			rows: 40,
			files: { "old.txt": "before\n" },
			script: [
				{ toolCalls: [{ name: "write", args: { path: "new.txt", content: rows(9) } }] },
				{ toolCalls: [{ name: "write", args: { path: "old.txt", content: "after\n" } }] },
				{ text: "Both written." },
			],
		});
		await h.waitFor("mock-model");
		h.type("write them");
		h.press("enter");
		const lines = await h.waitForAll("Both written.");

		const created = lines.findIndex((l) => l.includes("Write new.txt (9 lines)"));
		expect(lines.slice(created + 1, created + 8).map((l) => l.trim())).toEqual([
			"row 1",
			"row 2",
			"row 3",
			"row 4",
			"row 5",
			"… 4 more lines (ctrl+o to expand)",
			"created",
		]);
		const replaced = lines.findIndex((l) => l.includes("Write old.txt (1 line)"));
		expect(lines.slice(replaced + 1, replaced + 3).map((l) => l.trim())).toEqual(["after", "overwritten"]);
	});

	it("bash: the running time in the title while it runs, how long it took once done", async () => {
		h = await startInteractive({
			script: [
				{ toolCalls: [{ name: "bash", args: { command: "sleep 1.5; echo finished" } }] },
				{ text: "Ran it." },
			],
		});
		await h.waitFor("mock-model");
		h.type("run it");
		h.press("enter");
		await h.waitFor(/\$ sleep 1\.5; echo finished \d+\.\ds/);
		const lines = await h.waitForAll("Ran it.");
		const command = lines.findIndex((l) => l.includes("$ sleep 1.5; echo finished"));
		expect(lines[command]).not.toMatch(/\d\.\ds\s*$/);
		expect(lines[command + 1].trim()).toBe("finished");
		expect(lines[command + 2].trim()).toMatch(/^took (1\.[5-9]|[2-9]\.\d|\d{2,}\.\d)s$/);
	});

	it("ctrl+o expands a running tool's output on screen and collapses it again", async () => {
		h = await startInteractive({
			rows: 30,
			script: [
				{
					toolCalls: [
						{ name: "bash", args: { command: `printf '${rows(8).replace(/\n/g, "\\n")}\\n'; sleep 2` } },
					],
				},
				{ text: "Slept." },
			],
		});
		await h.waitFor("mock-model");
		h.type("go");
		h.press("enter");
		await h.waitFor("… 3 earlier lines (ctrl+o to expand)");
		h.press("ctrl+o");
		const expanded = await h.waitFor((l) => count(l, "row 1") === 1 && l.some((r) => / · expanded/.test(r)));
		expect(expanded.join("\n")).not.toContain("earlier lines");
		h.press("ctrl+o");
		await h.waitFor("Tool output collapsed");
		await h.waitForAll("Slept.");
	});

	it("ctrl+o reprints the latest tool output from the scrollback once, even after a turn without tools", async () => {
		h = await startInteractive({
			rows: 30,
			script: [
				{ toolCalls: [{ name: "bash", args: { command: `printf '${rows(8).replace(/\n/g, "\\n")}\\n'` } }] },
				{ text: "Printed." },
				{ text: "Just talking." },
			],
		});
		await h.waitFor("mock-model");
		h.type("print");
		h.press("enter");
		await h.waitForAll("Printed.");
		h.type("talk");
		h.press("enter");
		const before = await h.waitForAll("Just talking.");
		expect(count(before, "row 1")).toBe(0);

		h.press("ctrl+o");
		const after = await h.waitForAll((l) => l.some((r) => r.includes("latest tool output, expanded")));
		expect(count(after, "row 1")).toBe(1);
		expect(count(after, "row 8")).toBe(2);
		await h.waitFor("the latest turn's is reprinted");

		h.press("ctrl+o");
		await h.waitFor("Tool output collapsed");
		h.press("ctrl+o");
		// Expanding again reprints once more, with its heading: each press is one reprint, never more.
		const again = await h.waitForAll(
			(l) => l.filter((r) => r.includes("latest tool output, expanded")).length === 2,
		);
		expect(count(again, "row 1")).toBe(2);
	});

	it("ctrl+o with no tool output anywhere says so and prints nothing", async () => {
		h = await startInteractive({ script: [{ text: "Hello." }] });
		await h.waitFor("mock-model");
		h.type("hi");
		h.press("enter");
		await h.waitForAll("Hello.");
		h.press("ctrl+o");
		const lines = await h.waitFor("no earlier tool output to reprint");
		expect(lines.join("\n")).not.toContain("latest tool output, expanded");
	});
});
