/**
 * The session: the one object every mode drives. It owns the conversation
 * (persisted entry by entry), the active model and the agent loop, and emits
 * the catalog events around each prompt. Input that arrives during a run goes
 * through its message queue (`message-queue.ts`).
 */

import type { Kernel } from "../kernel/kernel.js";
import {
	addUsage,
	emptyUsage,
	type ImageContent,
	type Message,
	type ToolResultMessage,
	type Usage,
} from "../kernel/messages.js";
import type { ModelInfo, ThinkingLevel } from "../kernel/provider.js";
import { type AgentLoop, type LoopContext, type LoopResult, stockAgentLoop } from "./agent-loop.js";
import { AnswerCheckpoints } from "./answer-checkpoints.js";
import type { CompactionOutcome, CompactOptions } from "./compaction/outcome.js";
import { EventRelay } from "./event-relay.js";
import { type Delivery, MessageQueue, userMessage } from "./message-queue.js";
import type { SessionListener } from "./session-events.js";
import type { NavigateOptions, NavigateOutcome } from "./session-navigation.js";
import type { ChildSessionOptions, PromptOptions, PromptResult, SessionOptions } from "./session-options.js";
import { SessionRequests } from "./session-requests.js";
import { SessionStore } from "./session-store.js";
import { runTool, type ToolRequest } from "./tool-runner.js";
import { runUserShell, type UserShellRequest } from "./user-shell.js";

export type { ChildSessionOptions, PromptOptions, PromptResult, SessionOptions } from "./session-options.js";

export class AgentSession {
	readonly kernel: Kernel;
	readonly cwd: string;
	readonly store: SessionStore;
	readonly mode: string;
	private readonly relay: EventRelay;
	private readonly options: SessionOptions;
	private currentModel: ModelInfo;
	private thinkingLevel: ThinkingLevel;
	private readonly conversation: Message[];
	private readonly totalUsage: Usage = emptyUsage();
	private readonly queue: MessageQueue;
	private running: { controller: AbortController; done: Promise<PromptResult> } | undefined;
	private loop: AgentLoop = stockAgentLoop;
	private started = false;
	private runGate: ((signal: AbortSignal) => Promise<void>) | undefined;
	private readonly checkpoints: AnswerCheckpoints;
	/** The model requests: the loop's through automatic compaction, manual compaction, tree summaries. */
	private readonly requests: SessionRequests;

	constructor(options: SessionOptions) {
		this.options = options;
		this.kernel = options.kernel;
		this.cwd = options.cwd;
		this.store = options.store;
		this.mode = options.mode;
		this.currentModel = options.model;
		this.thinkingLevel = options.thinking ?? "off";
		this.relay = new EventRelay(this.kernel.bus);
		this.queue = new MessageQueue({
			relay: this.relay,
			isRunning: () => this.running !== undefined,
			prompt: (text, promptOptions) => this.prompt(text, promptOptions),
			runAccepted: (text, images) => this.launch((controller) => this.run(text, images, controller)),
			runConversation: (prompt) => {
				this.start();
				return this.launch((controller) => this.execute(prompt, undefined, controller));
			},
			append: (message) => this.append(message),
			delivery: options.delivery,
		});
		this.checkpoints = new AnswerCheckpoints(
			this.store,
			options.checkpoints?.intervalMs,
			options.checkpoints?.timer,
		);
		const restored = options.restored ?? this.store.buildContext();
		this.conversation = [...restored.messages];
		this.requests = new SessionRequests({
			kernel: this.kernel,
			store: this.store,
			relay: this.relay,
			conversation: this.conversation,
			options,
			usage: this.totalUsage,
			isRunning: () => this.running !== undefined,
		});
		for (const m of this.conversation) this.count(m);
		// session_save says an entry was written to the session file: a session kept in memory announces none.
		if (this.store.persists) {
			this.store.onAppend((entry) =>
				this.relay.notify("session_save", { sessionId: this.store.id, entry: entry as unknown }),
			);
		}
	}

