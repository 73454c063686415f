/**
 * A real AgentSession streaming from the scripted provider: its answer is
 * checkpointed while it streams, a session opened from the file meanwhile (as
 * after a kill) sees what had arrived, and the finished answer supersedes it.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { SCRIPTED_MODEL } from "../../test/support/scripted-session.js";
import { Kernel } from "../kernel/kernel.js";
import { BUILTIN_OWNER } from "../kernel/owner.js";
import type { ScriptedTurn } from "../testing/mock-llm/script.js";
import { scriptedProvider } from "../testing/scripted-provider.js";
import { AgentSession } from "./session.js";
import { INTERRUPTED_ANSWER_TEXT } from "./session-recovery.js";
import { SessionStore } from "./session-store.js";

const dirs: string[] = [];
afterEach(() => {
	for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function setup(turns: ScriptedTurn[]) {
	const dir = mkdtempSync(join(tmpdir(), "weft-session-checkpoints-"));
	dirs.push(dir);
	const kernel = new Kernel();
	const provider = scriptedProvider(turns, { name: SCRIPTED_MODEL.provider, model: SCRIPTED_MODEL });
	kernel.providers.register(SCRIPTED_MODEL.provider, provider, BUILTIN_OWNER);
	const session = new AgentSession({
		kernel,
		cwd: dir,
		mode: "sdk",
		model: SCRIPTED_MODEL,
		store: SessionStore.create({ home: dir, cwd: dir, persist: true }),
		systemPrompt: () => "You are weft.",
		retry: { maxRetries: 0 },
		// Written as soon as the event loop turns: the test waits for the text, not for a time.
		checkpoints: { intervalMs: 0 },
	});
	return { session, file: () => session.store.file! };
}

function checkpointed(file: string): string {
	return partials(file)
		.flatMap((line) => line.content.map((piece: any) => piece.text))
		.join("");
}

function partials(file: string): any[] {
	return readFileSync(file, "utf8")
		.trimEnd()
		.split("\n")
		.map((line) => JSON.parse(line))
		.filter((entry) => entry.type === "partial");
}

async function until(check: () => boolean): Promise<void> {
	for (let waited = 0; !check(); waited += 10) {
		if (waited > 20_000) throw new Error("condition not reached within 20 s");
		await new Promise((resolve) => setTimeout(resolve, 10));
	}
}

describe("streaming checkpoints in a session", () => {
	it("a reader of the file mid-stream gets the text so far as an interrupted answer; the abort supersedes it", async () => {
		const { session, file } = setup([{ text: "one two three four five", stallAfterChunks: 3 }]);
		const run = session.prompt("count");
		await until(() => existsSync(file()) && checkpointed(file()) === "one two three ");

		const meanwhile = SessionStore.open(file(), { persist: false }).buildContext().messages;
		expect(meanwhile.at(-1)).toMatchObject({
			role: "assistant",
			content: [{ type: "text", text: "one two three " }],
			stopReason: "aborted",
			errorMessage: INTERRUPTED_ANSWER_TEXT,
		});

		await session.abort();
		await run;
		const reopened = SessionStore.open(file(), { persist: true });
		expect(reopened.repairs).toEqual([]);
		const messages = reopened.buildContext().messages;
		expect(messages).toHaveLength(2);
		expect(messages[1]).toMatchObject({ stopReason: "aborted", errorMessage: "aborted by the user" });
		expect(reopened.getEntry(partials(file())[0].answerId)?.type).toBe("message");
	});

	it("a replacement loop that calls the stock loop gets checkpoints too", async () => {
		const { session, file } = setup([{ text: "alpha beta gamma", delayMs: 5 }]);
		session.setAgentLoop(
			(stock) => (ctx) => stock({ ...ctx, systemPrompt: `${ctx.systemPrompt} Be brief.` }),
		);
		const result = await session.prompt("go");
		expect(result.response).toBe("alpha beta gamma");
		expect(checkpointed(file())).toBe("alpha beta gamma");
		const answer = session.store.entries.at(-1)!;
		expect(answer.id).toBe(partials(file())[0].answerId);
	});
});
