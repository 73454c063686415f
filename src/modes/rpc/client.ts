/**
 * `weft/rpc`: a typed Node client for `weft --mode rpc` (docs/rpc.md). It
 * starts weft as a child process, sends commands with ids and resolves each
 * with its response's data, hands events to subscribers, and answers
 * extension dialogs through a handler the caller gives.
 *
 *   const weft = RpcClient.start({ cwd, args: ["--no-session"] });
 *   weft.onEvent((event) => { if (event.type === "agent_end") … });
 *   await weft.prompt("List the files");
 *   await weft.close();
 */
import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { jsonLine, readJsonLines } from "./jsonl.js";
import type {
	RpcCommand,
	RpcEvent,
	RpcImage,
	RpcMessage,
	RpcModel,
	RpcOutputLine,
	RpcResponse,
	RpcUIRequest,
	RpcUIResponse,
} from "./protocol.js";

export type * from "./protocol.js";

export interface RpcClientOptions {
	/** The weft executable script (default: this package's bin/weft.js, run with this Node). */
	bin?: string;
	/** Extra arguments after `--mode rpc` (e.g. `--no-session`, `--model`, `-e ext.ts`). */
	args?: string[];
	cwd?: string;
	env?: NodeJS.ProcessEnv;
}

/** What a dialog handler returns: the answer, or undefined to cancel the dialog. */
export type RpcUIAnswer =
	| { value: string }
	| { confirmed: boolean }
	| { values: string[] }
	| { cancelled: true };

export type RpcUIHandler = (
	request: RpcUIRequest,
) => RpcUIAnswer | undefined | Promise<RpcUIAnswer | undefined>;

/** A command weft answered with `success: false`; `command` and the message are weft's. */
export class RpcCommandError extends Error {
	constructor(
		readonly command: string,
		message: string,
	) {
		super(`${command} failed: ${message}`);
		this.name = "RpcCommandError";
	}
}

const DIALOGS = new Set<RpcUIRequest["method"]>(["select", "multiSelect", "confirm", "input", "editor"]);

/** A command without its id (the client assigns one). */
type Unsent<C> = C extends unknown ? Omit<C, "id"> : never;
export type RpcCommandInput = Unsent<RpcCommand>;

export class RpcClient {
	private readonly pending = new Map<
		string,
		{ resolve: (r: RpcResponse) => void; reject: (e: Error) => void }
	>();
	private readonly eventListeners = new Set<(event: RpcEvent) => void>();
	private uiHandler: RpcUIHandler | undefined;
	private counter = 0;
	private stderrText = "";
	private readonly exited: Promise<number | null>;
	private exitCode: number | null | undefined;

	/** Starts `weft --mode rpc` with the given options. */
	static start(options: RpcClientOptions = {}): RpcClient {
		const bin = options.bin ?? fileURLToPath(new URL("../../../bin/weft.js", import.meta.url));
		const child = spawn(process.execPath, [bin, "--mode", "rpc", ...(options.args ?? [])], {
			cwd: options.cwd,
			env: options.env,
			stdio: ["pipe", "pipe", "pipe"],
		});
		return new RpcClient(child);
	}

	constructor(readonly process: ChildProcessWithoutNullStreams) {
		readJsonLines(process.stdout, (line) => this.receive(line));
		process.stderr.setEncoding("utf8");
		process.stderr.on("data", (text: string) => {
			this.stderrText += text;
		});
		this.exited = new Promise((resolve) => {
			process.on("close", (code) => {
				this.exitCode = code;
				const gone = new Error(
					`weft exited (code ${code}) before answering; its stderr: ${this.stderrText.trim()}`,
				);
				for (const { reject } of this.pending.values()) reject(gone);
				this.pending.clear();
				resolve(code);
			});
		});
	}

	/** What weft wrote to stderr so far (its logs). */
	get stderr(): string {
		return this.stderrText;
	}

	/** Calls `listener` with every event; returns a function that stops it. */
	onEvent(listener: (event: RpcEvent) => void): () => void {
		this.eventListeners.add(listener);
		return () => this.eventListeners.delete(listener);
	}

	/**
	 * Who answers extension dialogs, and sees the fire-and-forget UI requests
	 * (its return value is ignored for those). Without a handler, dialogs wait
	 * until their timeout or abort on weft's side.
	 */
	onUIRequest(handler: RpcUIHandler | undefined): void {
		this.uiHandler = handler;
	}

	/** Resolves with the first event `match` accepts (from now on); rejects after `timeoutMs` (a hang guard). */
	waitForEvent<T extends RpcEvent = RpcEvent>(
		match: (event: RpcEvent) => boolean,
		timeoutMs = 30_000,
	): Promise<T> {
		return new Promise((resolve, reject) => {
			const timer = setTimeout(() => {
				stop();
				reject(new Error(`no matching event within ${timeoutMs} ms`));
			}, timeoutMs);
			const stop = this.onEvent((event) => {
				if (!match(event)) return;
				clearTimeout(timer);
				stop();
				resolve(event as T);
			});
		});
	}

