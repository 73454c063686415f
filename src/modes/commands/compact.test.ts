import { rmSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { createScriptedSession } from "../../../test/support/scripted-session.js";
import { NonInteractiveUI } from "../../extensions/non-interactive-ui.js";
import { decoratePort } from "../../kernel/ui-port.js";
import type { ScriptedProviderEntry } from "../../testing/scripted-provider.js";
import { scriptedProvider } from "../../testing/scripted-provider.js";
import { EXIT_ERROR, EXIT_OK } from "../exit-codes.js";
import { runPromptCommand } from "./prompt-command.js";

const dirs: string[] = [];
afterEach(() => {
	for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function setup(script: ScriptedProviderEntry[]) {
	const provider = scriptedProvider(script);
	const { session } = createScriptedSession({ provider, prefix: "weft-compact-command-", dirs });
	const ui = new NonInteractiveUI();
	const notes = () => ui.notifications.map((n) => `${n.level}: ${n.message}`);
	return { session, ui, provider, notes };
}

const long = "word ".repeat(3_000);

describe("/compact", () => {
	it("reports what it saved, with the instructions sent in the summary request", async () => {
		const { session, ui, provider, notes } = setup([
			{ text: `First answer. ${long}` },
			{ text: "Second answer." },
			{ text: "SUMMARY" },
		]);
		await session.prompt("first question");
		await session.prompt("second question");
		expect(await runPromptCommand(session, "/compact keep the API decisions", ui)).toBe(EXIT_OK);
		expect(notes()).toEqual([expect.stringMatching(/^info: Compacted: 3k → \d+ tokens \(manual\)$/)]);
		expect(JSON.stringify(provider.requests[2].messages)).toContain("keep the API decisions");
	});

	it("says when there is nothing to compact", async () => {
		const { session, ui, notes } = setup([]);
		expect(await runPromptCommand(session, "/compact", ui)).toBe(EXIT_OK);
		expect(notes()).toEqual(["info: Nothing to compact: the conversation is empty"]);
	});

	it("is refused while the agent works: the command fails with the reason", async () => {
		let release: () => void = () => {};
		const held = new Promise<void>((resolve) => {
			release = resolve;
		});
		const { session, ui, notes } = setup([{ text: "slow", holdUntil: () => held }]);
		const started = new Promise<void>((resolve) =>
			session.subscribe((event) => event.type === "agent_start" && resolve()),
		);
		const run = session.prompt("take your time");
		await started;
		expect(await runPromptCommand(session, "/compact", ui)).toBe(EXIT_ERROR);
		expect(notes()).toEqual([
			expect.stringMatching(/^error: \/compact failed: cannot compact while the agent is working/),
		]);
		release();
		await run;
	});

	it("in the terminal UI leaves the outcome to the transcript, which shows compaction_end", async () => {
		const { session, ui } = setup([]);
		const terminal = decoratePort(ui, {});
		Object.defineProperty(terminal, "interactive", { value: true });
		expect(await runPromptCommand(session, "/compact", terminal)).toBe(EXIT_OK);
		expect(ui.notifications).toEqual([]);
	});
});
