/**
 * The JavaScript/TypeScript SDK for subprocess extensions: register tools,
 * commands, event handlers and intercepts as functions, and the SDK speaks
 * the protocol (docs/subprocess-extensions.md) on stdin/stdout. It runs in
 * the extension's own Node process and depends on nothing but Node.
 *
 *   import { createSubprocessExtension } from "weft/subprocess";
 *   const ext = createSubprocessExtension({ name: "guard" });
 *   ext.intercept("tool_call", (e) =>
 *     e.tool_name === "bash" && /rm -rf/.test(String(e.tool_args?.command)) ? { block: true, reason: "no" } : undefined);
 *   ext.tool({ name: "now", description: "The time" }, () => new Date().toISOString());
 *   await ext.run();
 *
 * Handlers may be async; requests are answered as their handlers finish.
 * A handler that throws is logged to stderr: a tool or command answers with
 * the error; an intercept is left unanswered, so weft's deadline and policy
 * decide (a failing `tool_call` guard blocks the call unless configured
 * `failOpen`). `console.log` goes to stderr while the extension runs, so
 * stray output cannot corrupt the protocol.
 */
import { errorMessage } from "../../base/error-message.js";
import { LineSplitter } from "./framing.js";
import { type SubprocessUI, subprocessUI } from "./sdk-ui.js";
import {
	commandResponse,
	eventOf,
	interceptResponse,
	type SubprocessCommandReply,
	type SubprocessEvent,
	type SubprocessExtensionOptions,
	type SubprocessHostInfo,
	type SubprocessInterceptReply,
	type SubprocessLevel,
	type SubprocessPanel,
	type SubprocessToolCall,
	type SubprocessToolReply,
	toWire,
	type WireFrame,
} from "./sdk-wire.js";

export type {
	SubprocessCommandReply,
	SubprocessContentBlock,
	SubprocessEvent,
	SubprocessExtensionOptions,
	SubprocessHostInfo,
	SubprocessInterceptReply,
	SubprocessLevel,
	SubprocessPanel,
	SubprocessToolCall,
	SubprocessToolReply,
} from "./sdk-wire.js";

type Handler<A extends unknown[], R> = (...args: A) => R | Promise<R>;

export class SubprocessExtension {
	readonly name: string;
	readonly protocol: 1 | 2;
	/** What weft said in `hello_ack` (set once the handshake is done). */
	host: SubprocessHostInfo | undefined;
	private readonly options: SubprocessExtensionOptions;
	private readonly tools = new Map<
		string,
		{ spec: WireFrame; handler: Handler<[any, SubprocessToolCall], SubprocessToolReply> }
	>();
	private readonly commands = new Map<
		string,
		{ description: string; handler: Handler<[string], SubprocessCommandReply> }
	>();
	private readonly listeners = new Map<string, Array<(event: SubprocessEvent) => void>>();
	private readonly interceptors = new Map<string, Handler<[SubprocessEvent], SubprocessInterceptReply>>();
	private readonly shortcuts = new Map<string, { description: string; handler: () => void }>();
	private readonly hooks = {
		start: [] as Array<(host: SubprocessHostInfo) => void>,
		panelKey: [] as Array<(key: { panelId: string; key: string; text: string }) => void>,
		panelClose: [] as Array<(panelId: string) => void>,
		shutdown: [] as Array<() => void | Promise<void>>,
	};
	private readonly waiting = new Map<string, (frame: WireFrame) => void>();
	private nextId = 1;
	private finish: (() => void) | undefined;

	constructor(options: SubprocessExtensionOptions) {
		if (!options?.name) throw new Error("createSubprocessExtension needs a name");
		this.options = options;
		this.name = options.name;
		this.protocol = options.protocol ?? 2;
	}

