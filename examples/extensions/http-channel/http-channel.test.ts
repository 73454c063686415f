import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createWeft, type Weft } from "weft";
import { type MockLlm, startMockLlm } from "weft/testing";
import { httpChannel } from "./index.js";

let dir: string;
let llm: MockLlm;
let weft: Weft | undefined;

beforeEach(async () => {
	dir = mkdtempSync(join(tmpdir(), "weft-http-channel-"));
	llm = await startMockLlm({ script: [] });
});
afterEach(async () => {
	await weft?.shutdown();
	await llm.close();
	rmSync(dir, { recursive: true, force: true });
});

async function startChannel(): Promise<string> {
	let url = "";
	weft = await createWeft({
		cwd: dir,
		home: dir,
		env: {},
		settings: {
			providers: {
				mock: {
					api: "openai-completions",
					baseUrl: llm.baseUrlFor("openai-completions"),
					apiKey: "test-key",
					models: [{ id: "mock-model" }],
				},
			},
		},
		extensions: [
			{ name: "http-channel", extension: httpChannel({ port: 0, onListening: (u) => (url = u) }) },
		],
	});
	await weft.channels.start("http");
	return url;
}

const post = (url: string, body: unknown) =>
	fetch(`${url}/prompt`, { method: "POST", body: typeof body === "string" ? body : JSON.stringify(body) });

describe("http-channel", () => {
	it("answers POST /prompt from a new session, then continues that session by its id", async () => {
		const url = await startChannel();
		llm.push({ text: "hello over http" }, { text: "second answer" });

		const first = await post(url, { text: "hi" });
		expect(first.status).toBe(200);
		const answer = await first.json();
		expect(answer).toMatchObject({ answer: "hello over http", reason: "completed" });

		const second = await (await post(url, { text: "again", sessionId: answer.sessionId })).json();
		expect(second).toEqual({ sessionId: answer.sessionId, answer: "second answer", reason: "completed" });
		expect(weft?.sessions.list().map((s) => s.id)).toEqual([answer.sessionId]);
		// The second request carried the whole conversation.
		expect(llm.requests[1].body.messages.map((m: { role: string }) => m.role)).toEqual([
			"system",
			"user",
			"assistant",
			"user",
		]);
	});

	it("says what is wrong with a bad request, and stops serving when the channel stops", async () => {
		const url = await startChannel();

		const bad = await post(url, "not json");
		expect(bad.status).toBe(400);
		expect((await bad.json()).error).toMatch(/the body must be JSON/);
		const unknown = await post(url, { text: "hi", sessionId: "nope" });
		expect(unknown.status).toBe(404);
		expect((await unknown.json()).error).toMatch(/no open session "nope"/);

		await weft?.channels.stop("http");
		await expect(post(url, { text: "hi" })).rejects.toThrow();
	});
});