	get id(): string {
		return this.store.id;
	}
	get model(): ModelInfo {
		return this.currentModel;
	}
	get thinking(): ThinkingLevel {
		return this.thinkingLevel;
	}
	get messages(): readonly Message[] {
		return this.conversation;
	}
	get usage(): Usage {
		return { ...this.totalUsage };
	}
	get isIdle(): boolean {
		return this.running === undefined;
	}
	/** The running prompt's abort signal; undefined when idle. */
	get signal(): AbortSignal | undefined {
		return this.running?.controller.signal;
	}
	/** Lets the current model's provider load what its first request needs (Provider.prepare); never throws. */
	async prepare(): Promise<void> {
		const model = this.currentModel;
		// Failures are left to the first real request, which reports them with context.
		await Promise.resolve(this.kernel.providers.get(model.provider)?.prepare?.(model)).catch(() => {});
	}

	/** Announces the session to extensions and subscribers (once): session_load, session_start, startup. */
	start(): void {
		if (this.started) return;
		this.started = true;
		if (this.options.subagent) return;
		const reason = this.options.startReason ?? "new";
		if (reason !== "new" && this.store.file) {
			this.relay.notify("session_load", {
				sessionId: this.store.id,
				file: this.store.file,
				entryCount: this.store.entries.length,
			});
		}
		this.relay.notify("session_start", { sessionId: this.store.id, reason });
		this.relay.notify("startup", { mode: this.mode, cwd: this.cwd });
	}

	subscribe(listener: SessionListener): () => void {
		return this.relay.subscribe(listener);
	}

	/** Emits an observe event through the bus and to subscribers (used by modes for lifecycle events). */
	notify: EventRelay["notify"] = (name, payload) => this.relay.notify(name, payload);

	/**
	 * Something each run waits for before it starts (its input handlers, its
	 * first model request): extensions still starting, so their tools are
	 * offered. The gate resolves (never rejects) when they are ready or the
	 * run is aborted; undefined removes it.
	 */
	waitBeforeRuns(gate: ((signal: AbortSignal) => Promise<void>) | undefined): void {
		this.runGate = gate;
	}

	/** Replaces the loop strategy; the function receives the stock loop so it can wrap it. */
	setAgentLoop(factory: ((stock: AgentLoop) => AgentLoop) | undefined): void {
		this.loop = factory ? factory(stockAgentLoop) : stockAgentLoop;
	}

	setModel(model: ModelInfo): void {
		const previous = { provider: this.currentModel.provider, model: this.currentModel.id };
		this.currentModel = model;
		this.store.append({ type: "model_change", provider: model.provider, model: model.id });
		this.relay.notify("model_select", { provider: model.provider, model: model.id, previous });
	}

	setThinking(level: ThinkingLevel): void {
		const previous = this.thinkingLevel;
		this.thinkingLevel = level;
		this.store.append({ type: "thinking_level", level });
		if (level !== previous) this.relay.notify("thinking_level_select", { level, previous });
	}

	/** Runs one prompt to completion. While a run is in progress, the text is queued as a follow-up. */
	async prompt(text: string, options: PromptOptions = {}): Promise<PromptResult> {
		this.start();
		// A prompt typed during /compact waits for it, so it is sent with the compacted conversation.
		await this.requests.compactions.idle();
		const running = this.running;
		if (running) {
			const ownRun = await this.queue.enqueue(text, "follow_up", options);
			return ownRun ?? running.done;
		}
		return this.launch(async (controller) => {
			const input = await this.relay.emit("input", {
				text,
				images: options.images ?? [],
				source: options.source ?? "cli",
			});
			if (input.terminal) return { reason: "completed", response: "", handled: true };
			return this.run(input.payload.text, input.payload.images, controller);
		});
	}

	/** Delivered between tool calls of the running turn (remaining tools are skipped). */
	steer(text: string, options: PromptOptions = {}): Promise<unknown> {
		return this.queue.steer(text, options);
	}

	/** Delivered once the agent would otherwise stop. */
	followUp(text: string, options: PromptOptions = {}): Promise<unknown> {
		return this.queue.followUp(text, options);
	}

	/**
	 * Takes back what the user queued while the agent worked and the loop has
	 * not taken yet (all, in order, or the last), so it is never sent; returns
	 * the texts, for the composer.
	 */
	unqueue(which: "all" | "last" = "all"): string[] {
		return this.queue.unqueue(which);
	}

