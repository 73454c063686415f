/**
 * The SDK's types and the conversions between them and the wire format
 * (docs/subprocess-extensions.md): camelCase for authors, the protocol's
 * snake_case fields on the wire.
 */

/** A frame as it travels. */
export type WireFrame = Record<string, any>;

export type SubprocessContentBlock =
	| { type: "text"; text: string }
	| { type: "image"; data: string; mimeType: string };
export type SubprocessToolReply =
	| string
	/** `terminate` (v2): end the run after this answer's tools, without another model call. */
	| { content: string | SubprocessContentBlock[]; isError?: boolean; terminate?: boolean }
	| void;
export interface SubprocessPanel {
	id: string;
	title?: string;
	lines?: string[];
	footer?: string;
}
/** A string is shown as a note (`display`). */
export type SubprocessCommandReply =
	| string
	| void
	| { prompt?: string; insert?: string; display?: string; openPanel?: SubprocessPanel; error?: string };
/** v1 fields (`block`, `reason`, `args`, `text`, `hide`) or, in v2, the event's own `result`. */
export type SubprocessInterceptReply = void | {
	block?: boolean;
	reason?: string;
	/** tool_call: the arguments the tool runs with. */
	args?: Record<string, unknown>;
	/** assistant_message: the text displayed instead. */
	text?: string;
	/** assistant_message: hide it from display. */
	hide?: boolean;
	/** v2: the handler result documented for the event (docs/events.md). */
	result?: Record<string, unknown>;
};
/** An `event` or `event_intercept` frame without `type` and `id`: v1 fields, and `payload` in v2. */
export interface SubprocessEvent {
	event: string;
	payload?: Record<string, any>;
	[field: string]: any;
}
export interface SubprocessToolCall {
	id: string;
	name: string;
	/** v2: streams partial output to weft while the tool runs. */
	update(partial: string | SubprocessContentBlock[]): void;
}
export interface SubprocessHostInfo {
	protocolVersion: number;
	weftVersion: string;
	provider: string;
	model: string;
	cwd: string;
	extensionDir: string;
	/** A folder for the extension's own files. */
	dataDir: string;
	/** v2: every event weft can send. */
	events: string[];
}
export type SubprocessLevel = "info" | "success" | "warn" | "error";
export interface SubprocessExtensionOptions {
	name: string;
	version?: string;
	capabilities?: string[];
	/** 2 (default): the full catalog, UI requests, shortcuts, messages, progress, log. 1: the original protocol. */
	protocol?: 1 | 2;
	/** Default process.stdin / process.stdout (tests pass streams). */
	input?: NodeJS.ReadableStream;
	output?: NodeJS.WritableStream;
}

export function eventOf(frame: WireFrame): SubprocessEvent {
	const { type: _type, id: _id, ...rest } = frame;
	return rest as SubprocessEvent;
}

export function toWire(content: string | SubprocessContentBlock[]): WireFrame[] {
	if (typeof content === "string") return [{ type: "text", text: content }];
	return content.map((block) =>
		block.type === "image"
			? { type: "image", mime_type: block.mimeType, data: block.data }
			: { type: "text", text: block.text },
	);
}

export function commandResponse(reply: SubprocessCommandReply): WireFrame {
	if (typeof reply === "string") return { action: "display", display: reply };
	if (!reply) return { action: "noop" };
	const out: WireFrame = reply.error ? { error: reply.error } : {};
	if (reply.prompt !== undefined) return { ...out, action: "prompt", prompt: reply.prompt };
	if (reply.insert !== undefined) return { ...out, action: "insert", insert: reply.insert };
	if (reply.openPanel !== undefined) return { ...out, action: "open_panel", open_panel: reply.openPanel };
	if (reply.display !== undefined) return { ...out, action: "display", display: reply.display };
	return { ...out, action: "noop" };
}

/** The fields of an `event_intercept_response` for what an intercept handler returned. */
export function interceptResponse(reply: SubprocessInterceptReply): WireFrame {
	const response: WireFrame = { block: reply?.block === true || reply?.hide === true };
	if (reply?.reason !== undefined) response.reason = reply.reason;
	if (reply?.args !== undefined) response.modified_args = reply.args;
	if (reply?.text !== undefined) response.replace_text = reply.text;
	if (reply?.result !== undefined) response.result = reply.result;
	return response;
}
