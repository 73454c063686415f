/**
 * Builds a ready session from configuration: settings, model resolution,
 * providers and built-in tools registered through the kernel registries (the
 * same calls extensions use), the session store, and the system prompt.
 * This is what the CLI runs and what the SDK exports.
 */
import { resolve } from "node:path";
import { ConfigError, resolveModel } from "../ai/model-resolution.js";
import { loadSettings, type Settings } from "../ai/settings.js";
import { weftHome } from "../base/paths.js";
import { Kernel } from "../kernel/kernel.js";
import { BUILTIN_OWNER } from "../kernel/owner.js";
import type { ThinkingLevel } from "../kernel/provider.js";
import { AgentSession, type SessionOptions } from "./session.js";
import { SessionFileError } from "./session-entries.js";
import { forkSession } from "./session-fork.js";
import { SessionStore } from "./session-store.js";
import { buildSystemPrompt, ignoredProjectPrompt } from "./system-prompt.js";
import { builtinTools } from "./tools/index.js";
import { SpillFiles } from "./tools/spill-files.js";

export interface CreateSessionOptions {
	cwd?: string;
	/** weft's home folder; default `WEFT_HOME` or `~/.weft`. */
	home?: string;
	env?: NodeJS.ProcessEnv;
	mode?: string;
	provider?: string;
	model?: string;
	thinking?: ThinkingLevel;
	/**
	 * Which session to use: a fresh one (default), the latest of this folder, an
	 * id, a file, or a fork (a new session holding the current branch of the
	 * session with this id or unique prefix). `forked`: `file` was just forked
	 * from another session, so `session_start` says "fork". `parentSession`:
	 * a fresh session's header names this session (a file path, as pi
	 * records it) as the one it continues.
	 */
	session?: {
		continue?: boolean;
		resume?: string;
		file?: string;
		persist?: boolean;
		fork?: string;
		forked?: boolean;
		parentSession?: string;
	};
	/** Built-in tools to enable (default: all). */
	tools?: string[];
	/**
	 * Replaces the base system prompt (weft's default and any SYSTEM.md), as a
	 * SYSTEM.md does: context files, `appendSystemPrompt`, date, cwd and
	 * APPEND_SYSTEM.md are still appended.
	 */
	systemPrompt?: string;
	appendSystemPrompt?: string;
	/** Use this kernel (e.g. one extensions were already loaded into). */
	kernel?: Kernel;
	/**
	 * Where bash spills long output, when several sessions share one kernel
	 * (the SDK's pool): the built-in tools are the kernel's, so their spill
	 * files cannot belong to one session, and whoever passes them removes
	 * them. Default: the session's own, removed at its shutdown.
	 */
	spillFiles?: SpillFiles;
	/** Wraps each run of the session in the caller's async context (SessionOptions.runScope). */
	runScope?: SessionOptions["runScope"];
	/** Settings to use instead of reading the settings files. */
	settings?: Settings;
	/**
	 * Whether the project folder is trusted (default true): when false, the
	 * project's settings are limited to the untrusted allow-list and its
	 * `.weft/SYSTEM.md` is not used (docs/security.md).
	 */
	projectTrusted?: boolean;
}

export interface CreatedSession {
	session: AgentSession;
	kernel: Kernel;
	settings: Settings;
	/** Things the user should know that didn't stop start-up (torn session line, auto-detected model…). */
	warnings: string[];
}

export { ConfigError };

