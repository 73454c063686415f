/**
 * The terminal's lifecycle: raw mode, bracketed paste, the keyboard protocol
 * (Kitty when the terminal answers the query, xterm modifyOtherKeys
 * otherwise), terminal queries, and putting everything back on every way out
 * — a normal return, a thrown error, a signal, process exit. Restoring is
 * idempotent, so every exit path may call it.
 */
import { type Clock, systemClock } from "./clock.js";
import type { InputEvent, TerminalResponse } from "./input/input-events.js";
import { KeyParser } from "./input/key-parser.js";
import type { RenderTarget } from "./render/inline-renderer.js";
import {
	BACKGROUND_QUERY,
	BRACKETED_PASTE_OFF,
	BRACKETED_PASTE_ON,
	DEVICE_ATTRIBUTES_QUERY,
	KITTY_POP,
	KITTY_QUERY,
	kittyPush,
	MODIFY_OTHER_KEYS_OFF,
	MODIFY_OTHER_KEYS_ON,
	RESET_STYLE,
	SHOW_CURSOR,
	SYNC_END,
} from "./terminal-codes.js";

export interface TerminalInput {
	readonly isTTY?: boolean;
	setRawMode?(mode: boolean): unknown;
	on(event: "data", listener: (chunk: string | Uint8Array) => void): unknown;
	off(event: "data", listener: (chunk: string | Uint8Array) => void): unknown;
	resume?(): unknown;
	pause?(): unknown;
}

export interface TerminalOutput extends RenderTarget {
	on?(event: "resize", listener: () => void): unknown;
	off?(event: "resize", listener: () => void): unknown;
}

/** The part of `process` the terminal hooks into, injectable for tests. */
export interface ProcessHooks {
	readonly pid: number;
	on(event: string, listener: (...args: any[]) => void): unknown;
	off(event: string, listener: (...args: any[]) => void): unknown;
	listenerCount(event: string): number;
	kill(pid: number, signal: string): unknown;
}

export type KeyboardProtocol = "kitty" | "modifyOtherKeys" | "legacy";

export interface TerminalOptions {
	input: TerminalInput;
	output: TerminalOutput;
	process?: ProcessHooks;
	clock?: Clock;
	/** "auto" asks the terminal whether it speaks the Kitty protocol. Default "auto". */
	keyboard?: "auto" | KeyboardProtocol;
	/** Kitty progressive-enhancement flags to push. Default 1 (disambiguate escape codes). */
	kittyFlags?: number;
	/** How long to wait for the terminal to answer a query. Default 200 ms. */
	queryTimeoutMs?: number;
	escapeTimeoutMs?: number;
}

const SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"] as const;

interface PendingQuery {
	match: (response: TerminalResponse) => boolean;
	resolve: (response: TerminalResponse | undefined) => void;
	settled: boolean;
	cancelTimer: () => void;
}

export class Terminal {
	private readonly input: TerminalInput;
	private readonly output: TerminalOutput;
	private readonly proc: ProcessHooks;
	private readonly clock: Clock;
	private readonly parser: KeyParser;
	private readonly queries: PendingQuery[] = [];
	private readonly resizeListeners = new Set<() => void>();
	private readonly restoreHooks: Array<() => void> = [];
	private readonly processListeners: Array<[string, (...args: any[]) => void]> = [];
	private onInput: (event: InputEvent) => void = () => {};
	private state: "idle" | "started" | "restored" = "idle";
	private protocol: KeyboardProtocol = "legacy";
	private rawMode = false;

	constructor(private readonly options: TerminalOptions) {
		this.input = options.input;
		this.output = options.output;
		this.proc = options.process ?? process;
		this.clock = options.clock ?? systemClock;
		this.parser = new KeyParser((event) => this.dispatch(event), {
			clock: this.clock,
			escapeTimeoutMs: options.escapeTimeoutMs,
		});
	}

	get columns(): number {
		return this.output.columns || 80;
	}

	get rows(): number {
		return this.output.rows || 24;
	}

	/** The keyboard protocol in force after start(). */
	get keyboard(): KeyboardProtocol {
		return this.protocol;
	}

