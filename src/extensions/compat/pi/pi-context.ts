/**
 * The `ctx` pi's handlers, tools and commands receive, built on weft's
 * context: `cwd`, `hasUI`, `ui` (pi's shape, pi-ui.ts), `signal`,
 * `isIdle`, `abort`, the model, a read-only `sessionManager` over the
 * session's store (weft's entries follow pi's session format, so
 * `getEntries()`/`getBranch()` entries read as pi's do) and a
 * `modelRegistry` over the kernel's providers. Command contexts add
 * `waitForIdle`, `newSession` and `reload` (weft's /new and /reload, where
 * the mode has them); pi's other session replacement calls (fork,
 * switchSession, navigateTree) fail with a message saying so.
 */
import type { AgentSession } from "../../../agent/session.js";
import type { Kernel } from "../../../kernel/kernel.js";
import type { ModelInfo } from "../../../kernel/provider.js";
import type { ExtensionContext } from "../../types.js";
import { toPiMessage } from "./pi-events.js";
import { providerAuth } from "./pi-model-calls.js";

export interface PiContextSource {
	ctx: ExtensionContext;
	kernel: Kernel;
	session(): AgentSession | undefined;
	/** pi's ctx.ui (one object per extension). */
	ui: unknown;
	/** The system prompt of the run in progress, as the last before_agent_start saw it. */
	systemPrompt(): string;
	/** Reports a pi call weft cannot honour here (once per call). */
	unsupported(what: string, why?: string): void;
}

type Entry = { type: string; message?: any; [key: string]: unknown };

/** The session's name: the latest session_info entry (read here rather than imported, see pi-adapter.ts). */
export function sessionNameOf(entries: readonly object[]): string | undefined {
	for (let i = entries.length - 1; i >= 0; i--) {
		const entry = entries[i] as Entry;
		if (entry.type === "session_info" && typeof entry.name === "string") return entry.name;
	}
	return undefined;
}

/** An entry's label: the latest label entry naming it (read here rather than imported, see pi-adapter.ts). */
function labelOf(entries: readonly object[], id: string): string | undefined {
	for (let i = entries.length - 1; i >= 0; i--) {
		const entry = entries[i] as Entry;
		if (entry.type === "label" && entry.targetId === id)
			return typeof entry.label === "string" && entry.label !== "" ? entry.label : undefined;
	}
	return undefined;
}

/** Entries with pi's field names on assistant tool calls (`arguments`). */
const asPiEntries = (entries: readonly object[]) =>
	(entries as Entry[]).map((e) =>
		e.type === "message" && e.message ? { ...e, message: toPiMessage(e.message) } : e,
	);

function sessionManager(source: PiContextSource) {
	const store = () => source.session()?.store;
	return {
		getEntries: () => asPiEntries(store()?.entries ?? []),
		getBranch: () => asPiEntries(store()?.pathToLeaf() ?? []),
		getLeafId: () => store()?.leafId ?? null,
		getEntry: (id: string) => store()?.getEntry(id),
		getSessionFile: () => store()?.file,
		getSessionId: () => store()?.id,
		getSessionDir: () => undefined,
		getCwd: () => source.ctx.cwd,
		getHeader: () => store()?.header,
		getLabel: (id: string) => labelOf(store()?.entries ?? [], id),
		getSessionName: () => sessionNameOf(store()?.entries ?? []),
	};
}

function modelRegistry(kernel: Kernel) {
	const all = (): ModelInfo[] => kernel.providers.list().flatMap(({ value }) => value.models);
	return {
		getAll: all,
		getAvailable: all,
		find: (provider: string, id: string) => all().find((m) => m.provider === provider && m.id === id),
		getApiKey: async (model: { provider: string }) => {
			const auth = providerAuth(model);
			return auth.ok ? auth.apiKey : undefined;
		},
		getApiKeyAndHeaders: async (model: { provider: string }) => providerAuth(model),
	};
}

