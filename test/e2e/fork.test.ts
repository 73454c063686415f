/** `weft --fork ID` through the real binary: a new session file holding another's branch. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { MockLlm } from "../../src/testing/mock-llm/index.js";
import { extensionEventsFixture } from "../support/extension-events-fixture.js";
import { twoTurnSession } from "../support/two-turn-session.js";
import { runWeft, type Sandbox, withMockSandbox } from "../support/weft-cli.js";

describe("--fork", () => {
	let sandbox: Sandbox;
	let llm: MockLlm;

	withMockSandbox((made, started) => {
		sandbox = made;
		llm = started;
	});
	const { extension, withExtensions, recorded } = extensionEventsFixture(() => ({
		sandbox,
		llm,
		recordFile: join(sandbox.home, "..", "record.log"),
	}));

	const twoTurns = () => twoTurnSession(sandbox, llm);

	it("--fork starts a new session file with the history, and -p continues from it", async () => {
		const { file, id } = await twoTurns();
		const original = readFileSync(file, "utf8");

		llm.push({ text: "Forked answer." });
		const forked = await runWeft(sandbox, ["-p", "--fork", id.slice(0, 8), "what was the fruit?"]);
		expect(forked.stderr).toBe("");
		expect(forked.code).toBe(0);
		expect(forked.stdout).toBe("Forked answer.\n");

		const sent = JSON.stringify(llm.requests.at(-1)!.body);
		expect(sent).toContain("remember the fruit in notes.txt");
		expect(sent).toContain("fruit: kiwi");
		expect(sent).toContain("and a second question");
		expect(sent).toContain("what was the fruit?");

		const files = sandbox.sessionFiles();
		expect(files).toHaveLength(2);
		const fork = files.find((f) => f !== file)!;
		const [header, ...entries] = sandbox.readSession(fork);
		expect(header.parentSession).toBe(file);
		const originalIds = sandbox.readSession(file).map((e) => e.id);
		// The copied history keeps its ids; the new question comes after it.
		const messages = entries.filter((e) => e.type === "message");
		expect(messages.slice(0, -2).every((e) => originalIds.includes(e.id))).toBe(true);
		expect(readFileSync(file, "utf8")).toBe(original);
	});

	it("an extension's session_before_fork can cancel --fork: nothing is written, the reason is shown", async () => {
		const { file, id } = await twoTurns();
		const guard = extension(
			"no-forks",
			`weft.on("session_before_fork", (event) => {
				record(event.reason + " " + String(event.target));
				return { cancel: true, reason: "forks need a ticket" };
			});`,
		);
		const requests = llm.requests.length;
		const result = await runWeft(sandbox, ["-p", ...withExtensions(guard), "--fork", id, "hi"]);
		expect(result.code).not.toBe(0);
		expect(result.stderr).toMatch(/forking session \S+ was cancelled by an extension: forks need a ticket/);
		expect(recorded()).toEqual(["fork undefined"]);
		expect(sandbox.sessionFiles()).toEqual([file]);
		expect(llm.requests).toHaveLength(requests);
	});

	it("--fork with an unknown id fails like --resume, and can't be combined with --continue", async () => {
		const missing = await runWeft(sandbox, ["-p", "--fork", "nosuch", "hi"]);
		expect(missing.code).not.toBe(0);
		expect(missing.stderr).toMatch(/no session with id "nosuch"/);
		const both = await runWeft(sandbox, ["-p", "--fork", "abc", "--continue", "hi"]);
		expect(both.code).not.toBe(0);
		expect(both.stderr).toMatch(/--fork starts a new session file; it cannot be combined with --continue/);
		expect(sandbox.sessionFiles()).toEqual([]);
	});
});
