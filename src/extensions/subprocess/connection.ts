/**
 * One running subprocess extension: its process, the handshake (`hello` →
 * `hello_ack`, then `ready` or 250 ms of silence, within the start-up
 * limit), frame dispatch, requests it has not answered yet, missed reply
 * deadlines (the host restarts or suspends it when they pile up), and what
 * happens when it goes away — on purpose (stop) or not (crash: everything
 * it registered is removed, waiting calls fail naming it, nothing else is
 * touched). Everything odd it does is counted and logged, never thrown.
 */
import type { AgentSession } from "../../agent/session.js";
import type { Kernel } from "../../kernel/kernel.js";
import type { ExtensionRecord } from "../diagnostics.js";
import type { ExtensionState } from "../extension-state.js";
import { type DispatchTarget, FRAME_HANDLERS, RateLimit, STOPPING_FRAMES } from "./dispatch.js";
import { parseLine } from "./framing.js";
import { type Hello, readHello, StartupWait } from "./handshake.js";
import { ExtensionHealth, type InterceptStats } from "./health.js";
import type { RequestOptions, SubprocessLimits } from "./link.js";
import { resolveExec, type SubprocessManifest } from "./manifest.js";
import { MissCounter } from "./miss-counter.js";
import type { PanelManager } from "./panels.js";
import { PendingRequests, type RequestKind } from "./pending.js";
import { ExtensionProcess, type ProcessEnd } from "./process.js";
import type { Frame, HostFrame, ProtocolVersion } from "./protocol.js";
import type { SubprocessLog } from "./subprocess-log.js";
import { Subscriptions } from "./subscriptions.js";
import { formatSeconds } from "./tools.js";

export type Phase = "starting" | "registering" | "running" | "stopping" | "stopped" | "exited" | "failed";

export interface ConnectionOptions {
	manifest: SubprocessManifest;
	/** Marked failed, with the reason, if the process dies after start-up. */
	record: ExtensionRecord;
	state: ExtensionState;
	log: SubprocessLog;
	kernel: Kernel;
	env: NodeJS.ProcessEnv;
	limits: SubprocessLimits;
	/** Its own start-up limit (`extensionOptions.<name>.loadTimeoutMs`, else `limits.startupMs`). */
	startupMs: number;
	/** The bus's deadline for its intercepts. */
	interceptDeadlineMs: number;
	/** Missed reply deadlines in a row before `unresponsive` is called (0: never). */
	breakAfter: number;
	/** Called once when `breakAfter` replies in a row missed their deadline. */
	unresponsive(reason: string): void;
	/** Called when its `hello` arrives, before it registers anything (a restart clears what the old process registered). */
	beforeRegistering?(): void;
	panels: PanelManager;
	session(): AgentSession | undefined;
	insert(text: string): void;
	helloAck(protocol: ProtocolVersion): HostFrame;
	/** The host's failure report: kept for diagnostics, logged, shown to the user once per `where`. */
	report(where: string, message: string): void;
}

export interface SubprocessDiagnostics {
	pid: number | undefined;
	/** The protocol version agreed in the handshake (undefined before `hello`). */
	protocol: ProtocolVersion | undefined;
	phase: Phase;
	exec: string;
	/** Since the process started (until it ended). */
	uptimeMs: number;
	/** Starts of this extension before this one in this weft process (reloads, restarts when it stopped answering). */
	restarts: number;
	/** Replies that missed their deadline since the last one in time (suspension is in the extension's diagnostics). */
	missedInARow?: number;
	lastError: string | undefined;
	exit: ProcessEnd | undefined;
	/** Intercept round trips by event. */
	intercepts: Record<string, InterceptStats>;
	subscriptions: { events: string[]; intercepts: string[] };
	/** Protocol problems by kind (malformed lines, unknown ids, unknown frame types…). */
	problems: Record<string, number>;
	waiting: number;
	droppedFrames: number;
	logFile: string;
	hello?: Hello;
}

