/**
 * The subprocess side of the extension host: starts one connection per
 * subprocess extension (the extension host starts them all in parallel,
 * alongside in-process ones), stops them together, counts restarts across
 * reloads, and holds what the terminal UI needs from them (the open panel,
 * where `insert` goes).
 *
 * The breaker: an extension whose replies miss their deadline `breakAfter`
 * times in a row (`extensionOptions.<name>.breakAfter`, default 3; 0:
 * never) is restarted once; when the new process misses `breakAfter` in a
 * row too, it is stopped and suspended on the bus for the session (a
 * fail-closed gate it handles blocks at once naming it, its tools and
 * commands fail at once), until /reload.
 *
 *   host.subprocess.panels.onChange(draw);          // the open panel
 *   host.subprocess.onInsert = (text) => composer.insert(text);
 */
import { delimiter, join } from "node:path";
import { pathToFileURL } from "node:url";
import type { AgentSession } from "../../agent/session.js";
import { resolveModel } from "../../ai/model-resolution.js";
import type { Settings } from "../../ai/settings.js";
import { DEFAULT_BREAK_AFTER } from "../../kernel/circuit-breaker.js";
import { DEFAULT_DEADLINE_MS } from "../../kernel/event-bus.js";
import { EVENT_NAMES } from "../../kernel/events.js";
import type { Kernel } from "../../kernel/kernel.js";
import type { ExtensionRecord } from "../diagnostics.js";
import type { LogLevel } from "../extension-log.js";
import { extensionOptions } from "../extension-settings.js";
import type { ExtensionState } from "../extension-state.js";
import { SubprocessConnection, type SubprocessDiagnostics } from "./connection.js";
import { formerDataDir, moveFormerData } from "./data-dir.js";
import { DEFAULT_LIMITS, type SubprocessLimits } from "./link.js";
import { readManifest } from "./manifest.js";
import { PanelManager } from "./panels.js";
import type { HostFrame, ProtocolVersion } from "./protocol.js";
import { SubprocessLog } from "./subprocess-log.js";
import { weftPackage } from "./weft-package.js";

export type { SubprocessDiagnostics } from "./connection.js";
export type { SubprocessLimits } from "./link.js";

export interface SubprocessHostOptions {
	kernel: Kernel;
	cwd: string;
	home: string;
	settings: Settings;
	/** The children's environment (default process.env); weft adds the SDK locations. */
	env?: NodeJS.ProcessEnv;
	/** The `--provider` / `--model` flags: `hello_ack` names what they resolve to while no session has a model. */
	model?: { provider?: string; model?: string };
	limits?: Partial<SubprocessLimits>;
	session(): AgentSession | undefined;
	/** The extension host's failure report (kept, logged, shown once per `where`). */
	report(owner: string, where: string, message: string): void;
	/** Receives every log line too (stderr with --verbose). */
	onLog?: (name: string, level: LogLevel, message: string) => void;
}

export class SubprocessHost {
	readonly panels = new PanelManager();
	/** Where the `insert` command action puts its text; the terminal UI sets it. Unset: shown as a note. */
	onInsert: ((text: string) => void) | undefined;
	private readonly connections = new Map<string, SubprocessConnection>();
	private readonly starts = new Map<string, number>();
	/** Extensions restarted since the last reload because they stopped answering (each is restarted once). */
	private readonly restartedUnanswering = new Set<string>();
	private readonly limits: SubprocessLimits;
	private requested: Promise<{ provider: string; model: string }> | undefined;

	constructor(private readonly options: SubprocessHostOptions) {
		this.limits = { ...DEFAULT_LIMITS, ...options.limits };
	}

	/** The log a subprocess extension's state uses: its stderr and the host's notes, rotated. */
	createLog(name: string): SubprocessLog {
		return new SubprocessLog(name, this.options.home, this.options.onLog);
	}

	/** How long `loadAll` waits for subprocess extensions before leaving them to start in the background. */
	get readyWaitMs(): number {
		return this.limits.readyWaitMs;
	}

	/**
	 * Starts one extension; throws with the reason when it does not become
	 * ready. `replacing`: a restart, whose process takes over what the old
	 * one registered (removed once the new one says hello).
	 */
	async start(record: ExtensionRecord, state: ExtensionState, replacing = false): Promise<void> {
		const folder = record.entry ? join(record.entry, "..") : record.source;
		const read = readManifest(folder);
		if (!read.ok) throw new Error(read.reason);
		const manifest = { ...read.manifest, name: record.name };
		const { name } = record;
		const starts = (this.starts.get(name) ?? 0) + 1;
		this.starts.set(name, starts);
		const beforeSession = await this.modelInEffect();
		const { kernel, settings } = this.options;
		const own = extensionOptions(settings, name);
		const log = state.log instanceof SubprocessLog ? state.log : this.createLog(name);
		moveFormerData(formerDataDir(this.options.home, name), manifest.folder, log);
		const connection: SubprocessConnection = new SubprocessConnection({
			manifest,
			record,
			state,
			log,
			kernel,
			env: this.childEnv(),
			limits: this.limits,
			startupMs: own.loadTimeoutMs ?? this.limits.startupMs,
			interceptDeadlineMs: own.deadlineMs ?? DEFAULT_DEADLINE_MS,
			breakAfter: own.breakAfter ?? DEFAULT_BREAK_AFTER,
			unresponsive: (reason) => void this.unanswering(connection, reason),
			beforeRegistering: replacing ? () => kernel.removeOwner(name) : undefined,
			panels: this.panels,
			session: this.options.session,
			insert: (text) => (this.onInsert ? this.onInsert(text) : state.ui.notify(`insert: ${text}`)),
			helloAck: (protocol) => this.helloAck(protocol, manifest.folder, beforeSession),
			report: (where, message) => this.options.report(name, where, message),
		});
		connection.restarts = starts - 1;
		this.connections.set(name, connection);
		const failure = await connection.start();
		if (failure) throw new Error(failure);
	}

