/**
 * Makes a synchronous extension call that never returns visible. JavaScript
 * cannot pre-empt a synchronous loop in-process, and while one runs the main
 * thread handles nothing — not timers, not Ctrl-C (weft's SIGINT handler is
 * JavaScript too). So every call into extension code marks, in shared
 * memory, which extension is running what; a small worker thread (its own
 * event loop, unaffected by the blocked one) reads that mark and, when one
 * call has run longer than `stuckMs`, writes one line to stderr naming the
 * extension and how to stop weft. It cannot stop the loop; it makes sure the
 * user is not left guessing.
 */
import { Worker } from "node:worker_threads";

export interface RunningCall {
	owner: string;
	what: string;
	since: number;
}

export interface WatchdogOptions {
	/** Report a call that has not returned after this long (default 3 s). */
	stuckMs?: number;
	/** File descriptor for the report (default 2, stderr). */
	fd?: number;
}

// Shared state: [slot of the running call (0 = none), episode counter, start time (ms since `base`)].
const SLOT = 0;
const EPISODE = 1;
const SINCE = 2;

// CommonJS source for the worker: polls the shared mark and reports each stuck episode once.
// It writes with fs.writeSync because the worker's process.stderr is piped through the (blocked) main thread.
const WORKER_SOURCE = `
const { workerData, parentPort } = require("node:worker_threads");
const { writeSync } = require("node:fs");
const state = new Int32Array(workerData.buffer);
const names = new Map();
let reported = -1;
parentPort.on("message", (m) => names.set(m.slot, m));
setInterval(() => {
	const slot = Atomics.load(state, ${SLOT});
	if (slot === 0) return;
	const episode = Atomics.load(state, ${EPISODE});
	if (episode === reported) return;
	const ms = Date.now() - workerData.base - Atomics.load(state, ${SINCE});
	if (ms < workerData.stuckMs) return;
	reported = episode;
	const call = names.get(slot);
	const who = call ? 'extension "' + call.owner + '" has been running ' + call.what : "an extension has been running";
	try {
		writeSync(workerData.fd, "weft: " + who + " for " + (ms / 1000).toFixed(1) + " s without returning. " +
			"A synchronous loop cannot be interrupted in-process and Ctrl-C is not handled while it runs; " +
			"stop weft with: kill -9 " + workerData.pid + "\\n");
	} catch {}
}, Math.max(50, Math.min(250, workerData.stuckMs / 4)));
`;

export class Watchdog {
	private readonly state = new Int32Array(new SharedArrayBuffer(3 * Int32Array.BYTES_PER_ELEMENT));
	private readonly base = Date.now();
	private readonly slots = new Map<string, number>();
	private readonly calls: RunningCall[] = [{ owner: "", what: "", since: 0 }];
	private worker: Worker | undefined;
	private readonly stuckMs: number;
	private readonly fd: number;

	constructor(options: WatchdogOptions = {}) {
		this.stuckMs = options.stuckMs ?? 3_000;
		this.fd = options.fd ?? 2;
	}

	/** Starts the reporting thread (idempotent). Until then calls are still marked, for `current()`. */
	start(): void {
		if (this.worker) return;
		this.worker = new Worker(WORKER_SOURCE, {
			eval: true,
			workerData: {
				buffer: this.state.buffer,
				base: this.base,
				stuckMs: this.stuckMs,
				fd: this.fd,
				pid: process.pid,
			},
		});
		this.worker.unref();
		this.worker.on("error", () => {
			// A watchdog that cannot run must not take weft down with it.
			this.worker = undefined;
		});
		for (const [index, call] of this.calls.entries())
			if (index > 0) this.worker.postMessage({ slot: index, ...call });
	}

	async stop(): Promise<void> {
		const worker = this.worker;
		this.worker = undefined;
		await worker?.terminate();
	}

	/** A slot for one kind of call (owner + what), registered once and reused for every call. */
	slot(owner: string, what: string): number {
		const key = `${owner}\0${what}`;
		let slot = this.slots.get(key);
		if (slot === undefined) {
			slot = this.calls.length;
			this.calls.push({ owner, what, since: 0 });
			this.slots.set(key, slot);
			this.worker?.postMessage({ slot, owner, what });
		}
		return slot;
	}

	/** Runs `fn` marked as the call in `slot`; nested calls restore the outer mark when they return. */
	run<T>(slot: number, fn: () => T): T {
		const state = this.state;
		const previous = state[SLOT];
		const previousSince = state[SINCE];
		Atomics.store(state, SINCE, Date.now() - this.base);
		Atomics.add(state, EPISODE, 1);
		Atomics.store(state, SLOT, slot);
		try {
			return fn();
		} finally {
			Atomics.store(state, SINCE, previousSince);
			Atomics.store(state, SLOT, previous);
		}
	}

	/** The extension call executing synchronously right now, if any. */
	current(): RunningCall | undefined {
		const slot = Atomics.load(this.state, SLOT);
		if (slot === 0) return undefined;
		const call = this.calls[slot];
		return { owner: call.owner, what: call.what, since: this.base + Atomics.load(this.state, SINCE) };
	}
}

let shared: Watchdog | undefined;

/** The process-wide watchdog every extension host uses unless given its own. */
export function sharedWatchdog(): Watchdog {
	shared ??= new Watchdog();
	return shared;
}
