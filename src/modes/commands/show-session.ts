/**
 * `/session`: what the user may want to know about the session they are in —
 * where it is saved, its id and name, how many messages of each kind, the
 * tokens and cost of every answer in the file (abandoned branches cost
 * money too), and how much of the model's window the next request would fill.
 */

import type { AgentSession } from "../../agent/session.js";
import { sessionNameOf } from "../../agent/session-name.js";
import { estimateRequestTokens } from "../../ai/token-estimate.js";
import { displayPath } from "../../base/paths.js";
import type { CommandDefinition } from "../../kernel/command.js";
import { addUsage, emptyUsage, type Usage } from "../../kernel/messages.js";
import { formatCost, formatCount } from "./format.js";
import type { SessionCommandServices } from "./services.js";

export function sessionCommand(services: SessionCommandServices): CommandDefinition {
	return {
		description: "Show the session's file, name, messages, tokens, cost, context",
		handler: (args) => {
			if (args.trim() !== "") {
				services.ui.notify(`/session takes no arguments (got "${args.trim()}")`, "error");
				return;
			}
			services.ui.print({ kind: "info", title: "Session", text: describeSession(services.session()) });
		},
	};
}

export function describeSession(session: AgentSession): string {
	const { store, model } = session;
	const counts = { user: 0, assistant: 0, toolResult: 0, custom: 0 };
	const usage = emptyUsage();
	for (const entry of store.entries) {
		// Summary requests (compaction, a branch left in /tree) are stored on their entries.
		if (entry.type === "compaction" || entry.type === "branch_summary") {
			const spent = (entry as { usage?: Usage }).usage;
			if (spent) addUsage(usage, spent);
			continue;
		}
		if (entry.type !== "message") continue;
		const { message } = entry as Extract<typeof entry, { type: "message" }>;
		counts[message.role]++;
		// A tool's usage is what it spent on model requests (a sub-agent's), part of the session's cost.
		if (message.role === "assistant") addUsage(usage, message.usage);
		else if (message.role === "toolResult" && message.usage) addUsage(usage, message.usage);
	}
	const name = sessionNameOf(store.entries);
	const tools = session.kernel.tools.list().map(({ value }) => ({
		name: value.name,
		description: value.description,
		parameters: value.parameters,
	}));
	// The system prompt is left out: it is built per run, and is small beside a conversation worth asking about.
	const context = estimateRequestTokens({ systemPrompt: "", messages: session.messages, tools });
	const window = model.contextWindow > 0 ? model.contextWindow : undefined;
	const share = window ? ` (${Math.round((context / window) * 100)}%)` : "";
	const rows: Array<[string, string]> = [
		["File", store.file ? displayPath(store.file) : "none: kept in memory (--no-session)"],
		["Id", store.id],
		["Name", name ?? "none (/name NAME gives it one)"],
		[
			"Messages",
			`${counts.user} user · ${counts.assistant} assistant · ${counts.toolResult} tool results${counts.custom > 0 ? ` · ${counts.custom} from extensions` : ""}`,
		],
		[
			"Tokens",
			`${formatCount(usage.input)} in · ${formatCount(usage.output)} out · ${formatCount(usage.cacheRead)} cache read · ${formatCount(usage.cacheWrite)} cache write`,
		],
		["Cost", formatCost(usage.cost.total)],
		[
			"Context",
			`~${formatCount(context)}${window ? ` of ${formatCount(window)}` : ""} tokens${share} · ${model.provider}/${model.id}`,
		],
	];
	return rows.map(([label, value]) => `${label.padEnd(9)}${value}`).join("\n");
}