	write(data: string): void {
		this.output.write(data);
	}

	/** Takes over the terminal: every input event goes to `onInput` from now until restore(). */
	async start(onInput: (event: InputEvent) => void): Promise<{ keyboard: KeyboardProtocol }> {
		if (this.state !== "idle") throw new Error("Terminal.start() was already called; create a new Terminal");
		this.state = "started";
		this.onInput = onInput;
		this.installExitHooks();
		if (this.input.isTTY && this.input.setRawMode) {
			this.input.setRawMode(true);
			this.rawMode = true;
		}
		this.input.on("data", this.onData);
		this.input.resume?.();
		this.output.on?.("resize", this.handleResize);
		this.write(BRACKETED_PASTE_ON);
		this.protocol = await this.chooseKeyboard();
		if (this.state !== "started") return { keyboard: this.protocol };
		if (this.protocol === "kitty") this.write(kittyPush(this.options.kittyFlags ?? 1));
		if (this.protocol === "modifyOtherKeys") this.write(MODIFY_OTHER_KEYS_ON);
		return { keyboard: this.protocol };
	}

	/** Runs `hook` first when the terminal is restored (e.g. to move the cursor below the live region). */
	beforeRestore(hook: () => void): void {
		this.restoreHooks.push(hook);
	}

	onResize(listener: () => void): () => void {
		this.resizeListeners.add(listener);
		return () => this.resizeListeners.delete(listener);
	}

	/**
	 * Sends `request` followed by a device-attributes query and resolves with
	 * the first response `match` accepts — or undefined when the terminal
	 * answers device attributes first (it doesn't support the request) or
	 * doesn't answer in time.
	 */
	query(
		request: string,
		match: (response: TerminalResponse) => boolean,
	): Promise<TerminalResponse | undefined> {
		if (this.state !== "started") return Promise.resolve(undefined);
		return new Promise((resolve) => {
			const pending: PendingQuery = { match, resolve, settled: false, cancelTimer: () => {} };
			pending.cancelTimer = this.clock.setTimer(
				() => this.settle(pending, undefined),
				this.options.queryTimeoutMs ?? 200,
			);
			this.queries.push(pending);
			this.write(request + DEVICE_ATTRIBUTES_QUERY);
		});
	}

	/** The terminal's background colour as OSC 11 reports it ("rgb:1e1e/1e1e/2e2e"), if it answers. */
	async queryBackground(): Promise<string | undefined> {
		const answer = await this.query(BACKGROUND_QUERY, (r) => r.kind === "osc" && r.code === 11);
		return answer?.kind === "osc" ? answer.data : undefined;
	}

	/**
	 * Ctrl+Z: hands the terminal back to the shell (modes off, cooked input)
	 * and stops the process; when the shell continues it, takes the terminal
	 * again and calls `resumed` so the UI can redraw.
	 */
	suspend(resumed: () => void): void {
		if (this.state !== "started") return;
		this.write(this.modesOff());
		if (this.rawMode) this.input.setRawMode?.(false);
		const onContinue = () => {
			this.proc.off("SIGCONT", onContinue);
			if (this.state !== "started") return;
			if (this.rawMode) this.input.setRawMode?.(true);
			this.write(this.modesOn());
			resumed();
		};
		this.proc.on("SIGCONT", onContinue);
		this.proc.kill(this.proc.pid, "SIGTSTP");
	}

	/**
	 * Lends the terminal to another program (an editor, a pager): modes off,
	 * cooked input, stdin no longer read. The returned function takes it back
	 * (raw mode, modes on, reading again); calling it twice does nothing.
	 */
	release(): () => void {
		if (this.state !== "started") return () => {};
		this.write(this.modesOff());
		if (this.rawMode) this.input.setRawMode?.(false);
		this.input.off("data", this.onData);
		this.input.pause?.();
		let back = false;
		return () => {
			if (back || this.state !== "started") return;
			back = true;
			if (this.rawMode) this.input.setRawMode?.(true);
			this.input.on("data", this.onData);
			this.input.resume?.();
			this.write(this.modesOn());
		};
	}