	/** Sends a command and resolves with its whole response (success or not). */
	send(command: RpcCommandInput): Promise<RpcResponse> {
		if (this.exitCode !== undefined)
			return Promise.reject(new Error(`weft has exited (code ${this.exitCode})`));
		const id = `req-${++this.counter}`;
		return new Promise((resolve, reject) => {
			this.pending.set(id, { resolve, reject });
			this.process.stdin.write(jsonLine({ ...command, id }));
		});
	}

	/** Sends a command; resolves with its `data`, or rejects with an RpcCommandError. */
	async request<T = unknown>(command: RpcCommandInput): Promise<T> {
		const response = await this.send(command);
		if (!response.success) throw new RpcCommandError(response.command, response.error);
		return response.data as T;
	}

	/** Accepted once weft took it; the run streams as events (wait for `agent_end`). */
	prompt(
		message: string,
		options: { images?: RpcImage[]; streamingBehavior?: "steer" | "followUp" } = {},
	): Promise<void> {
		return this.request({ type: "prompt", message, ...options });
	}

	/** Prompts and resolves with the run's `agent_end` event. */
	async promptAndWait(
		message: string,
		timeoutMs?: number,
	): Promise<Extract<RpcEvent, { type: "agent_end" }>> {
		const end = this.waitForEvent<Extract<RpcEvent, { type: "agent_end" }>>(
			(e) => e.type === "agent_end",
			timeoutMs,
		);
		await this.prompt(message);
		return end;
	}

	steer(message: string, images?: RpcImage[]): Promise<void> {
		return this.request({ type: "steer", message, images });
	}

	followUp(message: string, images?: RpcImage[]): Promise<void> {
		return this.request({ type: "follow_up", message, images });
	}

	abort(): Promise<void> {
		return this.request({ type: "abort" });
	}

	getState(): Promise<
		Record<string, unknown> & { model: RpcModel; isStreaming: boolean; sessionId: string }
	> {
		return this.request({ type: "get_state" });
	}

	async getMessages(): Promise<RpcMessage[]> {
		return (await this.request<{ messages: RpcMessage[] }>({ type: "get_messages" })).messages;
	}

	async getLastAssistantText(): Promise<string | null> {
		return (await this.request<{ text: string | null }>({ type: "get_last_assistant_text" })).text;
	}

	compact(
		customInstructions?: string,
	): Promise<{ summary: string; firstKeptEntryId: string; tokensBefore: number }> {
		return this.request({ type: "compact", customInstructions });
	}

	fork(entryId: string): Promise<{ text: string; cancelled: boolean }> {
		return this.request({ type: "fork", entryId });
	}

	async getForkMessages(): Promise<Array<{ entryId: string; text: string }>> {
		return (
			await this.request<{ messages: Array<{ entryId: string; text: string }> }>({
				type: "get_fork_messages",
			})
		).messages;
	}

	/** Ends weft's stdin (it shuts the session down and exits) and resolves with its exit code. */
	async close(timeoutMs = 10_000): Promise<number | null> {
		this.process.stdin.end();
		const timer = setTimeout(() => this.process.kill("SIGKILL"), timeoutMs);
		try {
			return await this.exited;
		} finally {
			clearTimeout(timer);
		}
	}

	private receive(line: string): void {
		if (line.trim() === "") return;
		let value: RpcOutputLine;
		try {
			value = JSON.parse(line) as RpcOutputLine;
		} catch {
			// Only JSON is written to stdout; anything else is a bug worth seeing, not a reason to stop.
			this.stderrText += `[weft/rpc] not JSON on stdout: ${line}\n`;
			return;
		}
		if (value.type === "response") {
			const waiting = value.id !== undefined ? this.pending.get(value.id) : undefined;
			if (waiting && value.id !== undefined) {
				this.pending.delete(value.id);
				waiting.resolve(value);
			}
			return;
		}
		if (value.type === "extension_ui_request") {
			void this.answer(value);
			return;
		}
		for (const listener of this.eventListeners) listener(value);
	}

	private async answer(request: RpcUIRequest): Promise<void> {
		const handler = this.uiHandler;
		if (!handler) return;
		let answer: RpcUIAnswer | undefined;
		try {
			answer = await handler(request);
		} catch {
			answer = undefined;
		}
		if (!DIALOGS.has(request.method) || this.exitCode !== undefined) return;
		const response = {
			type: "extension_ui_response",
			id: request.id,
			...(answer ?? { cancelled: true }),
		} as RpcUIResponse;
		this.process.stdin.write(jsonLine(response));
	}
}
