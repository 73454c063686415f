/**
 * The stock loop's `terminate`: a tool result may end the run after the
 * answer's tools without asking the model again, but only when every result
 * of that answer says so (pi's rule); the session stays valid to go on from.
 */
import { rmSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { createScriptedSession } from "../../test/support/scripted-session.js";
import type { ToolResultMessage } from "../kernel/messages.js";
import type { ToolDefinition } from "../kernel/tool.js";
import { type ScriptedProviderEntry, scriptedProvider } from "../testing/scripted-provider.js";

const dirs: string[] = [];
afterEach(() => {
	for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const answerTool: ToolDefinition = {
	name: "final_answer",
	description: "Give the final structured answer",
	parameters: { type: "object", properties: { answer: { type: "string" } } },
	execute: (args) => ({ content: `answer: ${String(args.answer)}`, details: args, terminate: true }),
};

function setup(script: ScriptedProviderEntry[]) {
	const provider = scriptedProvider(script);
	const { kernel, session } = createScriptedSession({ provider, prefix: "weft-loop-terminate-", dirs });
	kernel.tools.register(answerTool.name, answerTool, "test-ext");
	return { provider, session };
}

const answerCall = (answer: string): ScriptedProviderEntry => ({
	toolCalls: [{ name: "final_answer", args: { answer } }],
});

describe("terminate", () => {
	it("ends the run after a terminating tool without another model call, and the next prompt goes on from it", async () => {
		const h = setup([answerCall("42")]);
		const first = await h.session.prompt("what is it?");
		expect(first.reason).toBe("completed");
		expect(h.provider.requests).toHaveLength(1);
		const last = h.session.messages.at(-1) as ToolResultMessage;
		expect(last).toMatchObject({ role: "toolResult", toolName: "final_answer", terminate: true });

		h.provider.push({ text: "it was 42" });
		const second = await h.session.prompt("say it in words");
		expect(second).toMatchObject({ reason: "completed", response: "it was 42" });
		expect(h.provider.requests[1].messages.map((m) => m.role)).toEqual([
			"user",
			"assistant",
			"toolResult",
			"user",
		]);
		// Loaded again from the file, the conversation is the same.
		const roles = h.session.store.buildContext().messages.map((m) => m.role);
		expect(roles).toEqual(["user", "assistant", "toolResult", "user", "assistant"]);
	});

	it("asks the model again when any other result of the same answer does not terminate", async () => {
		const h = setup([
			{
				toolCalls: [
					{ name: "final_answer", args: { answer: "a" } },
					{ name: "ls", args: {} },
				],
			},
			{ text: "done" },
		]);
		const result = await h.session.prompt("go");
		expect(result).toMatchObject({ reason: "completed", response: "done" });
		expect(h.provider.requests).toHaveLength(2);
	});

	it("still delivers a follow-up queued during the run", async () => {
		const h = setup([answerCall("x"), { text: "followed up" }]);
		const run = h.session.prompt("go");
		await h.session.followUp("and then?");
		const result = await run;
		expect(result).toMatchObject({ reason: "completed", response: "followed up" });
		expect(h.provider.requests).toHaveLength(2);
	});
});
