import { afterEach, describe, expect, it } from "vitest";
import { textOf } from "weft";
import { type ExtensionRun, runExtensions } from "weft/testing";

const runs: ExtensionRun[] = [];
afterEach(async () => {
	for (const run of runs.splice(0)) await run.dispose();
});

async function start(script: Parameters<typeof runExtensions>[0]["script"]) {
	// By path: each run gets a fresh module, so notes never leak between tests.
	const run = await runExtensions({ extensions: [new URL(".", import.meta.url)], script });
	runs.push(run);
	return run;
}

describe("mu-plugin (scratchpad)", () => {
	it("loads as an extension named after its folder, offering its tool and adding its system prompt", async () => {
		const run = await start([
			{ toolCalls: [{ name: "scratchpad", args: { note: "deploy Friday" } }] },
			{ text: "noted" },
		]);
		await run.prompt("remember the deploy day");
		expect(run.extensions).toMatchObject([{ name: "mu-plugin", status: "loaded" }]);
		expect(run.requests[0].systemPrompt).toContain("You have a scratchpad");
		expect(run.toolCalls[0].result.text).toBe("1. deploy Friday");
	});

	it("takes a `note:` prompt onto the scratchpad and sends the rest to the model", async () => {
		const run = await start([{ text: "It is on Friday." }]);
		await run.prompt("note: the deploy is on Friday. When is the deploy?");
		expect(textOf(run.requests[0].messages[0].content as string)).toBe("When is the deploy?");
		await run.command("notes");
		expect(run.notifications.at(-1)).toMatchObject({ message: "the deploy is on Friday" });
	});

	it("answers a prompt that is only a note without calling the model", async () => {
		const run = await start([]);
		const result = await run.prompt("note: buy milk");
		expect(result.handled).toBe(true);
		expect(run.requests).toEqual([]);
	});

	it("blocks notes that look like secrets, with the plugin's reason", async () => {
		const run = await start([
			{ toolCalls: [{ name: "scratchpad", args: { note: "db password is hunter2" } }] },
			{ text: "I will not store that." },
		]);
		await run.prompt("remember the db password");
		expect(run.blockedCalls).toMatchObject([
			{ name: "scratchpad", by: "mu-plugin", reason: "the scratchpad does not keep passwords or keys" },
		]);
	});
});
