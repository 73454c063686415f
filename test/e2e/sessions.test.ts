/** Sessions across runs: --continue after a kill -9, --resume, --session, --no-session. */
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { MockLlm } from "../../src/testing/mock-llm/index.js";
import { runWeft, type Sandbox, waitFor, withMockSandbox } from "../support/weft-cli.js";

describe("sessions", () => {
	let sandbox: Sandbox;
	let llm: MockLlm;

	withMockSandbox((made, started) => {
		sandbox = made;
		llm = started;
	});

	it("loses nothing complete when killed with SIGKILL mid-turn, and --continue picks it up", async () => {
		writeFileSync(join(sandbox.cwd, "data.txt"), "payload-7781\n");
		llm.push(
			{ toolCalls: [{ name: "read", args: { path: "data.txt" } }] },
			{ text: "partial answ", stallAfterChunks: 2 },
		);
		const killed = await runWeft(sandbox, ["-p", "first question"], {
			onSpawn: (child) => {
				waitFor(() => llm.requests.length === 2).then(() => setTimeout(() => child.kill("SIGKILL"), 150));
			},
		});
		expect(killed.signal).toBe("SIGKILL");
		const [file] = sandbox.sessionFiles();
		const before = sandbox.readSession(file).filter((e) => e.type === "message");
		expect(before.map((e) => e.message.role)).toEqual(["user", "assistant", "toolResult"]);

		llm.push({ text: "Continued fine." });
		const resumed = await runWeft(sandbox, ["-p", "--continue", "second question"]);
		expect(resumed.code).toBe(0);
		expect(resumed.stdout).toBe("Continued fine.\n");
		const sent = JSON.stringify(llm.requests[2].body);
		expect(sent).toContain("first question");
		expect(sent).toContain("payload-7781");
		expect(sent).toContain("second question");
		expect(sandbox.sessionFiles()).toEqual([file]);
		// The stalled answer is restored from its checkpoints if one was written before the kill (timing decides).
		const after = sandbox
			.readSession(file)
			.filter((e) => e.type === "message" && e.message.stopReason !== "aborted");
		expect(after.map((e) => e.message.role)).toEqual([
			"user",
			"assistant",
			"toolResult",
			"user",
			"assistant",
		]);
	});

	it("skips a torn last line with a warning and continues the session", async () => {
		llm.push({ text: "One." });
		await runWeft(sandbox, ["-p", "first"]);
		const [file] = sandbox.sessionFiles();
		// Streaming checkpoints may add a line, so the torn line's number is counted, not assumed.
		const tornLine = sandbox.readSession(file).length + 1;
		writeFileSync(file, '{"type":"message","id":"torn', { flag: "a" });
		llm.push({ text: "Two." });
		const result = await runWeft(sandbox, ["-p", "-c", "second"]);
		expect(result.code).toBe(0);
		expect(result.stdout).toBe("Two.\n");
		expect(result.stderr).toMatch(
			new RegExp(`^weft: \\S+\\.jsonl:${tornLine}: skipped an incomplete last line`),
		);
		expect(JSON.stringify(llm.requests[1].body)).toContain("first");
	});

	it("resumes a session by id prefix and by file", async () => {
		llm.push({ text: "A." });
		await runWeft(sandbox, ["-p", "remember the word tangerine"]);
		const [file] = sandbox.sessionFiles();
		const id = sandbox.readSession(file)[0].id as string;

		llm.push({ text: "B." });
		expect((await runWeft(sandbox, ["-p", "--resume", id.slice(0, 6), "what word?"])).code).toBe(0);
		expect(JSON.stringify(llm.requests[1].body)).toContain("tangerine");

		llm.push({ text: "C." });
		expect((await runWeft(sandbox, ["-p", "--session", file, "again?"])).code).toBe(0);
		expect(JSON.stringify(llm.requests[2].body)).toContain("tangerine");
		expect(sandbox.sessionFiles()).toHaveLength(1);
	});

	it("fails clearly for an unknown session id", async () => {
		const result = await runWeft(sandbox, ["-p", "--resume", "nosuchid", "hi"]);
		expect(result.code).toBe(1);
		expect(result.stderr).toContain('no session with id "nosuchid"');
	});

	it("writes nothing with --no-session", async () => {
		llm.push({ text: "Ephemeral." });
		const result = await runWeft(sandbox, ["-p", "--no-session", "hi"]);
		expect(result.code).toBe(0);
		expect(existsSync(join(sandbox.home, "sessions"))).toBe(false);
	});
});
