/**
 * Tool calls as the stock chat renders them, through the real tools in a
 * temp project: read shows the path, bash the command and its output, edit
 * a coloured diff, and a failing tool its error.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { type Harness, startInteractive } from "../../support/tui-harness.js";

let h: Harness | undefined;
afterEach(async () => {
	await h?.dispose();
	h = undefined;
});

/** The foreground colour of the first cell showing `text` (or of the first row that is just `text`), anywhere in the buffer. */
function foregroundOf(
	harness: Harness,
	text: string,
	wholeRow = false,
): { isDefault: boolean; color: number } {
	const buffer = harness.screen.term.buffer.active;
	for (let y = 0; y < buffer.length; y++) {
		const line = buffer.getLine(y);
		const row = line?.translateToString(true) ?? "";
		if (!line || (wholeRow && row.trim() !== text)) continue;
		const col = row.indexOf(text);
		if (col < 0) continue;
		const cell = line.getCell(col);
		if (!cell) break;
		return { isDefault: cell.isFgDefault(), color: cell.getFgColor() };
	}
	throw new Error(`"${text}" is not in the terminal`);
}

describe("tool calls in the transcript", () => {
	it("shows read (path and range), bash, edit (as a coloured diff) and a failing tool's error", async () => {
		h = await startInteractive({
			rows: 40,
			files: {
				"notes.txt": "alpha\nbeta\ngamma\n",
				"src/app.ts": "const value = 1;\nexport default value;\n",
			},
			script: [
				{ toolCalls: [{ name: "read", args: { path: "notes.txt" } }] },
				{ toolCalls: [{ name: "read", args: { path: "notes.txt", offset: 2, limit: 2 } }] },
				{ toolCalls: [{ name: "bash", args: { command: "echo hi" } }] },
				{
					toolCalls: [
						{
							name: "edit",
							args: { path: "src/app.ts", oldText: "const value = 1;", newText: "const value = 2;" },
						},
					],
				},
				{ toolCalls: [{ name: "read", args: { path: "missing.txt" } }] },
				{ text: "All four done." },
			],
		});
		await h.waitFor("mock-model");
		h.type("use your tools");
		h.press("enter");
		const lines = await h.waitForAll("All four done.");
		const text = lines.join("\n");

		expect(text).toContain("Read notes.txt");
		expect(text).toContain("Read notes.txt:2-3");
		expect(text).toContain("$ echo hi");
		const command = lines.findIndex((l) => l.includes("$ echo hi"));
		expect(lines[command + 1].trim()).toBe("hi");

		expect(text).toContain("Edit src/app.ts");
		const removed = lines.find((l) => l.includes("- const value = 1;"));
		const added = lines.find((l) => l.includes("+ const value = 2;"));
		expect(removed).toBeDefined();
		expect(added).toBeDefined();
		const addedColour = foregroundOf(h, "+ const value = 2;");
		const removedColour = foregroundOf(h, "- const value = 1;");
		expect(addedColour.isDefault).toBe(false);
		expect(removedColour.isDefault).toBe(false);
		expect(addedColour.color).not.toBe(removedColour.color);
		expect(readFileSync(join(h.cwd, "src/app.ts"), "utf8")).toContain("const value = 2;");

		expect(text).toContain("Read missing.txt");
		expect(text).toContain("File not found: missing.txt");
		// The error is drawn in another colour than ordinary tool output.
		const error = foregroundOf(h, "File not found");
		expect(error.isDefault).toBe(false);
		expect(error).not.toEqual(foregroundOf(h, "hi", true));

		// The model was told about the failure, and the transcript keeps the calls in order.
		const results = JSON.stringify(h.requests()[5].body.messages);
		expect(results).toContain("File not found");
		const order = [
			"Read notes.txt",
			"$ echo hi",
			"Edit src/app.ts",
			"Read missing.txt",
			"All four done.",
		].map((t) => lines.findIndex((l) => l.includes(t)));
		expect(order).toEqual([...order].sort((a, b) => a - b));
	});
});
