import { afterEach, describe, expect, it } from "vitest";
import { type ExtensionRun, runExtensions } from "weft/testing";
import redactSecrets, { redact } from "./index.js";

const runs: ExtensionRun[] = [];
afterEach(async () => {
	for (const run of runs.splice(0)) await run.dispose();
});

const OPENAI_KEY = "sk-proj-abcdefghijklmnopqrstuvwxyz012345";
const AWS_KEY = "AKIAIOSFODNN7EXAMPLE";

describe("redact-secrets", () => {
	it("redacts keys in a tool result before the model sees it; the tool's own output still had them", async () => {
		const run = await runExtensions({
			extensions: [redactSecrets],
			files: {
				".env": `OPENAI_API_KEY=${OPENAI_KEY}\nDB_PASSWORD=hunter2hunter2\nAWS=${AWS_KEY}\nPORT=8080\n`,
			},
			script: [
				{ toolCalls: [{ name: "read", args: { path: ".env" } }] },
				{ text: "It sets three secrets and a port." },
			],
			prompt: "what is in .env?",
		});
		runs.push(run);
		const [read] = run.toolCalls;
		expect(read.output?.text).toContain(OPENAI_KEY);
		expect(read.result.text).toBe(
			"OPENAI_API_KEY=[REDACTED:api-key]\nDB_PASSWORD=[REDACTED:secret]\nAWS=[REDACTED:aws-access-key]\nPORT=8080",
		);
		expect(JSON.stringify(run.requests[1].messages)).not.toContain(OPENAI_KEY);
	});

	it("redacts a key in the displayed answer while the session keeps what the model said", async () => {
		const run = await runExtensions({
			extensions: [redactSecrets],
			script: [{ text: `Use the key ${OPENAI_KEY} for now.` }],
			prompt: "which key?",
		});
		runs.push(run);
		expect(run.output).toBe("Use the key [REDACTED:api-key] for now.");
		expect(run.result?.response).toBe(`Use the key ${OPENAI_KEY} for now.`);
	});

	it("leaves text without secrets alone", async () => {
		const run = await runExtensions({
			extensions: [redactSecrets],
			files: { "a.txt": "token count: 42\npassword policy: long\n" },
			script: [{ toolCalls: [{ name: "read", args: { path: "a.txt" } }] }, { text: "fine" }],
			prompt: "read a.txt",
		});
		runs.push(run);
		expect(run.toolCalls[0].result.text).toBe(run.toolCalls[0].output?.text);
		expect(run.output).toBe("fine");
	});

	it("knows the common key shapes", () => {
		expect(redact("ghp_0123456789abcdefghijklmnopqrstuvwxyzAB").text).toBe("[REDACTED:github-token]");
		expect(redact('{"apiKey": "abc123def456"}').text).toBe('{"apiKey": "[REDACTED:secret]"}');
		expect(redact("-----BEGIN RSA PRIVATE KEY-----\nMIIE\n-----END RSA PRIVATE KEY-----").text).toBe(
			"[REDACTED:private-key]",
		);
		expect(redact("the sk-short key").count).toBe(0);
	});
});
