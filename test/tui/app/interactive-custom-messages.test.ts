/**
 * An extension's sendMessage with display shows its message in the
 * conversation when it joins it: at once while idle (before, it appeared
 * only when the session was resumed), once when it was queued behind a run,
 * and never when display is false.
 */
import { afterEach, describe, expect, it } from "vitest";
import { type Harness, startInteractive } from "../../support/tui-harness.js";

const EXTENSION = `
import type { ExtensionAPI } from "weft";

export default function (weft: ExtensionAPI) {
	weft.registerCommand("note", {
		description: "Add a note to the conversation",
		handler: (args) => weft.sendMessage({ customType: "note", content: args, display: true }),
	});
	weft.registerCommand("quiet", {
		description: "Add a hidden note",
		handler: (args) => weft.sendMessage({ customType: "note", content: args, display: false }),
	});
}
`;

let h: Harness | undefined;
afterEach(async () => {
	await h?.dispose();
	h = undefined;
});

const count = (rows: string[], text: string) => rows.filter((row) => row.includes(text)).length;

describe("an extension's messages in the terminal UI", () => {
	it("shows a message sent while idle at once, and leaves out one not for display", async () => {
		h = await startInteractive({
			script: [],
			files: { "ext/note.ts": EXTENSION },
			extensions: ["ext/note.ts"],
		});
		await h.waitFor("mock-model");
		h.type("/quiet hidden words");
		h.press("enter");
		h.type("/note disk almost full");
		h.press("enter");
		const screen = await h.waitFor(
			(rows) =>
				rows.some((row) => row.includes("[note]")) && rows.some((row) => row.includes("disk almost full")),
		);
		expect(count(screen, "disk almost full")).toBe(1);
		expect(screen.join("\n")).not.toContain("hidden words");
	});

	it("shows a message queued behind a run once, when the run takes it", async () => {
		let release: () => void = () => {};
		const held = new Promise<void>((resolve) => {
			release = resolve;
		});
		h = await startInteractive({
			script: [{ text: "first answer", holdUntil: () => held }, { text: "second answer" }],
			files: { "ext/note.ts": EXTENSION },
			extensions: ["ext/note.ts"],
		});
		await h.waitFor("mock-model");
		h.type("go");
		h.press("enter");
		await h.waitFor((rows) => rows.some((row) => row.includes("❯ go")));
		h.type("/note queued words");
		h.press("enter");
		await h.waitFor((rows) => rows.some((row) => row.includes("queued words")));
		release();
		const all = await h.waitForAll((rows) => rows.some((row) => row.includes("first answer")));
		await h.screen.settle();
		expect(count(await h.waitForAll(() => true), "queued words")).toBe(1);
		expect(all.join("\n")).toContain("first answer");
	});
});
