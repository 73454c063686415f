import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { textOf } from "weft";
import { type ExtensionRun, runExtensions } from "weft/testing";
import inputTransform, { expandMentions } from "./index.js";

const runs: ExtensionRun[] = [];
afterEach(async () => {
	for (const run of runs.splice(0)) await run.dispose();
});

async function start(script: Parameters<typeof runExtensions>[0]["script"] = []) {
	const run = await runExtensions({
		extensions: [{ name: "input-transform", extension: inputTransform }],
		files: { "README.md": "# Demo\nA tiny project.", "src/a.ts": "export const a = 1;" },
		script,
	});
	runs.push(run);
	return run;
}

/** The text of the user message the model received in request `i`. */
const sent = (run: ExtensionRun, i = 0) =>
	textOf(run.requests[i].messages.filter((m) => m.role === "user").at(-1)!.content as string);

describe("input-transform", () => {
	it("appends the content of each @mentioned file to the prompt the model gets", async () => {
		const run = await start([{ text: "It is a tiny project." }]);
		await run.prompt("summarise @README.md, please");
		expect(sent(run)).toBe(
			'summarise @README.md, please\n\n<file path="README.md">\n# Demo\nA tiny project.\n</file>',
		);
		expect(run.eventsOf("input")[0]).toMatchObject({ source: "interactive" });
	});

	it("expands !! to the previous prompt", async () => {
		const run = await start([{ text: "one" }, { text: "two" }]);
		await run.prompt("explain @src/a.ts");
		await run.prompt("!! in one sentence");
		expect(sent(run, 1)).toContain('explain @src/a.ts in one sentence\n\n<file path="src/a.ts">');
	});

	it("handles :note locally: no model call, a note in the session and a notification", async () => {
		const run = await start();
		const result = await run.prompt(":note ask about the release date");
		expect(result).toMatchObject({ handled: true, reason: "completed" });
		expect(run.requests).toEqual([]);
		expect(run.notifications).toEqual([
			{ extension: "input-transform", level: "success", message: "noted: ask about the release date" },
		]);
		expect(run.session.store.entries).toContainEqual(
			expect.objectContaining({
				type: "custom",
				customType: "note",
				data: expect.objectContaining({ text: "ask about the release date" }),
			}),
		);
	});

	it("leaves text an extension sends alone", async () => {
		const run = await start([{ text: "ok" }]);
		await run.prompt("look at @README.md", { source: "extension" });
		expect(sent(run)).toBe("look at @README.md");
	});

	it("leaves mentions of files that do not exist as written, and attaches a file once", () => {
		const cwd = fileURLToPath(new URL(".", import.meta.url));
		expect(expandMentions("see @nowhere.txt or mail a@index.ts", cwd)).toBe(
			"see @nowhere.txt or mail a@index.ts",
		);
		const twice = expandMentions("@index.ts and again @index.ts.", cwd);
		expect(twice.match(/<file path="index.ts">/g)).toHaveLength(1);
	});
});
