/**
 * Child processes owned by extensions: jobs (`spawnJob`, long-running, lines
 * streamed) and `exec` calls. Each runs in its own process group so stopping
 * it also stops whatever it started; everything an extension spawned is
 * killed when it unloads, and anything still running when weft exits is
 * killed on the way out (a detached group would otherwise outlive weft).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { endGroup, groupAlive, signalGroup } from "./process-group.js";
import type { JobHandle, JobOptions } from "./types.js";

/** Time between SIGTERM and SIGKILL when a process group is stopped. */
const KILL_GRACE_MS = 2_000;

/** Groups whose leader weft started and that may still have members; weft's exit kills what is left. */
const groups = new Set<number>();
let exitHookInstalled = false;

/**
 * Ends the child's whole process group: SIGTERM, then SIGKILL after the
 * grace period if anything is left — also when the child itself has already
 * exited but something it started has not (see process-group.ts).
 */
export function killProcessGroup(child: ChildProcess, signal: NodeJS.Signals = "SIGTERM"): void {
	const pgid = child.pid;
	if (pgid === undefined) return;
	if (signal === "SIGKILL") {
		signalGroup(pgid, "SIGKILL");
		return;
	}
	void endGroup(pgid, KILL_GRACE_MS, signal).then(() => forgetIfEmpty(pgid));
}

/** Remembers a child's group until it is empty, so weft's exit can stop what is left of it. */
export function trackChild(child: ChildProcess): void {
	const pgid = child.pid;
	if (pgid === undefined) return;
	groups.add(pgid);
	// The leader's exit may leave members behind (a grandchild that ignores SIGTERM); keep the group while it has any.
	child.once("exit", () => forgetIfEmpty(pgid));
	if (!exitHookInstalled) {
		exitHookInstalled = true;
		process.once("exit", () => {
			for (const group of groups) signalGroup(group, "SIGKILL");
		});
	}
}

/** An empty group is forgotten at once: its number may later be reused by an unrelated group. */
function forgetIfEmpty(pgid: number): void {
	if (!groupAlive(pgid)) groups.delete(pgid);
}

export interface JobsOptions {
	/** A callback into extension code threw (onLine, onExit) or the process could not start. */
	onError(owner: string, where: string, error: unknown): void;
	/** Wraps calls into extension code (the host marks them for the watchdog). */
	run?<T>(owner: string, what: string, fn: () => T): T;
}

export class Jobs {
	/** Each extension's children that are still running. */
	private readonly byOwner = new Map<string, Set<ChildProcess>>();
	/** Each extension's process groups, kept after their leader exits while members remain. */
	private readonly groupsByOwner = new Map<string, Set<number>>();

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
		if (child.pid === undefined) return;
		let groups = this.groupsByOwner.get(owner);
		if (!groups) {
			groups = new Set();
			this.groupsByOwner.set(owner, groups);
		}
		groups.add(child.pid);
	}

	/**
	 * Stops every process of one extension — the group of each child it
	 * started, also when that child already exited but left something
	 * behind; returns how many children were still running.
	 */
	killOwner(owner: string): number {
		const set = this.byOwner.get(owner) ?? new Set();
		const groups = this.groupsByOwner.get(owner) ?? new Set();
		this.byOwner.delete(owner);
		this.groupsByOwner.delete(owner);
		for (const child of set) killProcessGroup(child);
		const running = new Set([...set].map((child) => child.pid));
		for (const pgid of groups) {
			if (!running.has(pgid) && groupAlive(pgid))
				void endGroup(pgid, KILL_GRACE_MS).then(() => forgetIfEmpty(pgid));
		}
		return set.size;
	}

	count(owner: string): number {
		return this.byOwner.get(owner)?.size ?? 0;
	}
}
