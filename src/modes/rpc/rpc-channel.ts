/**
 * The RPC server as a channel (kernel.channels): started with a host's
 * sessions, it opens one session and serves one client — commands from a
 * line source, responses, events and UI requests to a line sink. `weft
 * --mode rpc` runs it on stdin/stdout; an embedder can run it on any pipe
 * or socket. The host's UI port should be the channel's `RpcUI`, so
 * extensions' dialogs reach the client.
 */

import type { AgentSession } from "../../agent/session.js";
import { forkSession } from "../../agent/session-fork.js";
import { SessionStore } from "../../agent/session-store.js";
import { buildModelTable } from "../../ai/catalog.js";
import { modelsWithKeys } from "../../ai/model-availability.js";
import type { CompactionSettings, RetrySettings, Settings } from "../../ai/settings.js";
import type { Channel, ChannelContext, HostSessionOptions } from "../../extensions/channel.js";
import type { Kernel } from "../../kernel/kernel.js";
import type { ModelInfo } from "../../kernel/provider.js";
import { registerSessionCommands } from "../commands/index.js";
import type { RpcContext, SwitchTarget } from "./command-context.js";
import { dispatch, parseCommand } from "./commands.js";
import { RpcEventTranslator } from "./event-translation.js";
import type { RpcOutputLine } from "./protocol.js";
import { RpcShell } from "./rpc-shell.js";
import type { RpcUI } from "./rpc-ui.js";

/** Where command lines come from: `listen` hands over each line (those read before it first); `ended` resolves at end of input. */
export interface RpcLineSource {
	listen(onLine: (line: string) => void): () => void;
	readonly ended: Promise<void>;
}

export interface RpcChannelOptions {
	input: RpcLineSource;
	write(line: RpcOutputLine): void;
	ui: RpcUI;
	home: string;
	/** The first session: model, and which saved session to open (`--continue`, `--session`, `--fork`…). */
	sessionOptions?: HostSessionOptions;
	/**
	 * The settings the host's sessions were built with: the models come from
	 * them, and `set_auto_retry` / `set_auto_compaction` change their `retry`
	 * and `compaction` objects in place (sessions read them at each request).
	 */
	settings: Settings & { retry: RetrySettings; compaction: CompactionSettings };
	/** Subprocess extensions' panels: `panel_key` sends them keys. */
	panels?: { sendKey(key: string, text: string): boolean };
	/** Resolves once extensions still starting have started; undefined when none is (a `/command` waits for it). */
	extensionsStarting?: () => Promise<void> | undefined;
}

export interface RpcChannel extends Channel {
	/** Resolves when input has ended (or the channel stopped). */
	readonly closed: Promise<void>;
}

