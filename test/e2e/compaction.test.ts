/**
 * Compaction through the real binary against the mock LLM: automatic
 * compaction keeps every request inside a small window, overflow recovery
 * compacts and retries once, resuming rebuilds exactly the compacted
 * context, and a kill -9 while the summary is being written loses nothing.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { MockLlm, RecordedRequest, ScriptEntry } from "../../src/testing/mock-llm/index.js";
import { runWeft, type Sandbox, waitFor, withMockSandbox } from "../support/weft-cli.js";

const LEAN = ["--tools", "read", "--system-prompt", "You are weft."];
const words = (n: number, tag: string) => Array.from({ length: n }, (_, i) => `${tag}${i}`).join(" ");

const isSummaryRequest = (request: RecordedRequest) =>
	JSON.stringify(request.body.messages[0]).includes("You summarise conversations");
const bodyText = (request: RecordedRequest) => JSON.stringify(request.body);

/** Answers every request: summaries with a marked summary, the rest with `answer(i)`. */
function responder(answer: (i: number) => string): ScriptEntry {
	let summaries = 0;
	let answers = 0;
	return (request) =>
		isSummaryRequest(request)
			? { text: `SUMMARY-${++summaries}: the user asked numbered questions; keep answering them.` }
			: { text: answer(answers++) };
}

function settingsWith(
	llm: MockLlm,
	model: Record<string, unknown>,
	compaction: Record<string, unknown> = {},
) {
	return {
		providers: {
			mock: {
				api: "openai-completions",
				baseUrl: llm.baseUrlFor("openai-completions"),
				apiKey: "test-key",
				models: [{ id: "mock-model", ...model }],
			},
		},
		retry: { baseDelayMs: 5 },
		compaction,
	};
}

function entriesOf(sandbox: Sandbox, type: string): any[] {
	const [file] = sandbox.sessionFiles();
	return sandbox.readSession(file).filter((e) => e.type === type);
}

