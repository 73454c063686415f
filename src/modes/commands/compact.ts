/**
 * `/compact [instructions]`: summarises the older part of the conversation so
 * the model sees the summary and the recent turns (AgentSession.compact;
 * extensions may supply the summary or cancel through
 * session_before_compact). The instructions steer what the summary keeps.
 */
import type { CompactionEndEvent } from "../../agent/session-events.js";
import type { CommandDefinition } from "../../kernel/command.js";
import { compactionReport } from "./compaction-report.js";
import type { SessionCommandServices } from "./services.js";

export function compactCommand(services: SessionCommandServices): CommandDefinition {
	return {
		description: "Summarise older messages to free context",
		argumentHint: "[instructions]",
		handler: (args) => compact(services, args.trim()),
	};
}

async function compact({ ui, session }: SessionCommandServices, instructions: string): Promise<void> {
	const current = session();
	let ended: CompactionEndEvent | undefined;
	const stop = current.subscribe((event) => {
		if (event.type === "compaction_end") ended = event;
	});
	let outcome: Awaited<ReturnType<typeof current.compact>>;
	try {
		outcome = await current.compact({ instructions: instructions || undefined, reason: "manual" });
	} finally {
		stop();
	}
	// The terminal UI's transcript already shows how a compaction ended (session-view.ts); elsewhere nothing does.
	if (ui.interactive && ended) return;
	// A refusal (the agent is working) or a failure is the command failing: "/compact failed: …", exit 1 in -p.
	if (outcome.status === "failed") throw new Error(outcome.error);
	const report = compactionReport("manual", outcome);
	ui.notify(report.text, report.level);
}