export async function createAgentSession(options: CreateSessionOptions = {}): Promise<CreatedSession> {
	const cwd = resolve(options.cwd ?? process.cwd());
	const env = options.env ?? process.env;
	const home = options.home ?? weftHome(env);
	const warnings: string[] = [];
	let settings = options.settings;
	if (!settings) {
		const loaded = loadSettings({ cwd, home, projectTrusted: options.projectTrusted });
		settings = loaded.settings;
		warnings.push(...loaded.warnings);
	}

	const kernel = options.kernel ?? new Kernel();
	const spillFiles = options.spillFiles ?? new SpillFiles();
	registerBuiltinTools(kernel, options.tools, spillFiles);

	const opened = openStore(home, cwd, options.session);
	const { reason, skipped } = opened;
	let { store } = opened;
	warnings.push(...skipped, ...store.warnings.map((w) => w.message), ...store.repairs);

	const context = store.buildContext();
	const restored = context.model;
	const resolution = await resolveModel({
		settings,
		home,
		env,
		provider: options.provider ?? (options.model ? undefined : restored?.provider),
		model: options.model ?? (options.provider ? undefined : restored?.model),
		extraProviders: kernel.providers
			.list()
			.filter((r) => r.owner !== BUILTIN_OWNER)
			.map((r) => r.value),
	});
	if (resolution.note) warnings.push(resolution.note);
	// Forked only once the model resolved: a first run that stops for /login and starts again forks once.
	if (options.session?.fork) store = await forkStore(kernel, store, home, cwd);
	for (const provider of resolution.providers) {
		const outcome = kernel.providers.register(provider.name, provider, BUILTIN_OWNER);
		if (!outcome.ok)
			warnings.push(`provider "${provider.name}" is already registered by ${outcome.conflict.winner}`);
	}

	const appendSections = options.appendSystemPrompt ? [options.appendSystemPrompt] : [];
	const projectTrusted = options.projectTrusted !== false;
	const ignoredPrompt = projectTrusted ? undefined : ignoredProjectPrompt({ cwd, home });
	if (ignoredPrompt && options.systemPrompt === undefined) warnings.push(ignoredPrompt);
	const session = new AgentSession({
		kernel,
		cwd,
		store,
		model: resolution.model,
		mode: options.mode ?? "sdk",
		thinking: options.thinking ?? settings.thinking ?? context.thinkingLevel,
		restored: context,
		retry: settings.retry,
		idleTimeoutMs: settings.idleTimeoutMs,
		compaction: settings.compaction,
		// The settings object itself: RPC's set_steering_mode / set_follow_up_mode change it for every session.
		delivery: settings,
		spillFiles: options.spillFiles ? undefined : spillFiles,
		startReason: reason,
		runScope: options.runScope,
		systemPrompt: (tools) =>
			buildSystemPrompt({
				cwd,
				home,
				tools,
				appendSections,
				projectTrusted,
				basePrompt: options.systemPrompt,
			}),
	});
	if (
		restored &&
		(restored.provider !== resolution.model.provider || restored.model !== resolution.model.id)
	) {
		session.setModel(resolution.model);
	}
	return { session, kernel, settings, warnings };
}

function registerBuiltinTools(kernel: Kernel, only: string[] | undefined, spills: SpillFiles): void {
	const tools = builtinTools({ spills });
	if (only) {
		const known = new Set(tools.map((t) => t.name));
		const unknown = only.filter((name) => !known.has(name));
		if (unknown.length > 0) {
			throw new ConfigError(
				`unknown tool(s) ${unknown.join(", ")}; built-in tools are ${[...known].join(", ")}`,
			);
		}
	}
	for (const tool of tools) {
		if (!only || only.includes(tool.name)) kernel.tools.register(tool.name, tool, BUILTIN_OWNER);
	}
}

interface OpenedStore {
	store: SessionStore;
	reason: "new" | "resume" | "continue" | "fork";
	/** Session files --continue passed over because they cannot be read, one line each. */
	skipped: string[];
}

function openStore(home: string, cwd: string, choice: CreateSessionOptions["session"] = {}): OpenedStore {
	const persist = choice.persist !== false;
	if (choice.file)
		return {
			store: SessionStore.open(resolve(cwd, choice.file), { persist }),
			reason: choice.forked ? "fork" : "resume",
			skipped: [],
		};
	const byId = choice.resume ?? choice.fork;
	if (byId) {
		const file = SessionStore.findById({ home, cwd, id: byId });
		if (!file)
			throw new ConfigError(`no session with id "${byId}" (weft keeps sessions under ${home}/sessions)`);
		// The session to fork from is only read: the fork is written by forkStore.
		if (choice.fork)
			return { store: SessionStore.open(file, { persist: false }), reason: "fork", skipped: [] };
		return { store: SessionStore.open(file, { persist }), reason: "resume", skipped: [] };
	}
	const skipped: string[] = [];
	if (choice.continue) {
		// A file left empty or unreadable by a crash must not block --continue: the newest usable one is meant.
		for (const file of SessionStore.byRecency({ home, cwd })) {
			try {
				return { store: SessionStore.open(file, { persist }), reason: "continue", skipped };
			} catch (error) {
				if (!(error instanceof SessionFileError)) throw error;
				skipped.push(`--continue skipped ${file}: ${error.reason} (the file is left untouched)`);
			}
		}
	}
	return {
		store: SessionStore.create({ home, cwd, persist, parentSession: choice.parentSession }),
		reason: "new",
		skipped,
	};
}

/** `--fork`: a new session file holding the source's current branch, opened for writing. */
async function forkStore(
	kernel: Kernel,
	source: SessionStore,
	home: string,
	cwd: string,
): Promise<SessionStore> {
	const outcome = await forkSession({ kernel, source, home, cwd });
	if (!outcome.forked) {
		throw new ConfigError(
			`forking session ${source.id} was cancelled by an extension${outcome.reason ? `: ${outcome.reason}` : ""}`,
		);
	}
	return SessionStore.open(outcome.file, { persist: true });
}
