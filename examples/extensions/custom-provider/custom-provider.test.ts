import { fileURLToPath } from "node:url";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type ExtensionRun, runExtensions } from "weft/testing";
import { makeSandbox, runWeft, type Sandbox } from "../../../test/support/weft-cli.js";
import customProvider from "./index.js";

const runs: ExtensionRun[] = [];
afterEach(async () => {
	for (const run of runs.splice(0)) await run.dispose();
});

describe("custom-provider (echo)", () => {
	it("answers with the last user message when picked as the provider", async () => {
		const run = await runExtensions({
			extensions: [customProvider],
			provider: "echo",
			prompt: "hello there",
		});
		runs.push(run);
		expect(run.result).toMatchObject({ reason: "completed", response: "hello there" });
		expect(run.output).toBe("hello there");
		expect(run.session.model).toMatchObject({ provider: "echo", id: "echo-1" });
		expect(run.eventsOf("message_update").map((e) => e.delta.text)).toEqual(["hello ", "there"]);
	});

	it("echoes every prompt of a conversation", async () => {
		const run = await runExtensions({
			extensions: [customProvider],
			provider: "echo",
			prompts: ["one", "two"],
		});
		runs.push(run);
		expect(run.outputs).toEqual(["one", "two"]);
	});
});

// Runs the built binary: `npm test` builds first; alone, run `node scripts/build.mjs --js-only` before.
describe("custom-provider with the weft binary", () => {
	let sandbox: Sandbox;
	beforeAll(() => {
		sandbox = makeSandbox();
	});
	afterAll(() => sandbox.cleanup());

	it("runs `weft -e …/index.ts --provider echo -p hi` and prints the echo", async () => {
		const entry = fileURLToPath(new URL("./index.ts", import.meta.url));
		const result = await runWeft(sandbox, ["-e", entry, "--provider", "echo", "-p", "hi"]);
		expect(result.stderr).toBe("");
		expect(result.stdout).toBe("hi\n");
		expect(result.code).toBe(0);
	});
});