export class SubprocessConnection implements DispatchTarget {
	readonly name: string;
	protocol: ProtocolVersion = 1;
	readonly kernel: Kernel;
	readonly state: ExtensionState;
	readonly limits: SubprocessLimits;
	readonly interceptDeadlineMs: number;
	readonly panels: PanelManager;
	/** Dialogs of this extension waiting on the user; while any is open, its deadlines wait. */
	dialogsOpen = 0;
	readonly pending = new PendingRequests(() => this.dialogsOpen > 0);
	readonly subscriptions = new Subscriptions(this);
	readonly notifications = new RateLimit(10);
	restarts = 0;
	/** Set when the host suspends it for the session. */
	suspended: string | undefined;
	private phase: Phase = "starting";
	private readonly misses: MissCounter;
	private tripped = false;
	private process: ExtensionProcess | undefined;
	private readonly abort = new AbortController();
	private startup: StartupWait | undefined;
	private readonly health: ExtensionHealth;
	private lastStderr: string | undefined;
	private hello: Hello | undefined;
	private endedAt: number | undefined;

	constructor(private readonly options: ConnectionOptions) {
		this.name = options.manifest.name;
		this.kernel = options.kernel;
		this.state = options.state;
		this.limits = options.limits;
		this.interceptDeadlineMs = options.interceptDeadlineMs;
		this.panels = options.panels;
		this.health = new ExtensionHealth(options.state, options.log);
		this.misses = new MissCounter(options.breakAfter, (reason) => {
			// Once per process: from here on the host replaces or suspends it.
			if (this.tripped) return;
			this.tripped = true;
			// After the request that tripped it has failed with its own message, not "was restarted".
			queueMicrotask(() => this.options.unresponsive(reason));
		});
	}

	/** The record and state it runs for (a restart reuses them). */
	get owner(): { record: ExtensionRecord; state: ExtensionState } {
		return { record: this.options.record, state: this.state };
	}

	get running(): boolean {
		return (this.phase === "registering" || this.phase === "running") && this.process?.end === undefined;
	}

	get stopped(): AbortSignal {
		return this.abort.signal;
	}

	/** Why nothing can be sent to it, for error messages ("is not running", "is suspended for this session: …"). */
	get unavailable(): string {
		if (this.suspended) return `is suspended for this session (${this.suspended}); /reload restores it`;
		if (this.tripped) return "is being restarted because it stopped answering";
		if (this.phase === "starting" || this.phase === "registering") return "is still starting";
		return "is not running (/reload restarts it)";
	}

	/** Spawns the process and resolves once it is ready, or with the reason it failed to start. */
	start(): Promise<string | undefined> {
		const { manifest, log } = this.options;
		const command = resolveExec(manifest);
		log.write(`starting: ${[command, ...manifest.args].join(" ")} (in ${manifest.folder})`);
		const startup = new StartupWait(this.options.startupMs, () => this.startupLimit());
		this.startup = startup;
		this.process = new ExtensionProcess(
			command,
			manifest.args,
			{ cwd: manifest.folder, env: this.options.env, termGraceMs: this.limits.termGraceMs },
			{
				line: (line) => this.onLine(line),
				oversize: (bytes) =>
					this.problem(
						"oversize line",
						`a line passed the 4 MiB limit (${(bytes / 1024 / 1024).toFixed(1)} MiB so far); it is discarded up to its newline`,
					),
				stderr: (line) => {
					this.lastStderr = line;
					log.write(`stderr: ${line}`);
				},
				exit: (end) => this.onExit(end),
				groupEnded: (end) => {
					if (end === "SIGKILL")
						log.write(
							"processes it started were still running after it exited; they were sent SIGKILL",
							"warn",
						);
				},
				overflow: (bytes) =>
					this.problem(
						"not reading",
						`it is not reading its input (${(bytes / 1024 / 1024).toFixed(1)} MiB queued); frames to it are dropped`,
						1,
					),
				unserializable: (type, error) =>
					this.problem("unserializable", `a "${type}" frame could not be serialised: ${error.message}`),
			},
		);
		return startup.done;
	}