export function rpcChannel(options: RpcChannelOptions): RpcChannel {
	const { ui, write, settings } = options;
	let markClosed: () => void = () => {};
	const closed = new Promise<void>((resolve) => {
		markClosed = resolve;
	});
	let running: { stop(): Promise<void> } | undefined;
	return {
		id: "rpc",
		description: "weft's RPC protocol (pi-compatible JSON lines, docs/rpc.md)",
		closed,
		async start(ctx) {
			const server = await serve(ctx, options);
			running = server;
			void options.input.ended.then(markClosed);
			ctx.signal.addEventListener("abort", markClosed, { once: true });
		},
		async stop() {
			await running?.stop();
			running = undefined;
			markClosed();
		},
	};

	async function serve(ctx: ChannelContext, { home, input }: RpcChannelOptions) {
		const { kernel, sessions } = ctx;
		const sessionOptions: HostSessionOptions = { ...options.sessionOptions, mode: "rpc" };
		const persist = sessionOptions.session?.persist;
		const configuredRetries = settings.retry.maxRetries;
		let compacting = false;
		let translator: RpcEventTranslator | undefined;
		let detach: (() => void) | undefined;
		let session!: AgentSession;

		const attach = (next: AgentSession) => {
			const current = new RpcEventTranslator({ messages: () => next.messages, api: () => next.model.api });
			detach?.();
			translator = current;
			detach = next.subscribe((event) => {
				if (event.type === "compaction_start") compacting = true;
				if (event.type === "compaction_end") compacting = false;
				for (const line of current.translate(event)) write(line);
			});
			session = next;
		};
		attach(await sessions.create(sessionOptions));
		registerSessionCommands(kernel, { ui, session: () => session });

		const switchSession = async (target: SwitchTarget) => {
			let choice: HostSessionOptions["session"] = { persist };
			if (target.kind === "fork" || target.kind === "clone") {
				const outcome = await forkSession({
					kernel,
					source: session.store,
					before: target.kind === "fork" ? target.entryId : undefined,
					home,
					cwd: ctx.cwd,
				});
				if (!outcome.forked) return { cancelled: true };
				choice = { file: outcome.file, persist, forked: true };
			} else {
				if (target.kind === "resume") checkResumable(target.file);
				const gate = await kernel.bus.emit("session_before_switch", {
					reason: target.kind,
					target: target.kind === "resume" ? target.file : undefined,
				});
				if (gate.terminal?.cancel) return { cancelled: true };
				if (target.kind === "resume") choice = { file: target.file, persist };
				else choice = { persist, parentSession: target.parentSession };
			}
			await session.abort();
			await sessions.close(session.id);
			attach(await sessions.create({ ...sessionOptions, session: choice }));
			return { cancelled: false };
		};

		/** A resume that cannot open must fail before the current session is closed: the client keeps a live one. */
		const checkResumable = (file: string) => {
			// Reads and checks the file (missing, unreadable, no header) without writing to it.
			const { id } = SessionStore.open(file, { persist: false });
			if (id !== session.id && sessions.get(id))
				throw new Error(
					`session ${id} is open in another channel of this weft (an extension's); it cannot be switched to here too`,
				);
		};

		const shell = new RpcShell(() => session);
		const context: RpcContext = {
			session: () => session,
			ui,
			models: () => knownModels(kernel, settings, session.model),
			availableModels: () => availableModels(kernel, settings, session.model),
			cycleModels: () => {
				const configured = new Set([...Object.keys(settings.providers ?? {}), session.model.provider]);
				return availableModels(kernel, settings, session.model).filter((m) => configured.has(m.provider));
			},
			switchSession,
			pendingCount: () => translator?.pending ?? 0,
			isCompacting: () => compacting,
			isRetrying: () => translator?.retrying ?? false,
			autoCompaction: () => settings.compaction.enabled !== false,
			setAutoCompaction: (enabled) => {
				settings.compaction.enabled = enabled;
			},
			setAutoRetry: (enabled) => {
				// Zero retries: a failed request fails at once; enabling again restores the configured count.
				settings.retry.maxRetries = enabled ? configuredRetries : 0;
			},
			delivery: settings,
			extensionsStarting: () => options.extensionsStarting?.(),
			panelKey: (key, text) => options.panels?.sendKey(key, text) ?? false,
			shell,
		};
		const stopListening = input.listen((line) => {
			const parsed = parseCommand(line);
			if ("response" in parsed) return void write(parsed.response);
			void dispatch(parsed.command, context).then(write);
		});
		return {
			async stop() {
				stopListening();
				ui.cancelAll();
				shell.abort();
				await session.abort();
				detach?.();
			},
		};
	}
}

/** The known models whose provider has a key or needs none (and the current one): what a client's picker offers. */
function availableModels(kernel: Kernel, settings: Settings, current: ModelInfo): ModelInfo[] {
	return modelsWithKeys(
		knownModels(kernel, settings, current),
		kernel.providers.list().map((r) => r.value),
		current,
	);
}

/** The catalog's models, the configured providers' and extensions' providers' — the current provider's first. */
function knownModels(kernel: Kernel, settings: Settings, current: ModelInfo): ModelInfo[] {
	const models = [...buildModelTable(settings).values()].flat();
	for (const { value } of kernel.providers.list()) {
		for (const model of value.models) {
			if (!models.some((m) => m.provider === model.provider && m.id === model.id)) models.push(model);
		}
	}
	return [
		...models.filter((m) => m.provider === current.provider),
		...models.filter((m) => m.provider !== current.provider),
	];
}
