/**
 * The real `weft` binary against the mock LLM server, once per wire format:
 * a streamed answer, and a read-a-file-then-answer tool round trip.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { ApiKind } from "../../src/kernel/provider.js";
import { type MockLlm, startMockLlm } from "../../src/testing/mock-llm/index.js";
import { makeSandbox, mockProviderSettings, runWeft, type Sandbox } from "../support/weft-cli.js";

const APIS: ApiKind[] = [
	"openai-completions",
	"openai-responses",
	"anthropic-messages",
	"google-generative-ai",
];

/** Where each wire format carries a tool result back to the model. */
function requestMentions(body: unknown, text: string): boolean {
	return JSON.stringify(body).includes(text);
}

describe.each(APIS)("weft -p over %s", (api) => {
	let sandbox: Sandbox;
	let llm: MockLlm;

	beforeEach(async () => {
		sandbox = makeSandbox();
		llm = await startMockLlm({ script: [] });
		sandbox.settings(mockProviderSettings(llm.baseUrlFor(api), api));
	});
	afterEach(async () => {
		await llm.close();
		sandbox.cleanup();
	});

	it("prints the streamed answer and exits 0", async () => {
		llm.push({ text: "Hello from the mock model, streamed in pieces." });
		const result = await runWeft(sandbox, ["-p", "say hello"]);
		expect(result.stderr).toBe("");
		expect(result.code).toBe(0);
		expect(result.stdout).toBe("Hello from the mock model, streamed in pieces.\n");
		expect(requestMentions(llm.requests[0].body, "say hello")).toBe(true);
	});

	it("reads a file with the read tool, sends the content back, then answers", async () => {
		writeFileSync(join(sandbox.cwd, "notes.txt"), "the secret number is 4217\n");
		llm.push({ toolCalls: [{ name: "read", args: { path: "notes.txt" } }] }, { text: "The number is 4217." });
		const result = await runWeft(sandbox, ["-p", "what number is in notes.txt?"]);
		expect(result.code).toBe(0);
		expect(result.stdout).toBe("The number is 4217.\n");
		expect(llm.requests).toHaveLength(2);
		expect(requestMentions(llm.requests[1].body, "the secret number is 4217")).toBe(true);
		const entries = sandbox.readSession(sandbox.sessionFiles()[0]);
		const roles = entries.filter((e) => e.type === "message").map((e) => e.message.role);
		expect(roles).toEqual(["user", "assistant", "toolResult", "assistant"]);
	});
});