	/**
	 * Shutdown as the protocol says: `shutdown`, close stdin, 2 s, SIGTERM,
	 * 1 s, SIGKILL; then its process group is ended (SIGTERM, then SIGKILL
	 * after the grace period), also when the process itself had exited. One
	 * that has not said hello yet speaks no protocol to shut down by: it gets
	 * SIGTERM at once.
	 */
	async stop(why = "stopped"): Promise<void> {
		const process = this.process;
		const spoke = this.hello !== undefined;
		if (this.phase !== "stopped" && this.phase !== "failed" && this.phase !== "exited")
			this.phase = "stopping";
		this.startup?.end("stopped before it was ready");
		this.abort.abort();
		this.pending.failAll((label) => new Error(`extension "${this.name}" ${why} while running its ${label}`));
		this.panels.closeFor(this.name);
		await process?.groupEnded();
		if (process && !process.end) {
			const forced = await process.stop(spoke ? this.limits : { ...this.limits, shutdownGraceMs: 0 });
			if (forced !== "none" && spoke) {
				const message = `did not exit within ${formatSeconds(this.limits.shutdownGraceMs)} of "shutdown"; sent ${forced}`;
				this.health.lastError = message;
				this.state.recordError("shutdown", message);
				this.options.log.write(message, "warn");
			}
			this.options.log.write(`stopped (${describeEnd(process.end!)})`);
		}
		if (this.phase === "stopping") this.phase = "stopped";
		this.health.logSummary();
		this.options.log.flush();
	}

	describe(): SubprocessDiagnostics {
		const started = this.process?.startedAt;
		return {
			pid: this.process?.pid,
			protocol: this.hello ? this.protocol : undefined,
			phase: this.phase,
			exec: [this.options.manifest.exec, ...this.options.manifest.args].join(" "),
			uptimeMs: started === undefined ? 0 : (this.endedAt ?? Date.now()) - started,
			restarts: this.restarts,
			missedInARow: this.misses.count,
			lastError: this.health.lastError,
			exit: this.process?.end,
			intercepts: this.health.intercepts(),
			subscriptions: { events: this.subscriptions.events, intercepts: this.subscriptions.intercepts },
			problems: this.health.problems(),
			waiting: this.pending.size,
			droppedFrames: this.process?.queue.dropped ?? 0,
			logFile: this.options.log.path,
			hello: this.hello,
		};
	}

	// ——— Link ———

	session(): AgentSession | undefined {
		return this.options.session();
	}

	insert(text: string): void {
		this.options.insert(text);
	}

	send(frame: HostFrame): boolean {
		if (!this.running || !this.process) return false;
		return this.process.queue.send(frame);
	}

	request(
		kind: RequestKind,
		label: string,
		build: (id: string) => HostFrame,
		options: RequestOptions,
	): Promise<Frame> {
		if (!this.running) return Promise.reject(new Error(`extension "${this.name}" ${this.unavailable}`));
		// One request counts once: at its deadline if it has one, else when it times out.
		let missed = false;
		const miss = () => {
			if (missed) return;
			missed = true;
			this.misses.missed(label);
		};
		const { id, response } = this.pending.create(
			kind,
			label,
			options.timeoutMs,
			() => {
				if (!missed) this.problem("timeout", options.timeoutMessage);
				miss();
				return new Error(options.timeoutMessage);
			},
			options.onUpdate,
			options.deadlineMs === undefined
				? undefined
				: {
						afterMs: options.deadlineMs,
						onLate: () => {
							miss();
							options.onLate?.();
						},
					},
		);
		void response.then(
			() => {
				if (!missed) this.misses.answered();
			},
			() => {},
		);
		const signal = options.signal;
		if (signal) {
			const onAbort = () => this.pending.fail(id, new Error(`the call of ${label} was aborted`));
			if (signal.aborted) onAbort();
			else {
				signal.addEventListener("abort", onAbort, { once: true });
				void response.then(
					() => signal.removeEventListener("abort", onAbort),
					() => signal.removeEventListener("abort", onAbort),
				);
			}
		}
		if (!this.send(build(id)))
			this.pending.fail(id, new Error(`extension "${this.name}" is not reading its input`));
		return response;
	}

	problem(kind: string, message: string, logLimit = 3): void {
		this.health.problem(kind, message, logLimit);
	}

