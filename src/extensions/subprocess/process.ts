/**
 * The child process of one subprocess extension: spawned in its folder, in
 * a process group of its own (so stopping it also stops what it started),
 * stdout split into frames, stderr into log lines, stdin written only
 * through the extension's frame queue. Stopping follows the protocol:
 * `shutdown`, close stdin, wait, SIGTERM, wait, SIGKILL. However the
 * process ends, its group is ended after it (see process-group.ts), so a
 * child it started that ignores SIGTERM does not outlive it.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { Writable } from "node:stream";
import { trackChild } from "../jobs.js";
import { endGroup, type GroupEnd } from "../process-group.js";
import { FrameQueue, type FrameQueueEvents } from "./frame-queue.js";
import { LineSplitter, type SplitterEvents } from "./framing.js";

export interface StopLimits {
	/** After `shutdown` and closing stdin, how long the child may take to exit (protocol: 2 s). */
	shutdownGraceMs: number;
	/** After SIGTERM, how long before SIGKILL (protocol: 1 s). */
	termGraceMs: number;
}

/** What it took to stop a process: nothing beyond closing its input, SIGTERM, or SIGKILL. */
export type Forced = "none" | "SIGTERM" | "SIGKILL";

export interface ProcessEnd {
	code: number | null;
	signal: NodeJS.Signals | null;
	/** Set when the program could not be started at all. */
	error?: string;
}

export interface ProcessEvents extends SplitterEvents, FrameQueueEvents {
	stderr(line: string): void;
	/** Called once, after the last frame on stdout was delivered. */
	exit(end: ProcessEnd): void;
	/** What ending its process group took, once the process has exited. */
	groupEnded?(end: GroupEnd): void;
}

const STDERR_LINE_MAX = 8 * 1024;
/** How long stdout may stay open after the process exited (a grandchild holding it), and the reverse. */
const DRAIN_AFTER_EXIT_MS = 200;

export class ExtensionProcess {
	readonly queue: FrameQueue;
	readonly startedAt = Date.now();
	private readonly child: ChildProcess | undefined;
	private ended: ProcessEnd | undefined;
	private exitInfo: ProcessEnd | undefined;
	private stdoutDone = false;
	private readonly done: Promise<ProcessEnd>;
	private resolveDone!: (end: ProcessEnd) => void;
	private groupEnd: Promise<GroupEnd> | undefined;

	constructor(
		command: string,
		args: readonly string[],
		/** `termGraceMs`: after the process exits, how long its group has between SIGTERM and SIGKILL. */
		options: { cwd: string; env: NodeJS.ProcessEnv; termGraceMs: number },
		private readonly events: ProcessEvents,
	) {
		this.done = new Promise((resolve) => {
			this.resolveDone = resolve;
		});
		let child: ChildProcess | undefined;
		try {
			child = spawn(command, [...args], {
				cwd: options.cwd,
				env: options.env,
				stdio: ["pipe", "pipe", "pipe"],
				detached: true,
			});
		} catch (error) {
			child = undefined;
			queueMicrotask(() => this.finish({ code: null, signal: null, error: startError(command, error) }));
		}
		this.child = child;
		const stdin = child?.stdin ?? null;
		this.queue = new FrameQueue(stdin ?? closedStream(), events);
		if (!child) return;
		trackChild(child);
		const splitter = new LineSplitter(events);
		child.stdout!.on("data", (chunk: Buffer) => splitter.push(chunk));
		child.stdout!.on("end", () => {
			splitter.end();
			this.stdoutDone = true;
			if (this.exitInfo) {
				this.finish(this.exitInfo);
				return;
			}
			// Usually the exit follows at once; a child that stays without its stdout can no longer
			// answer anything, so it counts as gone, and is ended behind the scenes.
			const timer = setTimeout(() => {
				if (this.exitInfo) return;
				this.endWithoutStdout();
				this.finish({ code: null, signal: null, error: "closed its stdout" });
			}, DRAIN_AFTER_EXIT_MS);
			timer.unref();
		});
		child.stdout!.on("error", () => {});
		this.readStderr(child);
		child.once("error", (error) =>
			this.finish({ code: null, signal: null, error: startError(command, error) }),
		);
		child.once("exit", (code, signal) => {
			this.exitInfo = { code, signal };
			// Whatever the extension started dies with it (it was its process group), also what ignores SIGTERM.
			const pid = child.pid;
			if (pid !== undefined) {
				this.groupEnd = endGroup(pid, options.termGraceMs);
				void this.groupEnd.then((end) => this.events.groupEnded?.(end));
			}
			if (this.stdoutDone) this.finish(this.exitInfo);
			else {
				const timer = setTimeout(() => {
					child.stdout?.destroy();
					this.finish(this.exitInfo!);
				}, DRAIN_AFTER_EXIT_MS);
				timer.unref();
			}
		});
	}