	private modesOn(): string {
		let on = BRACKETED_PASTE_ON;
		if (this.protocol === "kitty") on += kittyPush(this.options.kittyFlags ?? 1);
		if (this.protocol === "modifyOtherKeys") on += MODIFY_OTHER_KEYS_ON;
		return on;
	}

	private modesOff(): string {
		let off = SYNC_END + RESET_STYLE;
		if (this.protocol === "kitty") off += KITTY_POP;
		if (this.protocol === "modifyOtherKeys") off += MODIFY_OTHER_KEYS_OFF;
		return off + BRACKETED_PASTE_OFF + SHOW_CURSOR;
	}

	/** Puts the terminal back as it was. Safe to call any number of times, from any exit path. */
	restore(): void {
		if (this.state !== "started") return;
		this.state = "restored";
		for (const hook of this.restoreHooks) {
			try {
				hook();
			} catch {
				// Restoring the terminal matters more than a hook's failure; the hook's owner reports its own errors.
			}
		}
		const reset = this.modesOff();
		try {
			this.write(reset);
		} finally {
			if (this.rawMode) this.input.setRawMode?.(false);
			this.rawMode = false;
			this.input.off("data", this.onData);
			this.input.pause?.();
			this.output.off?.("resize", this.handleResize);
			this.parser.dispose();
			for (const query of this.queries) this.settle(query, undefined);
			this.queries.length = 0;
			for (const [event, listener] of this.processListeners) this.proc.off(event, listener);
			this.processListeners.length = 0;
		}
	}

	private async chooseKeyboard(): Promise<KeyboardProtocol> {
		const wanted = this.options.keyboard ?? "auto";
		if (wanted !== "auto") return wanted;
		const answer = await this.query(KITTY_QUERY, (r) => r.kind === "kitty-flags");
		return answer ? "kitty" : "modifyOtherKeys";
	}

	private readonly onData = (chunk: string | Uint8Array): void => {
		this.parser.feed(chunk);
	};

	private readonly handleResize = (): void => {
		for (const listener of this.resizeListeners) listener();
	};

	private dispatch(event: InputEvent): void {
		if (event.type === "response" && this.answer(event)) return;
		this.onInput(event);
	}

	/** Hands a response to the query waiting for it; true when one took it. */
	private answer(response: TerminalResponse): boolean {
		if (response.kind === "device-attributes") {
			// Each query ends with its own device-attributes request: the answer closes the oldest one.
			const query = this.queries.shift();
			if (!query) return false;
			this.settle(query, undefined);
			return true;
		}
		const query = this.queries.find((q) => !q.settled && q.match(response));
		if (!query) return false;
		this.settle(query, response);
		return true;
	}

	private settle(query: PendingQuery, response: TerminalResponse | undefined): void {
		if (query.settled) return;
		query.settled = true;
		query.cancelTimer();
		query.resolve(response);
	}

	private installExitHooks(): void {
		const listen = (event: string, listener: (...args: any[]) => void) => {
			this.proc.on(event, listener);
			this.processListeners.push([event, listener]);
		};
		listen("exit", () => this.restore());
		// Restore before Node prints the error, unless someone handles uncaught exceptions and keeps running.
		listen("uncaughtExceptionMonitor", () => {
			if (this.proc.listenerCount("uncaughtException") === 0) this.restore();
		});
		for (const signal of SIGNALS) {
			const onSignal = () => {
				this.restore();
				// With no other handler, let the signal do what it would have done: end the process.
				if (this.proc.listenerCount(signal) === 0) this.proc.kill(this.proc.pid, signal);
			};
			listen(signal, onSignal);
		}
	}
}

/** Runs `fn` with the terminal started, and restores it however `fn` ends. */
export async function withTerminal<T>(
	terminal: Terminal,
	onInput: (event: InputEvent) => void,
	fn: (terminal: Terminal) => Promise<T> | T,
): Promise<T> {
	try {
		await terminal.start(onInput);
		return await fn(terminal);
	} finally {
		terminal.restore();
	}
}