	/** Stops every extension (in parallel) and forgets them; restart counts are kept, the restart budget is not. */
	async stopAll(): Promise<void> {
		const all = [...this.connections.values()];
		this.connections.clear();
		this.restartedUnanswering.clear();
		await Promise.all(all.map((c) => c.stop()));
	}

	/** Sends an event the extension subscribed to only to it (lifecycle events it started too late to see). */
	replay(name: string, event: "session_load" | "session_start" | "startup", payload: object): void {
		this.connections.get(name)?.subscriptions.replay(event, payload);
	}

	/**
	 * `breakAfter` replies in a row missed their deadline: the first time since
	 * the last reload it is restarted, the next time suspended for the session.
	 */
	private async unanswering(connection: SubprocessConnection, reason: string): Promise<void> {
		const { name } = connection;
		const { record, state } = connection.owner;
		if (this.connections.get(name) !== connection) return;
		if (this.restartedUnanswering.has(name)) {
			const why = `${reason}, again after a restart`;
			connection.suspended = why;
			// The extension host hears this (bus.onSuspend): one notice, the log, diagnostics.
			this.options.kernel.bus.suspend(name, why);
			await connection.stop("was suspended");
			return;
		}
		this.restartedUnanswering.add(name);
		state.log.write(`restarting: ${reason}`, "warn");
		state.ui.notify(`extension "${name}" stopped answering (${reason}); restarting it`, "warning");
		await connection.stop("was restarted");
		if (this.connections.get(name) !== connection || !state.alive) return;
		try {
			await this.start(record, state, true);
			state.log.write("restarted");
		} catch (error) {
			if (this.connections.get(name)?.owner.state !== state) return;
			const message = (error as Error).message;
			record.status = "failed";
			record.reason = `failed to restart after it stopped answering: ${message}`;
			this.options.kernel.removeOwner(name);
			state.alive = false;
			state.pending.length = 0;
			this.options.report(name, "restart", record.reason);
		}
	}

	describe(name: string): SubprocessDiagnostics | undefined {
		return this.connections.get(name)?.describe();
	}

	/**
	 * The provider and model `hello_ack` names: the session's once there is
	 * one; before that (extensions start before the session), what the
	 * session will resolve from the flags and settings, as the original agent
	 * reports it. Resolved once per host, without probing for a local server;
	 * what cannot be resolved is reported as asked.
	 */
	private modelInEffect(): Promise<{ provider: string; model: string }> {
		const { settings, home, env, kernel } = this.options;
		const asked = this.options.model ?? {};
		this.requested ??= resolveModel({
			settings,
			home,
			env,
			provider: asked.provider,
			model: asked.model,
			extraProviders: kernel.providers.list().map((r) => r.value),
			detectLocal: async () => undefined,
		}).then(
			({ model }) => ({ provider: model.provider, model: model.id }),
			() => ({
				provider: asked.provider ?? settings.defaultProvider ?? "",
				model: asked.model ?? settings.defaultModel ?? "",
			}),
		);
		return this.requested;
	}

	private helloAck(
		protocol: ProtocolVersion,
		folder: string,
		beforeSession: { provider: string; model: string },
	): HostFrame {
		const { cwd } = this.options;
		const model = this.options.session()?.model;
		const inEffect = model ? { provider: model.provider, model: model.id } : beforeSession;
		const version = weftPackage().version;
		return {
			type: "hello_ack",
			protocol_version: protocol,
			zot_version: version,
			weft_version: version,
			provider: inEffect.provider,
			model: inEffect.model,
			cwd,
			extension_dir: folder,
			// The original agent's data folder is the extension's own (data-dir.ts).
			data_dir: folder,
			...(protocol >= 2 ? { events: [...EVENT_NAMES] } : {}),
		};
	}

	/** The inherited environment plus where the SDKs are (Python finds `weft_extension` by itself). */
	private childEnv(): NodeJS.ProcessEnv {
		const env = { ...(this.options.env ?? process.env) };
		const root = weftPackage().root;
		const python = join(root, "sdk", "python");
		env.WEFT_PYTHON_SDK = python;
		env.PYTHONPATH = env.PYTHONPATH ? `${python}${delimiter}${env.PYTHONPATH}` : python;
		env.PYTHONUNBUFFERED ??= "1";
		env.WEFT_NODE_SDK = pathToFileURL(join(root, "dist", "extensions", "subprocess", "sdk.js")).href;
		return env;
	}
}
