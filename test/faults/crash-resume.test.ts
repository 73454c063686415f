/**
 * Killing weft at any moment loses nothing and breaks nothing: the real binary
 * is killed with SIGKILL at each stage of a turn, or its session file is
 * damaged, and the next `--continue` must send the mock LLM a conversation
 * every provider accepts, with everything that had arrived.
 */
import { readFileSync, utimesSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import type { ApiKind } from "../../src/kernel/provider.js";
import type { MockLlm, RecordedRequest } from "../../src/testing/mock-llm/index.js";
import {
	mockProviderSettings,
	runWeft,
	type Sandbox,
	waitFor,
	withMockSandbox,
} from "../support/weft-cli.js";

/** Generous: these wait for conditions a loaded machine may take long to reach, never for a time to pass. */
const CEILING_MS = 20_000;

/** The ids of tool calls in a request, and those not answered by a tool result right after their assistant message. */
function toolCallsIn(request: RecordedRequest): { calls: string[]; unanswered: string[] } {
	const messages: any[] = request.body.messages;
	const calls: string[] = [];
	const unanswered: string[] = [];
	messages.forEach((message, index) => {
		if (message.role !== "assistant") return;
		const answered = new Set<string>();
		let asked: string[];
		if (request.api === "openai-completions") {
			asked = (message.tool_calls ?? []).map((call: any) => call.id);
			for (let next = index + 1; messages[next]?.role === "tool"; next++)
				answered.add(messages[next].tool_call_id);
		} else {
			asked = (Array.isArray(message.content) ? message.content : [])
				.filter((block: any) => block.type === "tool_use")
				.map((block: any) => block.id);
			const next = messages[index + 1];
			for (const block of Array.isArray(next?.content) ? next.content : []) {
				if (block.type === "tool_result") answered.add(block.tool_use_id);
			}
		}
		calls.push(...asked);
		unanswered.push(...asked.filter((id) => !answered.has(id)));
	});
	return { calls, unanswered };
}

function sessionText(sandbox: Sandbox): string {
	const [file] = sandbox.sessionFiles();
	return file ? readFileSync(file, "utf8") : "";
}

function checkpointedText(sandbox: Sandbox): string {
	const [file] = sandbox.sessionFiles();
	if (!file) return "";
	return sandbox
		.readSession(file)
		.filter((entry) => entry.type === "partial")
		.flatMap((entry) => entry.content.map((piece: any) => piece.text ?? ""))
		.join("");
}

/** Ends a process group the killed weft left behind (its bash tool's); it may already be gone. */
function killGroup(pid: number): void {
	try {
		process.kill(-pid, "SIGKILL");
	} catch {
		// Already exited.
	}
}

describe("crash and resume", () => {
	let sandbox: Sandbox;
	let llm: MockLlm;

	withMockSandbox((made, started) => {
		sandbox = made;
		llm = started;
	});

	for (const api of ["openai-completions", "anthropic-messages"] satisfies ApiKind[]) {
		it(`kill -9 during a bash tool call, then -c: every tool call in the next ${api} request has a result`, async () => {
			sandbox.settings(mockProviderSettings(llm.baseUrlFor(api), api));
			const marker = join(sandbox.cwd, "tool-started.pid");
			llm.push({ toolCalls: [{ name: "bash", args: { command: `echo $$ > ${marker}; exec sleep 60` } }] });
			let toolPid = 0;
			try {
				const killed = await runWeft(sandbox, ["-p", "run the slow command"], {
					onSpawn: (child) => {
						waitFor(() => {
							const match = /^(\d+)\n/.exec(readOrEmpty(marker));
							if (match) toolPid = Number(match[1]);
							return toolPid > 0;
						}, CEILING_MS).then(
							() => child.kill("SIGKILL"),
							() => child.kill("SIGKILL"),
						);
					},
				});
				expect(killed.signal).toBe("SIGKILL");
				expect(toolPid).toBeGreaterThan(0);
			} finally {
				if (toolPid > 0) killGroup(toolPid);
			}
			const before = sessionText(sandbox);
			expect(sandbox.readSession(sandbox.sessionFiles()[0]).filter((e) => e.type === "message")).toHaveLength(
				2,
			);

			llm.push({ text: "Carried on." });
			const resumed = await runWeft(sandbox, ["-c", "-p", "next"]);
			expect(resumed.stderr).toMatch(/weft stopped during a tool call \(bash\); recorded it as interrupted/);
			expect(resumed.code).toBe(0);
			expect(resumed.stdout).toBe("Carried on.\n");

			const { calls, unanswered } = toolCallsIn(llm.requests[1]);
			expect(calls).toHaveLength(1);
			expect(unanswered).toEqual([]);
			expect(JSON.stringify(llm.requests[1].body)).toContain("Tool call interrupted");

			const after = sessionText(sandbox);
			expect(after.startsWith(before)).toBe(true);
			const repair = sandbox
				.readSession(sandbox.sessionFiles()[0])
				.find((entry) => entry.type === "message" && entry.message.details?.interrupted);
			expect(repair.message).toMatchObject({ role: "toolResult", toolName: "bash", isError: true });
		});
	}

	it("kill -9 mid-stream, then -c: the text that had arrived is in the conversation sent next", async () => {
		llm.push({ text: "Marker-4411 arrived before the kill and nothing else did", stallAfterChunks: 3 });
		const killed = await runWeft(sandbox, ["-p", "tell me"], {
			onSpawn: (child) => {
				waitFor(() => checkpointedText(sandbox) === "Marker-4411 arrived ", CEILING_MS).then(
					() => child.kill("SIGKILL"),
					() => child.kill("SIGKILL"),
				);
			},
		});
		expect(killed.signal).toBe("SIGKILL");
		expect(checkpointedText(sandbox)).toBe("Marker-4411 arrived ");

		llm.push({ text: "Resumed." });
		const resumed = await runWeft(sandbox, ["-c", "-p", "go on"]);
		expect(resumed.code).toBe(0);
		expect(resumed.stderr).toMatch(/restored an answer cut off while streaming/);
		const messages: any[] = llm.requests[1].body.messages;
		expect(messages.map((m) => m.role)).toEqual(["system", "user", "assistant", "user"]);
		expect(messages[2].content).toContain("Marker-4411 arrived");
		expect(messages[3].content).toContain("go on");

		const entries = sandbox.readSession(sandbox.sessionFiles()[0]);
		const answerId = entries.find((entry) => entry.type === "partial").answerId;
		const restored = entries.find((entry) => entry.id === answerId);
		expect(restored.message).toMatchObject({ role: "assistant", stopReason: "aborted" });
	});

	it("kill -9 after the user message is written, before any answer: -c sends it and the new prompt", async () => {
		llm.push({ text: "never arrives", stallAfterChunks: 0 });
		const killed = await runWeft(sandbox, ["-p", "question-3021 before the answer"], {
			onSpawn: (child) => {
				waitFor(
					() => llm.requests.length === 1 && sessionText(sandbox).includes("question-3021"),
					CEILING_MS,
				).then(
					() => child.kill("SIGKILL"),
					() => child.kill("SIGKILL"),
				);
			},
		});
		expect(killed.signal).toBe("SIGKILL");

		llm.push({ text: "Answered." });
		const resumed = await runWeft(sandbox, ["-c", "-p", "still there?"]);
		expect(resumed.code).toBe(0);
		// Nothing had streamed and no tool ran: there is nothing to repair.
		expect(resumed.stderr).not.toMatch(/interrupted|restored/);
		const sent = JSON.stringify(llm.requests[1].body);
		expect(sent).toContain("question-3021");
		expect(sent).toContain("still there?");
	});

	it("a corrupted middle line is skipped with a warning naming it; the messages before it are still sent", async () => {
		llm.push({ text: "First-answer-111." });
		expect((await runWeft(sandbox, ["-p", "question alpha-111"])).code).toBe(0);
		llm.push({ text: "Second-answer-222." });
		expect((await runWeft(sandbox, ["-c", "-p", "question beta-222"])).code).toBe(0);
		const [file] = sandbox.sessionFiles();
		const lines = readFileSync(file, "utf8").split("\n");
		const bad = lines.findIndex((line) => line.includes("beta-222"));
		expect(bad).toBeGreaterThan(1);
		expect(bad).toBeLessThan(lines.length - 2);
		lines[bad] = `${lines[bad].slice(0, 30)}\u0000garbage`;
		writeFileSync(file, lines.join("\n"));

		llm.push({ text: "Third." });
		const result = await runWeft(sandbox, ["-c", "-p", "question gamma-333"]);
		expect(result.code).toBe(0);
		expect(result.stderr).toContain(`${file}:${bad + 1}: skipped an unreadable line`);
		expect(result.stderr.trim().split("\n")).toHaveLength(1);
		const sent = JSON.stringify(llm.requests[2].body);
		for (const text of ["alpha-111", "First-answer-111", "Second-answer-222", "gamma-333"]) {
			expect(sent).toContain(text);
		}
	});

	it("an empty latest session file does not block -c: it is named once and the newest usable one continues", async () => {
		llm.push({ text: "Remembered." });
		expect((await runWeft(sandbox, ["-p", "the word is tangerine"])).code).toBe(0);
		const [file] = sandbox.sessionFiles();
		const empty = join(dirname(file), "2999-01-01T00-00-00-000Z_0e0e0e0e.jsonl");
		writeFileSync(empty, "");
		const later = Date.now() / 1000 + 60;
		utimesSync(empty, later, later);

		llm.push({ text: "Tangerine." });
		const result = await runWeft(sandbox, ["-c", "-p", "what was the word?"]);
		expect(result.code).toBe(0);
		expect(result.stdout).toBe("Tangerine.\n");
		expect(result.stderr.trim().split("\n")).toEqual([
			`weft: --continue skipped ${empty}: the file is empty (the file is left untouched)`,
		]);
		expect(JSON.stringify(llm.requests[1].body)).toContain("tangerine");
		expect(readFileSync(empty, "utf8")).toBe("");
	});

	it("-c with only an empty session file starts a new session and says which file it skipped", async () => {
		llm.push({ text: "Remembered." });
		expect((await runWeft(sandbox, ["-p", "hello"])).code).toBe(0);
		const [file] = sandbox.sessionFiles();
		writeFileSync(file, "");

		llm.push({ text: "Fresh start." });
		const result = await runWeft(sandbox, ["-c", "-p", "anyone?"]);
		expect(result.code).toBe(0);
		expect(result.stdout).toBe("Fresh start.\n");
		expect(result.stderr).toContain(`--continue skipped ${file}: the file is empty`);
		expect(sandbox.sessionFiles()).toHaveLength(2);
		const messages: any[] = llm.requests[1].body.messages;
		expect(messages.map((m) => m.role)).toEqual(["system", "user"]);
	});

	it("a stream that fails midway in -p: what arrived on stdout, the error on stderr, exit code 1", async () => {
		llm.push({ text: "Half an answer then the connection drops", dropAfterChunks: 4, delayMs: 20 });
		const result = await runWeft(sandbox, ["-p", "talk"]);
		expect(result.code).toBe(1);
		expect(result.stdout).toBe("Half an answer \n");
		expect(result.stderr).toMatch(/^weft: /);
		expect(result.stderr.trim().split("\n")).toHaveLength(1);
		expect(llm.requests).toHaveLength(1);
	});
});

function readOrEmpty(file: string): string {
	try {
		return readFileSync(file, "utf8");
	} catch {
		return "";
	}
}
