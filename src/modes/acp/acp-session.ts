/**
 * One ACP session: a weft session, the editor connection it reports to, and
 * the translation between them. Updates go out in order, and a prompt's
 * response only after every update of that prompt (the protocol's order).
 */
import { readFileSync, statSync } from "node:fs";
import {
	type AgentContext,
	type ContentBlock,
	RequestError,
	type SessionUpdate,
	type StopReason,
} from "@agentclientprotocol/sdk";
import type { AgentSession } from "../../agent/session.js";
import { resolveToolPath } from "../../agent/tools/paths.js";
import { errorMessage } from "../../base/error-message.js";
import { decoratePort, type UIPort } from "../../kernel/ui-port.js";
import { runPromptCommand } from "../commands/prompt-command.js";
import { historyUpdates } from "./history-replay.js";
import { promptInput } from "./prompt-input.js";
import { type RunningSession, runInSession } from "./running-session.js";
import { UpdateTranslator } from "./session-updates.js";

/** A write's diff shows the old text only for files up to this size; bigger ones show as new. */
const DIFF_LIMIT_BYTES = 256 * 1024;

export class AcpSession implements RunningSession {
	readonly id: string;
	gatingToolCall: string | undefined;

	/** Aborted when the running prompt is (session/cancel). */
	get signal(): AbortSignal | undefined {
		return this.session.signal;
	}

	private readonly translator: UpdateTranslator;
	private readonly unsubscribe: () => void;
	private sending: Promise<void> = Promise.resolve();
	private prompting = false;

	constructor(
		readonly session: AgentSession,
		readonly client: AgentContext,
		private readonly onSendError: (message: string) => void,
	) {
		this.id = session.id;
		this.translator = new UpdateTranslator(session.cwd, {
			previousText: (path) => textBefore(resolveToolPath(path, session.cwd)),
			window: () => ({ size: session.model.contextWindow, cost: session.usage.cost.total }),
		});
		this.unsubscribe = session.subscribe((event) => {
			// The gate has decided (its handlers, a permission request among them, are done).
			if (event.type === "tool_call" && event.id === this.gatingToolCall) this.gatingToolCall = undefined;
			this.send(this.translator.translate(event));
		});
	}

	send(updates: SessionUpdate[]): void {
		for (const update of updates) {
			this.sending = this.sending
				.then(() => this.client.notify("session/update", { sessionId: this.id, update }))
				.catch((error) => this.onSendError(`session/update could not be sent: ${errorMessage(error)}`));
		}
	}

	/** Resolves once every update sent so far is written. */
	flushed(): Promise<void> {
		return this.sending;
	}

	/** A tool call reaching its `tool_call` gate: announced first, so a permission request can name it. */
	gate(id: string, name: string, args: Record<string, unknown>): void {
		this.gatingToolCall = id;
		this.send(this.translator.announce(id, name, args));
	}

	/** session/load: the conversation so far, as updates. */
	replay(): Promise<void> {
		this.send(historyUpdates(this.session.messages, this.session.cwd));
		return this.flushed();
	}

	/**
	 * Runs a prompt to its end. A prompt naming a registered command (`/name
	 * release`) runs the command instead, with what it says shown as the
	 * agent's answer.
	 */
	async prompt(blocks: readonly ContentBlock[], ui: UIPort): Promise<StopReason> {
		if (this.prompting)
			throw RequestError.invalidRequest(
				undefined,
				`session ${this.id} is still answering a prompt; wait for its response or send session/cancel`,
			);
		let input: ReturnType<typeof promptInput>;
		try {
			input = promptInput(blocks);
		} catch (error) {
			throw RequestError.invalidParams(undefined, errorMessage(error));
		}
		const { model } = this.session;
		if (input.images.length > 0 && model.input && !model.input.includes("image"))
			throw RequestError.invalidParams(
				undefined,
				`${model.provider}/${model.id} does not take images; choose another model or send text only`,
			);
		this.prompting = true;
		try {
			const say = (text: string) =>
				this.send([{ sessionUpdate: "agent_message_chunk", content: { type: "text", text: `${text}\n` } }]);
			const shown = decoratePort(ui, {
				notify: (message) => say(message),
				print: (block) => say(block.title ? `${block.title}:\n${block.text}` : block.text),
			});
			const result = await runInSession(this, async () => {
				if (
					input.images.length === 0 &&
					(await runPromptCommand(this.session, input.text, shown)) !== undefined
				)
					return { reason: "completed" as const, response: "" };
				return this.session.prompt(input.text, { images: input.images, source: "rpc" });
			});
			await this.flushed();
			if (result.reason === "error")
				throw RequestError.internalError(undefined, result.error ?? "the run failed");
			return this.translator.stopReason(result);
		} finally {
			this.prompting = false;
		}
	}

	/** session/cancel: the running prompt stops and answers `cancelled`. */
	cancel(): Promise<void> {
		return this.session.abort();
	}

	/** Stops reporting the session (once its host has closed it): what is queued still goes out. */
	async detach(): Promise<void> {
		await this.flushed();
		this.unsubscribe();
	}
}

/** A file's text before a write replaces it (undefined: new, unreadable, or too big to diff). */
function textBefore(path: string): string | undefined {
	try {
		if (statSync(path).size > DIFF_LIMIT_BYTES) return undefined;
		return readFileSync(path, "utf8");
	} catch {
		return undefined;
	}
}