	tool(
		spec: { name: string; description: string; schema?: Record<string, unknown> },
		handler: Handler<[args: any, call: SubprocessToolCall], SubprocessToolReply>,
	): this {
		const schema = spec.schema ?? { type: "object", properties: {} };
		this.tools.set(spec.name, { spec: { name: spec.name, description: spec.description, schema }, handler });
		return this;
	}

	command(name: string, description: string, handler: Handler<[args: string], SubprocessCommandReply>): this {
		this.commands.set(name, { description, handler });
		return this;
	}

	/** Observes an event (v1: session_start, turn_start, turn_end, tool_call, assistant_message; v2: any). */
	on(event: string, handler: (event: SubprocessEvent) => void): this {
		this.listeners.set(event, [...(this.listeners.get(event) ?? []), handler]);
		return this;
	}

	/** Intercepts an event (v1: tool_call, turn_start, assistant_message; v2: any chain or gate event). */
	intercept(event: string, handler: Handler<[event: SubprocessEvent], SubprocessInterceptReply>): this {
		this.interceptors.set(event, handler);
		return this;
	}

	/** v2: a global key; weft calls `handler` when it is pressed. */
	shortcut(key: string, description: string, handler: () => void): this {
		this.needsV2("shortcut");
		this.shortcuts.set(key, { description, handler });
		return this;
	}

	onStart(handler: (host: SubprocessHostInfo) => void): this {
		this.hooks.start.push(handler);
		return this;
	}

	onPanelKey(handler: (key: { panelId: string; key: string; text: string }) => void): this {
		this.hooks.panelKey.push(handler);
		return this;
	}

	onPanelClose(handler: (panelId: string) => void): this {
		this.hooks.panelClose.push(handler);
		return this;
	}

	onShutdown(handler: () => void | Promise<void>): this {
		this.hooks.shutdown.push(handler);
		return this;
	}

	/** Redraws this extension's open panel (one opened by a command's `openPanel`). */
	renderPanel(panel: SubprocessPanel): void {
		this.send({
			type: "panel_render",
			panel_id: panel.id,
			title: panel.title ?? "",
			lines: panel.lines ?? [],
			footer: panel.footer ?? "",
		});
	}

	closePanel(id: string): void {
		this.send({ type: "panel_close", panel_id: id });
	}

	notify(message: string, level: SubprocessLevel = "info"): void {
		this.send({ type: "notify", level, message });
	}

	/** A line in the extension's log (v1: written to stderr, which goes to the same log). */
	log(message: string, level: "debug" | "info" | "warn" | "error" = "info"): void {
		if (this.protocol >= 2) this.send({ type: "log", level, message });
		else process.stderr.write(`${level}: ${message}\n`);
	}

	/** v2: a message into the conversation; while the agent works it is queued per `deliver`. */
	sendMessage(
		text: string,
		options: {
			deliver?: "steer" | "follow_up" | "next_turn";
			triggerTurn?: boolean;
			customType?: string;
			display?: boolean;
		} = {},
	): void {
		this.needsV2("sendMessage");
		this.send({
			type: "send_message",
			text,
			deliver: options.deliver ?? "follow_up",
			trigger_turn: options.triggerTurn ?? true,
			custom_type: options.customType,
			display: options.display,
		});
	}

	/** v2: labels a session entry (an id from an event's payload), or with undefined clears it; rejects with weft's reason. */
	async setLabel(entryId: string, label: string | undefined): Promise<void> {
		const answer = await this.request("setLabel", "set_label", { entry_id: entryId, label });
		if (answer.cancelled) throw new Error(answer.error ?? `weft did not label entry "${entryId}"`);
	}

	/** v2: the entry's label; undefined when it has none (or there is no session yet). */
	async getLabel(entryId: string): Promise<string | undefined> {
		const answer = await this.request("getLabel", "get_label", { entry_id: entryId });
		return typeof answer.value === "string" ? answer.value : undefined;
	}

	/** v2: the host's UI. Dialogs resolve undefined (confirm: false) when cancelled or where nobody can answer. */
	readonly ui: SubprocessUI = subprocessUI((method, params) => this.uiRequest(method, params));

