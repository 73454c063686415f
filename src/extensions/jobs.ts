/**
 * Child processes owned by extensions: jobs (`spawnJob`, long-running, lines
 * streamed) and `exec` calls. Each runs in its own process group so stopping
 * it also stops whatever it started; everything an extension spawned is
 * killed when it unloads, and anything still running when weft exits is
 * killed on the way out (a detached group would otherwise outlive weft).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { createInterface } from "node:readline";
import type { JobHandle, JobOptions } from "./types.js";

/** Time between SIGTERM and SIGKILL when a process group is stopped. */
const KILL_GRACE_MS = 2_000;

const live = new Set<ChildProcess>();
let exitHookInstalled = false;

/** Signals the child's whole process group; SIGTERM is followed by SIGKILL if it is still there. */
export function killProcessGroup(child: ChildProcess, signal: NodeJS.Signals = "SIGTERM"): void {
	if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
	signalGroup(child.pid, signal);
	if (signal === "SIGKILL") return;
	const timer = setTimeout(() => {
		if (child.exitCode === null && child.signalCode === null) signalGroup(child.pid!, "SIGKILL");
	}, KILL_GRACE_MS);
	timer.unref();
	child.once("exit", () => clearTimeout(timer));
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
	try {
		process.kill(-pid, signal);
	} catch {
		// The group is gone already (or was never created): try the process itself.
		try {
			process.kill(pid, signal);
		} catch {
			// Already exited.
		}
	}
}

/** Remembers a child until it exits, so weft's exit can stop it. */
export function trackChild(child: ChildProcess): void {
	live.add(child);
	child.once("exit", () => live.delete(child));
	if (!exitHookInstalled) {
		exitHookInstalled = true;
		process.once("exit", () => {
			for (const c of live) killProcessGroup(c, "SIGKILL");
		});
	}
}

export interface JobsOptions {
	/** A callback into extension code threw (onLine, onExit) or the process could not start. */
	onError(owner: string, where: string, error: unknown): void;
	/** Wraps calls into extension code (the host marks them for the watchdog). */
	run?<T>(owner: string, what: string, fn: () => T): T;
}

export class Jobs {
	private readonly byOwner = new Map<string, Set<ChildProcess>>();

	constructor(private readonly options: JobsOptions) {}

	spawn(owner: string, command: string, args: readonly string[] = [], options: JobOptions = {}): JobHandle {
		const child = spawn(command, [...args], {
			cwd: options.cwd,
			env: options.env,
			stdio: ["pipe", "pipe", "pipe"],
			detached: true,
		});
		this.adopt(owner, child);
		const call = (where: string, fn: () => unknown) => {
			try {
				const run = this.options.run ?? ((_o: string, _w: string, f: () => unknown) => f());
				run(owner, where, fn);
			} catch (error) {
				this.options.onError(owner, where, error);
			}
		};
		for (const stream of ["stdout", "stderr"] as const) {
			const lines = createInterface({ input: child[stream], crlfDelay: Number.POSITIVE_INFINITY });
			if (options.onLine)
				lines.on("line", (line) => call(`job ${command} onLine`, () => options.onLine!(line, stream)));
		}
		// An ended or broken stdin must not surface as an uncaught error.
		child.stdin.on("error", () => {});
		const done = new Promise<number | null>((resolve) => {
			child.once("error", (error) => {
				this.options.onError(owner, `job ${command}`, new Error(`cannot run "${command}": ${error.message}`));
				resolve(null);
			});
			child.once("close", (code, signal) => {
				if (options.onExit) call(`job ${command} onExit`, () => options.onExit!(code, signal));
				resolve(code);
			});
		});
		return {
			pid: child.pid,
			done,
			write: (text) => {
				if (child.stdin.writable) child.stdin.write(text);
			},
			kill: (signal) => killProcessGroup(child, signal),
		};
	}

	/** Tracks a process an extension started (jobs and exec calls) so unloading stops it. */
	adopt(owner: string, child: ChildProcess): void {
		trackChild(child);
		let set = this.byOwner.get(owner);
		if (!set) {
			set = new Set();
			this.byOwner.set(owner, set);
		}
		set.add(child);
		child.once("exit", () => set.delete(child));
		child.once("error", () => set.delete(child));
	}

	/** Stops every process of one extension; returns how many were still running. */
	killOwner(owner: string): number {
		const set = this.byOwner.get(owner);
		this.byOwner.delete(owner);
		if (!set) return 0;
		for (const child of set) killProcessGroup(child);
		return set.size;
	}

	count(owner: string): number {
		return this.byOwner.get(owner)?.size ?? 0;
	}
}