	report(where: string, message: string): void {
		this.health.lastError = message;
		this.options.report(where, message);
	}

	interceptTime(event: string, ms: number, answered: boolean): void {
		this.health.interceptTime(event, ms, answered);
	}

	ready(): void {
		if (this.phase !== "registering") return;
		this.phase = "running";
		const { kernel, name } = this;
		this.options.log.write(
			`ready (protocol v${this.protocol}): ${kernel.tools.names(name).length} tools, ${kernel.commands.names(name).length} commands`,
		);
		this.startup?.end(undefined);
	}

	// ——— frames and lifecycle ———

	private onLine(line: Buffer): void {
		const parsed = parseLine(line);
		if (parsed.kind === "blank") return;
		if (this.phase === "starting") {
			const hello =
				parsed.kind === "error"
					? `its first line must be a "hello" frame, but it was ${parsed.message}`
					: readHello(parsed.frame);
			if (typeof hello === "string") this.fail(hello);
			else this.onHello(hello);
			return;
		}
		if (parsed.kind === "error") {
			this.problem("malformed line", parsed.message);
			return;
		}
		const { frame } = parsed;
		if (this.phase === "stopping" && !STOPPING_FRAMES.has(frame.type)) return;
		if (!this.running && this.phase !== "stopping") return;
		if (this.phase === "registering") this.startup?.quietFor(this.limits.silenceMs, () => this.ready());
		const handler = FRAME_HANDLERS[frame.type];
		if (!handler) {
			this.problem(`unknown frame type "${frame.type}"`, `unknown frame type "${frame.type}" ignored`, 1);
			return;
		}
		try {
			handler(this, frame);
		} catch (error) {
			this.problem("handling", `a "${frame.type}" frame could not be handled: ${(error as Error).message}`);
		}
	}

	private onHello(hello: Hello): void {
		this.hello = hello;
		this.protocol = hello.protocol;
		if (hello.name !== this.name) {
			this.options.log.write(`its hello says "${hello.name}"; the manifest's name "${this.name}" is used`);
		}
		this.phase = "registering";
		this.options.beforeRegistering?.();
		this.send(this.options.helloAck(this.protocol));
		this.startup?.quietFor(this.limits.silenceMs, () => this.ready());
	}

	private startupLimit(): void {
		const limit = formatSeconds(this.options.startupMs);
		if (this.phase === "starting") this.fail(`did not send "hello" within ${limit}`);
		else if (this.phase === "registering") {
			this.options.log.write(`still registering after ${limit}; treated as ready`, "warn");
			this.ready();
		}
	}

	/** Start-up failed: the process is ended and the host marks the extension failed with `reason`. */
	private fail(reason: string): void {
		if (!this.startup?.waiting) return;
		this.phase = "failed";
		this.health.lastError = reason;
		this.options.log.write(`failed to start: ${reason}`, "error");
		this.abort.abort();
		this.process?.kill();
		this.startup.end(reason);
		this.options.log.flush();
	}

	private onExit(end: ProcessEnd): void {
		this.endedAt = Date.now();
		const how = describeEnd(end);
		if (this.phase === "starting" || this.phase === "registering") {
			const stderr = this.lastStderr ? ` (stderr: ${this.lastStderr})` : "";
			this.fail(end.error ?? `${how} during start-up${stderr}`);
			return;
		}
		if (this.phase !== "running") return;
		this.phase = "exited";
		this.health.lastError = how;
		this.abort.abort();
		this.pending.failAll((label) => new Error(`extension "${this.name}" ${how} while running its ${label}`));
		this.panels.closeFor(this.name);
		this.kernel.removeOwner(this.name);
		this.state.alive = false;
		this.state.pending.length = 0;
		this.options.record.status = "failed";
		this.options.record.reason = `${how} after start-up; /reload restarts it`;
		this.options.report(
			"process",
			`${how}; its tools, commands and handlers were removed (/reload restarts it)`,
		);
		this.health.logSummary();
		this.options.log.flush();
	}
}

function describeEnd(end: ProcessEnd): string {
	if (end.error) return end.error;
	if (end.signal) return `was killed by ${end.signal}`;
	return `exited with code ${end.code}`;
}
