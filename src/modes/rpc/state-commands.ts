/**
 * RPC commands about the session's state and settings: state and messages,
 * models, thinking, compaction, retries, and the command list.
 */
import type { DeliveryMode } from "../../agent/message-queue.js";
import { sessionNameOf } from "../../agent/session-name.js";
import { PI_THINKING } from "../../extensions/compat/pi/pi-names.js";
import { textOf } from "../../kernel/messages.js";
import { BUILTIN_OWNER } from "../../kernel/owner.js";
import type { ThinkingLevel } from "../../kernel/provider.js";
import { booleanField, type CommandHandler, type RawCommand, stringField } from "./command-context.js";
import type { RpcThinkingLevel } from "./protocol.js";
import { rpcMessage, rpcModel } from "./rpc-messages.js";

/** weft has four levels; pi's extra ones map to the nearest. */
const THINKING: Record<RpcThinkingLevel, ThinkingLevel> = PI_THINKING;
const CYCLE: readonly ThinkingLevel[] = ["off", "low", "medium", "high"];

/** pi's `source` for the commands of weft's first-party extensions that are pi's kinds of command. */
const SOURCES: Record<string, string> = { "prompt-templates": "prompt", skills: "skill" };

function deliveryMode(command: RawCommand): DeliveryMode {
	const mode = stringField(command, "mode");
	if (mode !== "all" && mode !== "one-at-a-time")
		throw new Error(`${command.type}: "mode" must be "all" or "one-at-a-time" (got ${JSON.stringify(mode)})`);
	return mode;
}

function commandSource(owner: string): string {
	return owner === BUILTIN_OWNER ? "builtin" : (SOURCES[owner] ?? "extension");
}

export const STATE_COMMANDS: Record<string, CommandHandler> = {
	get_state: (_command, context) => {
		const session = context.session();
		const name = sessionNameOf(session.store.entries);
		return {
			model: rpcModel(session.model),
			thinkingLevel: session.thinking,
			isStreaming: !session.isIdle,
			isCompacting: context.isCompacting(),
			steeringMode: context.delivery.steeringMode ?? "all",
			followUpMode: context.delivery.followUpMode ?? "all",
			sessionFile: session.store.file ?? null,
			sessionId: session.id,
			...(name !== undefined ? { sessionName: name } : {}),
			autoCompactionEnabled: context.autoCompaction(),
			messageCount: session.messages.length,
			pendingMessageCount: context.pendingCount(),
		};
	},
	get_messages: (_command, context) => {
		const session = context.session();
		return { messages: session.messages.map((m) => rpcMessage(m, session.model.api)) };
	},
	get_last_assistant_text: (_command, context) => {
		const messages = context.session().messages;
		for (let i = messages.length - 1; i >= 0; i--) {
			const message = messages[i];
			if (message.role === "assistant")
				return { text: textOf(message.content as Array<{ type: string; text?: string }>) };
		}
		return { text: null };
	},
	set_model: (command, context) => {
		const provider = stringField(command, "provider");
		const modelId = stringField(command, "modelId");
		const model = context.models().find((m) => m.provider === provider && m.id === modelId);
		if (!model)
			throw new Error(
				`Model not found: ${provider}/${modelId} (get_available_models lists the models weft knows)`,
			);
		context.session().setModel(model);
		return rpcModel(model);
	},
	cycle_model: (_command, context) => {
		const session = context.session();
		const models = context.cycleModels();
		if (models.length <= 1) return null;
		const at = models.findIndex((m) => m.provider === session.model.provider && m.id === session.model.id);
		const next = models[(at + 1) % models.length];
		session.setModel(next);
		return { model: rpcModel(next), thinkingLevel: session.thinking, isScoped: false };
	},
	get_available_models: (_command, context) => ({ models: context.availableModels().map(rpcModel) }),
	set_thinking_level: (command, context) => {
		const level = stringField(command, "level");
		if (!(level in THINKING))
			throw new Error(
				`set_thinking_level: unknown level "${level}"; use ${Object.keys(THINKING).join(", ")}`,
			);
		context.session().setThinking(THINKING[level as RpcThinkingLevel]);
	},
	cycle_thinking_level: (_command, context) => {
		const session = context.session();
		if (!session.model.reasoning) return null;
		const level = CYCLE[(CYCLE.indexOf(session.thinking) + 1) % CYCLE.length];
		session.setThinking(level);
		return { level };
	},
	compact: async (command, context) => {
		const instructions = command.customInstructions;
		if (instructions !== undefined && typeof instructions !== "string")
			throw new Error('compact: "customInstructions" must be a string');
		const outcome = await context
			.session()
			.compact({ instructions: instructions || undefined, reason: "manual" });
		switch (outcome.status) {
			case "compacted":
				return {
					summary: outcome.entry.summary,
					firstKeptEntryId: outcome.entry.firstKeptEntryId,
					tokensBefore: outcome.tokensBefore,
					tokensAfter: outcome.tokensAfter,
					details: {},
				};
			case "cancelled":
				throw new Error(`compaction was cancelled${outcome.reason ? `: ${outcome.reason}` : ""}`);
			case "nothing":
				throw new Error(outcome.message);
			case "failed":
				throw new Error(outcome.error);
		}
	},
	set_auto_compaction: (command, context) => {
		context.setAutoCompaction(booleanField(command, "enabled"));
	},
	set_steering_mode: (command, context) => {
		context.delivery.steeringMode = deliveryMode(command);
	},
	set_follow_up_mode: (command, context) => {
		context.delivery.followUpMode = deliveryMode(command);
	},
	set_auto_retry: (command, context) => {
		context.setAutoRetry(booleanField(command, "enabled"));
	},
	abort_retry: async (_command, context) => {
		// weft waits for a retry inside the request; stopping the wait stops the run.
		if (context.isRetrying()) await context.session().abort();
	},
	get_commands: (_command, context) => ({
		commands: context
			.session()
			.kernel.commands.list()
			.map(({ name, owner, value }) => ({
				name,
				description: value.description,
				source: commandSource(owner),
				...(owner !== BUILTIN_OWNER ? { extension: owner } : {}),
				// pi's fields: the file it comes from, and for templates and skills where that was found.
				...(value.origin?.location ? { location: value.origin.location } : {}),
				...(value.origin ? { path: value.origin.path } : {}),
			})),
	}),
};