	/** Handshake, registrations, then serving requests until weft says `shutdown` or closes stdin. */
	run(): Promise<void> {
		const input = this.options.input ?? process.stdin;
		const toStdout = (this.options.output ?? process.stdout) === process.stdout;
		const restore = toStdout ? redirectConsole() : () => {};
		this.send({
			type: "hello",
			name: this.name,
			version: this.options.version ?? "0.0.0",
			capabilities: this.options.capabilities ?? [],
			...(this.protocol >= 2 ? { protocol: this.protocol } : {}),
		});
		for (const { spec } of this.tools.values()) this.send({ type: "register_tool", ...spec });
		for (const [name, { description }] of this.commands)
			this.send({ type: "register_command", name, description });
		for (const [key, { description }] of this.shortcuts)
			this.send({ type: "register_shortcut", key, description });
		const events = [...this.listeners.keys()];
		const intercept = [...this.interceptors.keys()];
		if (events.length + intercept.length > 0) this.send({ type: "subscribe", events, intercept });
		this.send({ type: "ready" });
		return new Promise((resolve) => {
			const splitter = new LineSplitter({
				line: (line) => this.receive(line.toString("utf8")),
				oversize: () => process.stderr.write("weft sdk: ignored an over-long line from weft\n"),
			});
			const onData = (chunk: Buffer | string) =>
				splitter.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
			this.finish = () => {
				this.finish = undefined;
				input.off("data", onData);
				input.off("end", end);
				if (input === process.stdin) process.stdin.destroy();
				restore();
				resolve();
			};
			const end = () => void this.shutdown();
			input.on("data", onData);
			input.on("end", end);
		});
	}

	private receive(line: string): void {
		let frame: WireFrame;
		try {
			frame = JSON.parse(line);
		} catch {
			return;
		}
		switch (frame.type) {
			case "hello_ack":
				this.host = {
					protocolVersion: frame.protocol_version,
					weftVersion: frame.weft_version ?? frame.zot_version,
					provider: frame.provider,
					model: frame.model,
					cwd: frame.cwd,
					extensionDir: frame.extension_dir,
					dataDir: frame.data_dir,
					events: frame.events ?? [],
				};
				for (const hook of this.hooks.start) this.guard("onStart", () => hook(this.host!));
				return;
			case "tool_call":
				return void this.answerTool(frame);
			case "command_invoked":
				return void this.answerCommand(frame);
			case "event":
				for (const listener of this.listeners.get(frame.event) ?? [])
					this.guard(`on ${frame.event}`, () => listener(eventOf(frame)));
				return;
			case "event_intercept":
				return void this.answerIntercept(frame);
			case "panel_key":
				for (const hook of this.hooks.panelKey)
					this.guard("onPanelKey", () =>
						hook({ panelId: frame.panel_id, key: frame.key, text: frame.text ?? "" }),
					);
				return;
			case "panel_close":
				for (const hook of this.hooks.panelClose) this.guard("onPanelClose", () => hook(frame.panel_id));
				return;
			case "shortcut_invoked":
				return void this.guard(`shortcut ${frame.key}`, () => this.shortcuts.get(frame.key)?.handler());
			case "ui_response":
				this.waiting.get(frame.id)?.(frame);
				this.waiting.delete(frame.id);
				return;
			case "shutdown":
				return void this.shutdown();
		}
	}