	/**
	 * Moves to another point of the session tree (`/tree`) so the next prompt
	 * starts a branch there, optionally summarising the branch left into the
	 * new position (session-navigation.ts). Throws while a run is in progress.
	 */
	navigateTo(targetId: string, options: NavigateOptions = {}): Promise<NavigateOutcome> {
		return this.requests.navigate(this.currentModel, targetId, options);
	}

	/** Adds a message to the conversation without running the model (e.g. extension messages). */
	appendMessage(message: Message): void {
		this.append(message);
	}

	/**
	 * Delivers a message that did not come from the user's prompt (extensions).
	 * While a run is in progress it is queued: steer (between tool calls),
	 * follow_up (once the model would stop) or next_turn (with the next
	 * prompt). When idle, next_turn waits for the next prompt; steer and
	 * follow_up join the conversation and, with `trigger`, start a run.
	 */
	deliver(
		message: Message,
		delivery: Delivery | "next_turn",
		trigger = false,
	): Promise<PromptResult> | undefined {
		return this.queue.deliver(message, delivery, trigger);
	}

	/**
	 * Summarises the older part of the conversation and keeps the recent part
	 * (src/agent/compaction/). Not while a run is in progress: runs compact by
	 * themselves when the window requires it.
	 */
	compact(options: CompactOptions = {}): Promise<CompactionOutcome> {
		return this.requests.compact(this.currentModel, options);
	}

	async abort(): Promise<void> {
		this.requests.compactions.abort();
		const running = this.running;
		if (!running) return;
		running.controller.abort();
		await running.done.catch(() => {});
	}

	/**
	 * A sub-agent's session: a fresh conversation kept in memory only (no
	 * session file), on the same kernel and extensions, with the parent's
	 * settings, run scope and thinking level. It is never announced and its
	 * tool calls carry source "subagent" (SessionOptions.subagent); whoever
	 * runs it aborts it, and adds its `usage` to what it reports.
	 */
	spawnChild(options: ChildSessionOptions = {}): AgentSession {
		const { systemPrompt, tools, model } = options;
		return new AgentSession({
			...this.options,
			store: SessionStore.create({ home: "", cwd: this.cwd, persist: false }),
			model: model ?? this.currentModel,
			thinking: this.thinkingLevel,
			systemPrompt: systemPrompt === undefined ? this.options.systemPrompt : () => systemPrompt,
			restored: undefined,
			startReason: "new",
			// The parent's spill files are removed at its shutdown; a child never shuts down on its own.
			spillFiles: undefined,
			subagent: { tools: tools ? new Set(tools) : undefined },
		});
	}

	/** Runs a tool outside the model's turn (user shell commands, extensions) through the same path. */
	runTool(
		request: ToolRequest,
		signal: AbortSignal = new AbortController().signal,
	): Promise<ToolResultMessage> {
		return runTool(request, { cwd: this.cwd, signal, tools: this.kernel.tools, relay: this.relay });
	}

	/** A shell command the user typed (`!cmd`, RPC `bash`): the `user_shell` gate, then the bash tool through runTool. */
	runUserShell(
		request: UserShellRequest,
		signal: AbortSignal = new AbortController().signal,
	): Promise<ToolResultMessage> {
		return runUserShell(request, {
			cwd: this.cwd,
			relay: this.relay,
			runTool: (toolRequest) => this.runTool(toolRequest, signal),
		});
	}

	/** Tells extensions weft is exiting; handlers together get at most `budgetMs`. */
	async shutdown(reason: string, budgetMs = 2_000): Promise<void> {
		await this.abort();
		let timer: ReturnType<typeof setTimeout> | undefined;
		const bounded = new Promise<void>((resolve) => {
			timer = setTimeout(resolve, budgetMs);
			timer.unref?.();
		});
		await Promise.race([
			this.kernel.bus.emit("session_shutdown", { reason }).then(() => this.kernel.bus.idle()),
			bounded,
		]);
		clearTimeout(timer);
		// After the handlers, which may still read a spill file the session pointed them to.
		await this.options.spillFiles?.removeAll();
		this.relay.publish({ type: "session_shutdown", reason });
	}

