import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { afterEach, describe, expect, it } from "vitest";
import { type MockLlm, type RecordedRequest, startMockLlm } from "./index.js";

let llm: MockLlm | undefined;
afterEach(async () => {
	await llm?.close();
	llm = undefined;
});

function post(path: string, body: unknown, headers: Record<string, string> = {}) {
	return fetch(`${llm!.url}${path}`, {
		method: "POST",
		headers: { "content-type": "application/json", ...headers },
		body: JSON.stringify(body),
	});
}

/** The JSON payloads of an SSE body, in order (`[DONE]` kept as a string). */
function dataLines(sse: string): unknown[] {
	return sse
		.split("\n")
		.filter((line) => line.startsWith("data: "))
		.map((line) => line.slice(6))
		.map((data) => (data === "[DONE]" ? data : JSON.parse(data)));
}

describe("the mock LLM server", () => {
	it("answers each request with the next turn, whatever the route, and records it", async () => {
		llm = await startMockLlm({ script: [{ text: "first" }, { text: "second" }] });
		expect(llm.remaining()).toBe(2);

		await (await post("/v1/messages", { model: "claude-x", stream: true }, { "x-api-key": "abc" })).text();
		const google = await post("/v1beta/models/gemini-x:streamGenerateContent?alt=sse", { contents: [] });
		expect(dataLines(await google.text())).toContainEqual(
			expect.objectContaining({ candidates: [expect.objectContaining({ content: expect.anything() })] }),
		);

		expect(llm.remaining()).toBe(0);
		expect(llm.requests.map((r) => [r.api, r.path, r.query])).toEqual([
			["anthropic-messages", "/v1/messages", ""],
			["google-generative-ai", "/v1beta/models/gemini-x:streamGenerateContent", "alt=sse"],
		]);
		expect(llm.requests[0].headers["x-api-key"]).toBe("abc");
		expect(llm.requests[0].body).toEqual({ model: "claude-x", stream: true });
	});

	it("gives function turns the recorded request", async () => {
		const seen: RecordedRequest[] = [];
		llm = await startMockLlm({
			script: [
				(request) => {
					seen.push(request);
					return { text: `you said ${request.body.messages[0].content}` };
				},
			],
		});
		const response = await post("/v1/chat/completions", {
			model: "m",
			stream: true,
			messages: [{ content: "hi" }],
		});
		const text = dataLines(await response.text())
			.map((chunk: any) => chunk?.choices?.[0]?.delta?.content ?? "")
			.join("");

		expect(seen[0].path).toBe("/v1/chat/completions");
		expect(text).toBe("you said hi");
	});

	it("streams chat completions with usage only when asked, and ends with [DONE]", async () => {
		llm = await startMockLlm({ script: [{ text: "abcdefghij", deltas: 5 }, { text: "x" }] });
		const flood = dataLines(await (await post("/v1/chat/completions", { model: "m", stream: true })).text());
		const contents = flood.map((c: any) => c?.choices?.[0]?.delta?.content).filter(Boolean);
		expect(contents).toEqual(["ab", "cd", "ef", "gh", "ij"]);
		expect(flood.at(-1)).toBe("[DONE]");
		expect(flood.some((c: any) => c?.usage)).toBe(false);

		const body = { model: "m", stream: true, stream_options: { include_usage: true } };
		const withUsage = dataLines(await (await post("/v1/chat/completions", body)).text());
		expect(withUsage.at(-2)).toMatchObject({ choices: [], usage: { prompt_tokens: expect.any(Number) } });
	});

	it("answers error turns in the route's format with Retry-After", async () => {
		llm = await startMockLlm({
			script: [{ error: { status: 429, message: "slow down", retryAfterSeconds: 7 } }],
		});
		const response = await post("/v1/messages", {});

		expect(response.status).toBe(429);
		expect(response.headers.get("retry-after")).toBe("7");
		expect(await response.json()).toEqual({
			type: "error",
			error: { type: "rate_limit_error", message: "slow down" },
		});
	});

	it("answers 500 'mock script exhausted' when no turns are left", async () => {
		llm = await startMockLlm({ script: [] });
		const response = await post("/v1/responses", { model: "m" });

		expect(response.status).toBe(500);
		expect(JSON.stringify(await response.json())).toContain("mock script exhausted");
		expect(llm.requests).toHaveLength(1);
	});

	it("answers unknown routes with 404 without using a turn", async () => {
		llm = await startMockLlm({ script: [{ text: "kept" }] });
		const response = await post("/v2/other", {});

		expect(response.status).toBe(404);
		expect(llm.remaining()).toBe(1);
		expect(llm.requests).toHaveLength(0);
	});

	it("sends one corrupt data line mid-stream when the turn is malformed", async () => {
		llm = await startMockLlm({ script: [{ text: "one two three", malformed: true }] });
		const sse = await (await post("/v1/chat/completions", { model: "m", stream: true })).text();
		const bad = sse.split("\n").filter((line) => line.startsWith("data: ") && line !== "data: [DONE]");
		expect(bad.filter((line) => !isJson(line.slice(6)))).toHaveLength(1);
	});

	it("names the base URL each SDK expects", async () => {
		llm = await startMockLlm({ script: [] });
		expect(llm.baseUrlFor("openai-completions")).toBe(`${llm.url}/v1`);
		expect(llm.baseUrlFor("anthropic-messages")).toBe(`${llm.url}/v1`);
		expect(llm.baseUrlFor("google-generative-ai")).toBe(`${llm.url}/v1beta`);
		expect(llm.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
	});

	it("closes even while a stream is stalled", async () => {
		llm = await startMockLlm({ script: [{ text: "a b c", stallAfterChunks: 1 }] });
		const response = await post("/v1/chat/completions", { model: "m", stream: true });
		const reader = response.body!.getReader();
		await reader.read();
		const pending = reader.read().catch((error: unknown) => error);
		await llm.close();
		llm = undefined;
		expect(await pending).toBeInstanceOf(Error);
	});
});

describe("the mock LLM command", () => {
	let child: ChildProcess | undefined;
	let dir: string | undefined;
	afterEach(() => {
		if (child && child.exitCode === null) child.kill("SIGKILL");
		if (dir) rmSync(dir, { recursive: true, force: true });
	});

	it("prints its URL as one JSON line, serves the script and exits on SIGTERM", async () => {
		dir = mkdtempSync(join(tmpdir(), "weft-mock-llm-"));
		const outfile = join(dir, "cli.mjs");
		const entry = fileURLToPath(new URL("./cli.ts", import.meta.url));
		await build({
			entryPoints: [entry],
			bundle: true,
			platform: "node",
			format: "esm",
			outfile,
			logLevel: "silent",
		});
		const script = join(dir, "script.json");
		writeFileSync(script, JSON.stringify([{ text: "from the cli" }]));

		child = spawn(process.execPath, [outfile, "--script", script], { stdio: ["ignore", "pipe", "pipe"] });
		const line = await new Promise<string>((resolve, reject) => {
			child!.stdout!.once("data", (data: Buffer) => resolve(data.toString()));
			child!.once("exit", (code) => reject(new Error(`mock-llm exited with ${code}`)));
		});
		const { url } = JSON.parse(line) as { url: string };
		const sse = await (
			await fetch(`${url}/v1/chat/completions`, {
				method: "POST",
				body: JSON.stringify({ model: "m", stream: true }),
			})
		).text();
		expect(sse).toContain('"content":"from "');

		const exited = new Promise<number | null>((resolve) => child!.once("exit", resolve));
		child.kill("SIGTERM");
		expect(await exited).toBe(0);
	});
});

function isJson(text: string): boolean {
	try {
		JSON.parse(text);
		return true;
	} catch {
		return false;
	}
}