	private async answerTool(frame: WireFrame): Promise<void> {
		const tool = this.tools.get(frame.name);
		const call: SubprocessToolCall = {
			id: frame.id,
			name: frame.name,
			update: (partial) => {
				this.needsV2("update");
				this.send({ type: "tool_update", id: frame.id, content: toWire(partial) });
			},
		};
		try {
			if (!tool) throw new Error(`no tool named "${frame.name}"`);
			const reply = await tool.handler(frame.args ?? {}, call);
			const answer: Exclude<SubprocessToolReply, string | void> =
				typeof reply === "object" && reply !== null ? reply : { content: reply ?? "" };
			if (answer.terminate) this.needsV2("terminate");
			const blocks = answer.content === undefined || answer.content === "" ? [] : toWire(answer.content);
			const end = answer.terminate === true && { terminate: true };
			this.send({
				type: "tool_result",
				id: frame.id,
				content: blocks,
				is_error: answer.isError === true,
				...end,
			});
		} catch (error) {
			this.report(`tool ${frame.name}`, error);
			this.send({ type: "tool_result", id: frame.id, content: toWire(errorMessage(error)), is_error: true });
		}
	}

	private async answerCommand(frame: WireFrame): Promise<void> {
		const command = this.commands.get(frame.name);
		try {
			if (!command) throw new Error(`no command named "${frame.name}"`);
			const reply = await command.handler(frame.args ?? "");
			this.send({ type: "command_response", id: frame.id, ...commandResponse(reply) });
		} catch (error) {
			this.report(`command ${frame.name}`, error);
			this.send({ type: "command_response", id: frame.id, action: "noop", error: errorMessage(error) });
		}
	}

	private async answerIntercept(frame: WireFrame): Promise<void> {
		const handler = this.interceptors.get(frame.event);
		let reply: SubprocessInterceptReply;
		try {
			reply = handler ? await handler(eventOf(frame)) : undefined;
		} catch (error) {
			this.report(`intercept ${frame.event}`, error);
			return;
		}
		this.send({ type: "event_intercept_response", id: frame.id, ...interceptResponse(reply) });
	}

	private async shutdown(): Promise<void> {
		if (!this.finish) return;
		for (const hook of this.hooks.shutdown) {
			try {
				await hook();
			} catch (error) {
				this.report("onShutdown", error);
			}
		}
		this.send({ type: "shutdown_ack" });
		for (const resolve of this.waiting.values()) resolve({ cancelled: true });
		this.waiting.clear();
		this.finish?.();
	}

	private uiRequest(method: string, params: Record<string, unknown>): Promise<unknown> {
		return this.request(`ui.${method}`, method, params).then((frame) =>
			frame.cancelled ? undefined : frame.value,
		);
	}

	/** A `ui_request` and its whole `ui_response` (`error` says why weft could not; shutdown cancels it). */
	private request(what: string, method: string, params: Record<string, unknown>): Promise<WireFrame> {
		this.needsV2(what);
		const id = `u${this.nextId++}`;
		return new Promise((resolve) => {
			this.waiting.set(id, resolve);
			this.send({ type: "ui_request", id, method, params });
		});
	}

	private send(frame: WireFrame): void {
		(this.options.output ?? process.stdout).write(`${JSON.stringify(frame)}\n`);
	}

	private needsV2(what: string): void {
		if (this.protocol < 2)
			throw new Error(`${what} needs protocol 2 (createSubprocessExtension({ protocol: 2 }))`);
	}

	private guard(where: string, fn: () => unknown): void {
		try {
			const result = fn();
			if (result instanceof Promise) result.catch((error) => this.report(where, error));
		} catch (error) {
			this.report(where, error);
		}
	}

	private report(where: string, error: unknown): void {
		process.stderr.write(
			`${this.name}: ${where} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
		);
	}
}

export function createSubprocessExtension(options: SubprocessExtensionOptions): SubprocessExtension {
	return new SubprocessExtension(options);
}

/** console.log and friends write to stdout, which belongs to the protocol: send them to stderr instead. */
function redirectConsole(): () => void {
	const saved = { log: console.log, info: console.info, debug: console.debug };
	const toStderr = (...args: unknown[]) => console.error(...args);
	console.log = toStderr;
	console.info = toStderr;
	console.debug = toStderr;
	return () => Object.assign(console, saved);
}