describe("compaction", () => {
	let sandbox: Sandbox;
	let llm: MockLlm;

	withMockSandbox((made, started) => {
		sandbox = made;
		llm = started;
	});

	it("compacts automatically so that every request of a long session stays inside a small window", async () => {
		const window = 3_000;
		sandbox.settings(
			settingsWith(
				llm,
				{ contextWindow: window, maxOutput: 400 },
				{ reserveTokens: 1_000, keepRecentTokens: 600 },
			),
		);
		const answer = responder((i) => `answer ${i}: ${words(80, `a${i}x`)}`);
		for (let i = 0; i < 40; i++) llm.push(answer);

		for (let i = 0; i < 12; i++) {
			const run = await runWeft(sandbox, [
				...LEAN,
				...(i > 0 ? ["-c"] : []),
				"-p",
				`question ${i}: ${words(60, `q${i}x`)}`,
			]);
			expect(run.code, run.stderr).toBe(0);
			expect(run.stdout).toContain(`answer ${i}:`);
		}

		const compactions = entriesOf(sandbox, "compaction");
		expect(compactions.length).toBeGreaterThan(0);
		expect(compactions.every((c) => c.reason === "threshold")).toBe(true);
		// The mock counts a request's tokens as a quarter of its body's characters.
		for (const request of llm.requests) expect(bodyText(request).length / 4).toBeLessThanOrEqual(window);
		const last = bodyText(llm.requests.at(-1)!);
		expect(last).toContain(`SUMMARY-${compactions.length}`);
		expect(last).not.toContain("question 0:");
		expect(last).toContain("question 11:");
		// The full history stays in the file.
		expect(entriesOf(sandbox, "message").filter((e) => e.message.role === "user")).toHaveLength(12);
	});

	it("compacts inside one long turn of tool calls, at a model step, and finishes it inside the window", async () => {
		const window = 3_000;
		sandbox.settings(
			settingsWith(
				llm,
				{ contextWindow: window, maxOutput: 400 },
				{ reserveTokens: 1_000, keepRecentTokens: 600 },
			),
		);
		writeFileSync(join(sandbox.cwd, "notes.txt"), `${words(150, "line")}\n`);
		let steps = 0;
		const step: ScriptEntry = (request) => {
			if (isSummaryRequest(request)) return { text: "SUMMARY: read notes.txt repeatedly; keep going." };
			steps++;
			return steps <= 12
				? { text: `step ${steps}`, toolCalls: [{ name: "read", args: { path: "notes.txt" } }] }
				: { text: "all steps done" };
		};
		for (let i = 0; i < 30; i++) llm.push(step);

		const run = await runWeft(sandbox, [...LEAN, "-p", "read notes.txt twelve times"]);
		expect(run.code, run.stderr).toBe(0);
		expect(run.stdout).toContain("all steps done");
		const compactions = entriesOf(sandbox, "compaction");
		expect(compactions.length).toBeGreaterThan(0);
		for (const request of llm.requests) expect(bodyText(request).length / 4).toBeLessThanOrEqual(window);
		// The cut falls at an answer (a step), so the kept part never starts with a tool result.
		const messages = new Map(entriesOf(sandbox, "message").map((e) => [e.id, e.message]));
		for (const compaction of compactions)
			expect(messages.get(compaction.firstKeptEntryId)?.role).toBe("assistant");
	});

	it("recovers from an overflow error by compacting and retrying once; resuming rebuilds the compacted context", async () => {
		sandbox.settings(settingsWith(llm, { contextWindow: 32_768 }, { keepRecentTokens: 100 }));
		for (let i = 0; i < 3; i++) {
			llm.push({ text: `answer ${i}` });
			const run = await runWeft(sandbox, [
				...LEAN,
				...(i > 0 ? ["-c"] : []),
				"-p",
				`question ${i}: ${words(40, `q${i}x`)}`,
			]);
			expect(run.code, run.stderr).toBe(0);
		}
		llm.push(
			{ error: { status: 400, message: "prompt is too long: 250000 tokens > 200000 maximum" } },
			{ text: "SUMMARY-1: questions 0 to 2 were answered." },
			{ text: "answer 3" },
		);
		const run = await runWeft(sandbox, [...LEAN, "-c", "--mode", "json", "question 3"]);
		expect(run.code, run.stderr).toBe(0);
		const lines = run.stdout
			.trim()
			.split("\n")
			.map((line) => JSON.parse(line));
		const types = lines.map((line) => line.type);
		for (const type of ["compaction_start", "session_before_compact", "session_compact", "compaction_end"])
			expect(types, type).toContain(type);
		expect(lines.find((l) => l.type === "compaction_end")).toMatchObject({
			reason: "overflow",
			outcome: { status: "compacted" },
		});
		expect(lines.find((l) => l.type === "agent_end")).toMatchObject({
			reason: "completed",
			response: "answer 3",
		});

		const [compaction] = entriesOf(sandbox, "compaction");
		expect(compaction).toMatchObject({
			reason: "overflow",
			summary: "SUMMARY-1: questions 0 to 2 were answered.",
		});
		const retried = llm.requests.at(-1)!;
		expect(bodyText(retried)).toContain("SUMMARY-1");
		expect(bodyText(retried)).not.toContain("question 0:");
		expect(bodyText(retried)).toContain("question 3");

		// Resuming sends exactly the compacted context, then the answer and the new prompt.
		llm.push({ text: "answer 4" });
		const resumed = await runWeft(sandbox, [...LEAN, "-c", "-p", "question 4"]);
		expect(resumed.code, resumed.stderr).toBe(0);
		const before = retried.body.messages;
		const after = llm.requests.at(-1)!.body.messages;
		expect(after.slice(0, before.length)).toEqual(before);
		expect(after.slice(before.length).map((m: any) => m.role)).toEqual(["assistant", "user"]);
		expect(JSON.stringify(after.at(-1))).toContain("question 4");
	});

	it("loses nothing when killed with SIGKILL while the summary is being written", async () => {
		sandbox.settings(settingsWith(llm, { contextWindow: 32_768 }, { keepRecentTokens: 100 }));
		for (let i = 0; i < 3; i++) {
			llm.push({ text: `answer ${i}` });
			await runWeft(sandbox, [
				...LEAN,
				...(i > 0 ? ["-c"] : []),
				"-p",
				`question ${i}: ${words(40, `q${i}x`)}`,
			]);
		}
		const requestsBefore = llm.requests.length;
		const [file] = sandbox.sessionFiles();
		const entriesBefore = sandbox.readSession(file);
		llm.push(
			{ error: { status: 400, message: "prompt is too long: 250000 tokens > 200000 maximum" } },
			{ text: "never sent", holdUntil: () => new Promise(() => {}) },
		);
		const killed = await runWeft(sandbox, [...LEAN, "-c", "-p", "question 3"], {
			onSpawn: (child) => {
				waitFor(() => llm.requests.length === requestsBefore + 2).then(() => child.kill("SIGKILL"));
			},
		});
		expect(killed.signal).toBe("SIGKILL");
		expect(isSummaryRequest(llm.requests.at(-1)!)).toBe(true);
		const entriesAfter = sandbox.readSession(file);
		expect(entriesAfter.slice(0, entriesBefore.length)).toEqual(entriesBefore);
		expect(entriesAfter.filter((e) => e.type === "compaction")).toEqual([]);

		llm.push({ text: "answer 4" });
		const resumed = await runWeft(sandbox, [...LEAN, "-c", "-p", "question 4"]);
		expect(resumed.code, resumed.stderr).toBe(0);
		expect(resumed.stdout).toBe("answer 4\n");
		const sent = bodyText(llm.requests.at(-1)!);
		for (const text of ["question 0:", "answer 2", "question 3", "question 4"]) expect(sent).toContain(text);
	});
});