	private async launch(body: (controller: AbortController) => Promise<PromptResult>): Promise<PromptResult> {
		const controller = new AbortController();
		const gate = this.runGate;
		const start = () => (gate ? gate(controller.signal).then(() => body(controller)) : body(controller));
		const running = { controller, done: this.options.runScope ? this.options.runScope(start) : start() };
		this.running = running;
		try {
			return await running.done;
		} finally {
			if (this.running === running) this.running = undefined;
		}
	}

	/** Runs the loop for input the `input` handlers already accepted. */
	private async run(
		text: string,
		images: ImageContent[],
		controller: AbortController,
	): Promise<PromptResult> {
		const toolSpecs = this.kernel.tools
			.list()
			.map(({ value }) => ({ name: value.name, description: value.description }));
		const start = await this.relay.emit("before_agent_start", {
			prompt: text,
			systemPrompt: this.options.systemPrompt(toolSpecs),
			injected: [],
		});
		for (const message of this.queue.takeNextTurn()) this.append(message);
		this.append(userMessage(text, images));
		for (const message of start.payload.injected) this.append(message);
		return this.execute(text, start.payload.systemPrompt, controller);
	}

	/** Runs the loop on the conversation as it stands. */
	private async execute(
		prompt: string,
		systemPrompt: string | undefined,
		controller: AbortController,
	): Promise<PromptResult> {
		const toolSpecs = this.kernel.tools
			.list()
			.map(({ value }) => ({ name: value.name, description: value.description }));
		this.relay.notify("agent_start", { prompt });
		const context = this.loopContext(systemPrompt ?? this.options.systemPrompt(toolSpecs), controller.signal);
		let result: LoopResult;
		do {
			try {
				result = await this.loop(context);
			} catch (error) {
				result = { reason: "error", response: "", error: `agent loop failed: ${(error as Error).message}` };
			}
			// An input handler may have queued a message after the loop last looked; deliver it, don't strand it.
		} while (this.queue.deliverLate(result));
		// A loop that streamed but never appended its answer: the checkpoints stay and a reload restores them.
		this.checkpoints.drop();
		// Cleared together with the last look at the queues, so anything queued from now on starts its own run.
		if (this.running?.controller === controller) this.running = undefined;
		this.relay.notify("agent_end", { ...result, messages: [...this.conversation] });
		return result;
	}

	private loopContext(systemPrompt: string, signal: AbortSignal): LoopContext {
		const model = this.currentModel;
		const offered = this.options.subagent?.tools;
		return {
			messages: this.conversation,
			systemPrompt,
			model,
			thinking: this.thinkingLevel,
			signal,
			relay: this.relay,
			tools: this.kernel.tools,
			toolFilter: offered ? (name) => offered.has(name) : undefined,
			append: (message) => this.append(message),
			checkpoint: (message) => this.checkpoints.update(message),
			runTool: (request, allowed) =>
				runTool(
					this.options.subagent && request.source === "model" ? { ...request, source: "subagent" } : request,
					{
						cwd: this.cwd,
						signal,
						tools: this.kernel.tools,
						relay: this.relay,
						allowed,
					},
				),
			takeSteering: () => this.queue.takeSteering(),
			takeFollowUps: () => this.queue.takeFollowUps(),
			stream: (request) => this.requests.stream(model, () => this.thinkingLevel, signal, request),
		};
	}

	/** Adds what a message spent to the total: an answer's usage, or a tool's model requests (a sub-agent's). */
	private count(message: Message): void {
		if (message.role === "assistant") addUsage(this.totalUsage, message.usage);
		else if (message.role === "toolResult" && message.usage) addUsage(this.totalUsage, message.usage);
	}

	private append(message: Message): void {
		this.conversation.push(message);
		this.count(message);
		// A finished answer takes the id its checkpoints name, which marks them superseded.
		const answerId = message.role === "assistant" ? this.checkpoints.finish() : undefined;
		this.store.append({ type: "message", message }, answerId);
	}
}