	get pid(): number | undefined {
		return this.ended ? undefined : this.child?.pid;
	}

	/** How the process ended; undefined while it runs. */
	get end(): ProcessEnd | undefined {
		return this.ended;
	}

	/** Resolves when the process has ended (however that happened). */
	exited(): Promise<ProcessEnd> {
		return this.done;
	}

	/**
	 * The protocol's shutdown sequence; resolves once the process is gone and
	 * its group has been ended, saying what the process itself took.
	 */
	async stop(limits: StopLimits): Promise<Forced> {
		const forced = await this.stopProcess(limits);
		await this.groupEnded();
		return forced;
	}

	/** Resolves once the group of an exited process is empty or has been sent SIGKILL. */
	async groupEnded(): Promise<GroupEnd | undefined> {
		return this.groupEnd;
	}

	private async stopProcess(limits: StopLimits): Promise<Forced> {
		if (this.ended) return "none";
		this.queue.send({ type: "shutdown" });
		this.queue.end();
		if (await this.waitFor(limits.shutdownGraceMs)) return "none";
		this.signal("SIGTERM");
		if (await this.waitFor(limits.termGraceMs)) return "SIGTERM";
		this.signal("SIGKILL");
		if (!(await this.waitFor(1_000))) {
			// Not reaped even after SIGKILL: stop waiting for it.
			this.child?.stdout?.destroy();
			this.finish({ code: null, signal: "SIGKILL" });
		}
		return "SIGKILL";
	}

	/** Ends the process at once (start-up failures). */
	kill(): void {
		this.queue.end();
		this.signal("SIGKILL");
	}

	/** SIGTERM, and SIGKILL a second later if it is still there. */
	private endWithoutStdout(): void {
		this.signal("SIGTERM");
		const timer = setTimeout(() => {
			if (!this.exitInfo) this.signal("SIGKILL");
		}, 1_000);
		timer.unref();
	}

	private waitFor(ms: number): Promise<boolean> {
		return new Promise((resolve) => {
			const timer = setTimeout(() => resolve(false), ms);
			timer.unref();
			void this.done.then(() => {
				clearTimeout(timer);
				resolve(true);
			});
		});
	}

	private signal(signal: NodeJS.Signals): void {
		const pid = this.child?.pid;
		if (pid === undefined) return;
		try {
			process.kill(-pid, signal);
		} catch {
			// The group is gone (or never formed); the process itself may still be there.
			try {
				if (!this.exitInfo) process.kill(pid, signal);
			} catch {
				// Already exited.
			}
		}
	}

	private readStderr(child: ChildProcess): void {
		let partial = "";
		child.stderr!.setEncoding("utf8");
		child.stderr!.on("data", (text: string) => {
			const parts = (partial + text).split("\n");
			partial = parts.pop() ?? "";
			if (partial.length > STDERR_LINE_MAX) {
				parts.push(partial);
				partial = "";
			}
			for (const line of parts) this.stderrLine(line);
		});
		child.stderr!.on("end", () => {
			if (partial) this.stderrLine(partial);
			partial = "";
		});
		child.stderr!.on("error", () => {});
	}

	private stderrLine(line: string): void {
		const trimmed = line.endsWith("\r") ? line.slice(0, -1) : line;
		this.events.stderr(
			trimmed.length > STDERR_LINE_MAX ? `${trimmed.slice(0, STDERR_LINE_MAX)}… (line truncated)` : trimmed,
		);
	}

	private finish(end: ProcessEnd): void {
		if (this.ended) return;
		this.ended = end;
		this.queue.end();
		this.events.exit(end);
		this.resolveDone(end);
	}
}

function startError(command: string, error: unknown): string {
	const code = (error as NodeJS.ErrnoException).code;
	if (code === "ENOENT") return `cannot run "${command}": no such program (check "exec" in extension.json)`;
	if (code === "EACCES") return `cannot run "${command}": permission denied (is it executable? chmod +x)`;
	return `cannot run "${command}": ${(error as Error).message}`;
}

/** A stand-in for the stdin of a process that never started: writes go nowhere. */
function closedStream(): Writable {
	const stream = new Writable({ write: (_chunk, _enc, cb) => cb() });
	stream.destroy();
	return stream;
}
