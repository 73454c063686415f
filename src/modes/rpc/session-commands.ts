/**
 * RPC commands about the session itself: starting, switching and forking
 * sessions, naming, statistics, export, and the user's shell commands.
 */
import { forkPoints } from "../../agent/session-fork.js";
import { checkSessionName } from "../../agent/session-name.js";
import { estimateRequestTokens } from "../../ai/token-estimate.js";
import { addUsage, emptyUsage } from "../../kernel/messages.js";
import { exportSessionHtml } from "../export/export-session.js";
import { type CommandHandler, stringField } from "./command-context.js";

export const SESSION_COMMANDS: Record<string, CommandHandler> = {
	new_session: async (command, context) => {
		const parent = command.parentSession;
		if (parent !== undefined && typeof parent !== "string")
			throw new Error('new_session: "parentSession" must be a session file path');
		const { cancelled } = await context.switchSession({ kind: "new", parentSession: parent });
		return { cancelled };
	},
	switch_session: async (command, context) => {
		const file = stringField(command, "sessionPath");
		const { cancelled } = await context.switchSession({ kind: "resume", file });
		return { cancelled };
	},
	fork: async (command, context) => {
		const entryId = stringField(command, "entryId");
		// The text is known before the fork is written, so a cancelled fork reports it too.
		const point = forkPoints(context.session().store).find((p) => p.entryId === entryId);
		if (!point)
			throw new Error(
				`fork: "${entryId}" is not a user message on the current branch (get_fork_messages lists those)`,
			);
		const { cancelled } = await context.switchSession({ kind: "fork", entryId });
		return { text: point.text, cancelled };
	},
	clone: async (_command, context) => {
		const { cancelled } = await context.switchSession({ kind: "clone" });
		return { cancelled };
	},
	get_fork_messages: (_command, context) => ({
		messages: forkPoints(context.session().store)
			.reverse()
			.map(({ entryId, text }) => ({ entryId, text })),
	}),
	set_session_name: (command, context) => {
		const checked = checkSessionName(stringField(command, "name"));
		if ("error" in checked) throw new Error(`set_session_name: ${checked.error}`);
		context.session().store.append({ type: "session_info", name: checked.name });
	},
	get_session_stats: (_command, context) => {
		const session = context.session();
		const counts = { user: 0, assistant: 0, toolCalls: 0, toolResult: 0 };
		const usage = emptyUsage();
		for (const message of session.messages) {
			if (message.role === "user") counts.user++;
			else if (message.role === "toolResult") {
				counts.toolResult++;
				// What the tool spent on model requests (a sub-agent's) is part of the session's tokens and cost.
				if (message.usage) addUsage(usage, message.usage);
			} else if (message.role === "assistant") {
				counts.assistant++;
				counts.toolCalls += message.content.filter((b) => b.type === "toolCall").length;
				addUsage(usage, message.usage);
			}
		}
		const { model } = session;
		const tools = session.kernel.tools.list().map(({ value }) => ({
			name: value.name,
			description: value.description,
			parameters: value.parameters,
		}));
		const tokens = estimateRequestTokens({ systemPrompt: "", messages: session.messages, tools });
		return {
			sessionFile: session.store.file ?? null,
			sessionId: session.id,
			userMessages: counts.user,
			assistantMessages: counts.assistant,
			toolCalls: counts.toolCalls,
			toolResults: counts.toolResult,
			totalMessages: session.messages.length,
			tokens: {
				input: usage.input,
				output: usage.output,
				cacheRead: usage.cacheRead,
				cacheWrite: usage.cacheWrite,
				total: usage.input + usage.output + usage.cacheRead + usage.cacheWrite,
			},
			cost: usage.cost.total,
			...(model.contextWindow > 0
				? {
						contextUsage: {
							tokens,
							contextWindow: model.contextWindow,
							percent: Math.round((tokens / model.contextWindow) * 100),
						},
					}
				: {}),
		};
	},
	export_html: (command, context) => {
		const file = command.outputPath;
		if (file !== undefined && typeof file !== "string")
			throw new Error('export_html: "outputPath" must be a path');
		const session = context.session();
		return { path: exportSessionHtml(session.store, { cwd: session.cwd, file }) };
	},
	bash: (command, context) => context.shell.run(stringField(command, "command")),
	abort_bash: (_command, context) => {
		context.shell.abort();
	},
};