/** The ctx of event handlers and tools. */
export function createPiContext(source: PiContextSource) {
	const { ctx } = source;
	return {
		get cwd() {
			return ctx.cwd;
		},
		get hasUI() {
			return ctx.hasUI;
		},
		ui: source.ui,
		get model() {
			return ctx.model;
		},
		get signal() {
			return ctx.signal;
		},
		sessionManager: sessionManager(source),
		modelRegistry: modelRegistry(source.kernel),
		isIdle: () => ctx.isIdle(),
		abort: () => ctx.abort(),
		hasPendingMessages: () => false,
		shutdown: () => {
			// pi: a no-op in print and JSON mode (the run ends by itself); elsewhere, once idle, the exit a
			// user's /quit makes (session_shutdown first, the terminal restored).
			if (ctx.mode === "print" || ctx.mode === "json") return;
			const quit = source.kernel.commands.get("quit");
			if (!quit) {
				source.unsupported("ctx.shutdown()", `weft's ${ctx.mode} mode has no /quit to run`);
				return;
			}
			void waitForIdle(ctx).then(() => quit.handler("", { cwd: ctx.cwd }));
		},
		getContextUsage: () => {
			const session = source.session();
			const model = ctx.model;
			if (!session || !model) return undefined;
			const tokens = session.usage.input + session.usage.cacheRead;
			return { tokens, contextWindow: model.contextWindow, percent: (tokens / model.contextWindow) * 100 };
		},
		compact: (
			options: { customInstructions?: string; onComplete?(r: unknown): void; onError?(e: Error): void } = {},
		) => {
			const session = source.session();
			if (!session) {
				options.onError?.(new Error("there is no session to compact yet"));
				return;
			}
			session.compact({ instructions: options.customInstructions }).then(
				(outcome) => options.onComplete?.(outcome),
				(error) => options.onError?.(error instanceof Error ? error : new Error(String(error))),
			);
		},
		getSystemPrompt: () => source.systemPrompt(),
	};
}

const replacement = (call: string) => () =>
	Promise.reject(
		new Error(
			`ctx.${call} is not available to pi extensions in weft; use weft's /fork, /resume or /tree commands`,
		),
	);

/** weft's command `name` (the mode's /new or /reload), or a rejection naming what is missing; `extra` joins its context. */
function runWeftCommand(
	source: PiContextSource,
	call: string,
	name: string,
	extra: Record<string, unknown> = {},
): Promise<void> {
	const command = source.kernel.commands.get(name);
	if (!command) {
		return Promise.reject(
			new Error(`ctx.${call} needs weft's /${name}, which weft's ${source.ctx.mode} mode does not have`),
		);
	}
	return Promise.resolve(command.handler("", { ...extra, cwd: source.ctx.cwd }));
}

type PiNewSessionOptions = {
	parentSession?: string;
	setup?: unknown;
	withSession?: (ctx: unknown) => unknown;
};

/** The ctx of command handlers: the handler ctx plus pi's session-control calls. */
export function createPiCommandContext(source: PiContextSource) {
	return Object.assign(createPiContext(source), {
		waitForIdle: () => waitForIdle(source.ctx),
		// weft's /new: session_before_switch may cancel it (the session stays the same); `parentSession` is
		// recorded in the new session's header, `setup` (entries written before the switch) is reported.
		newSession: async (options: PiNewSessionOptions = {}) => {
			if (options.setup)
				source.unsupported("ctx.newSession({ setup })", "weft's /new starts an empty session");
			const before = source.session()?.id;
			const parentSession = typeof options.parentSession === "string" ? options.parentSession : undefined;
			await runWeftCommand(source, "newSession()", "new", { parentSession });
			const after = source.session()?.id;
			const cancelled = after === undefined || after === before;
			if (!cancelled) await options.withSession?.(createPiCommandContext(source));
			return { cancelled };
		},
		reload: () => runWeftCommand(source, "reload()", "reload"),
		fork: replacement("fork"),
		switchSession: replacement("switchSession"),
		navigateTree: replacement("navigateTree"),
	});
}

/** Resolves once no run is in progress (checked every 50 ms: runs end on their own schedule). */
function waitForIdle(ctx: ExtensionContext): Promise<void> {
	return new Promise((resolve) => {
		const check = () => (ctx.isIdle() ? resolve() : setTimeout(check, 50));
		check();
	});
}
