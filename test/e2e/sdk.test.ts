/**
 * The built package as an embedder imports it (dist/index.js; build first):
 * createWeft with an extension file that takes TypeBox from "weft" and adds
 * a tool, two sessions prompting at once against the mock LLM, each with its
 * own conversation and session file, and the activity of both.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import type { MockLlm, RecordedRequest } from "../../src/testing/mock-llm/index.js";
import { type Sandbox, withMockSandbox } from "../support/weft-cli.js";

const DIST = pathToFileURL(resolve(import.meta.dirname, "../../dist/index.js")).href;

/** The text of the request's last user message. */
const lastUser = (request: RecordedRequest): string =>
	request.body.messages.findLast((m: { role: string }) => m.role === "user").content;

/** "count" calls the extension's tool, then reports its result; anything else is answered plainly. */
function turn(request: RecordedRequest) {
	const last = request.body.messages.at(-1);
	if (last.role === "tool") return { text: `counted to ${last.content}` };
	return lastUser(request) === "count"
		? { toolCalls: [{ name: "count", args: { by: 5 } }] }
		: { text: `plain answer to ${lastUser(request)}` };
}

describe("createWeft from the built package", () => {
	let sandbox: Sandbox;
	let llm: MockLlm;
	withMockSandbox((made, started) => {
		sandbox = made;
		llm = started;
	});

	it("loads an extension importing from weft and runs two sessions concurrently, each answer its own", async () => {
		const { createWeft } = (await import(DIST)) as typeof import("../../src/index.js");
		mkdirSync(join(sandbox.cwd, "ext"));
		writeFileSync(
			join(sandbox.cwd, "ext", "counter.ts"),
			`import { Type } from "weft";
			export default function (weft) {
				let calls = 0;
				weft.registerTool({
					name: "count",
					description: "Counts calls",
					parameters: Type.Object({ by: Type.Number() }),
					execute: (args) => String((calls += args.by)),
				});
			}`,
		);
		const weft = await createWeft({
			cwd: sandbox.cwd,
			home: sandbox.home,
			env: {},
			extensions: ["ext/counter.ts"],
		});
		try {
			expect(weft.extensions.list()).toMatchObject([{ name: "counter", status: "loaded" }]);
			const finished: string[] = [];
			weft.activity.subscribe((e) => finished.push(e.sessionId), { types: ["task_completed"] });
			llm.push(turn, turn, turn);

			const [one, two] = await Promise.all([weft.sessions.create(), weft.sessions.create()]);
			const [a, b] = await Promise.all([one.prompt("count"), two.prompt("hello")]);

			expect(a).toMatchObject({ reason: "completed", response: "counted to 5" });
			expect(b).toMatchObject({ reason: "completed", response: "plain answer to hello" });
			expect(one.messages.map((m) => m.role)).toEqual(["user", "assistant", "toolResult", "assistant"]);
			expect(two.messages.map((m) => m.role)).toEqual(["user", "assistant"]);
			expect(finished.sort()).toEqual([one.id, two.id].sort());
			expect(sandbox.sessionFiles()).toHaveLength(2);
		} finally {
			await weft.shutdown();
		}
	});
});
