/**
 * The wire vocabulary of subprocess extensions (docs/subprocess-extensions.md):
 * frame types in both directions, the v1 event names, and small readers for
 * fields of frames that came from a child and so cannot be trusted to have
 * any particular shape.
 */
import type { EventName } from "../../kernel/events.js";

/** v1 children never say which version they speak; v2 ones say `"protocol": 2` in hello. */
export type ProtocolVersion = 1 | 2;

/** Events a v1 extension may subscribe to, with their v1 payload fields. */
export const V1_EVENTS: readonly EventName[] = [
	"session_start",
	"turn_start",
	"turn_end",
	"tool_call",
	"assistant_message",
];

/** Events a v1 extension may intercept. */
export const V1_INTERCEPTS: readonly EventName[] = ["tool_call", "turn_start", "assistant_message"];

/** Keys a `panel_key` frame may name; anything else is sent as "unknown". */
export const PANEL_KEYS = [
	"up",
	"down",
	"left",
	"right",
	"enter",
	"tab",
	"backspace",
	"delete",
	"home",
	"end",
	"pageup",
	"pagedown",
	"rune",
] as const;
export type PanelKey = (typeof PANEL_KEYS)[number] | "unknown";

/** A parsed line: any JSON object with a string `type`. Fields are read with the helpers below. */
export interface Frame {
	type: string;
	[key: string]: unknown;
}

/** Frames the host sends. */
export type HostFrame =
	| {
			type: "hello_ack";
			protocol_version: ProtocolVersion;
			zot_version: string;
			weft_version: string;
			provider: string;
			model: string;
			cwd: string;
			extension_dir: string;
			data_dir: string;
			events?: string[];
	  }
	| { type: "command_invoked"; id: string; name: string; args: string }
	| { type: "tool_call"; id: string; name: string; args: Record<string, unknown> }
	| ({ type: "event"; event: string; payload?: unknown } & Record<string, unknown>)
	| ({ type: "event_intercept"; id: string; event: string; payload?: unknown } & Record<string, unknown>)
	| { type: "panel_key"; panel_id: string; key: PanelKey; text: string }
	| { type: "panel_close"; panel_id: string }
	| { type: "shortcut_invoked"; key: string }
	| { type: "ui_response"; id: string; value?: unknown; cancelled?: boolean; error?: string }
	| { type: "shutdown" };

export const isRecord = (value: unknown): value is Record<string, unknown> =>
	typeof value === "object" && value !== null && !Array.isArray(value);

export function str(frame: Record<string, unknown>, key: string): string | undefined {
	const value = frame[key];
	return typeof value === "string" ? value : undefined;
}

export function strings(frame: Record<string, unknown>, key: string): string[] | undefined {
	const value = frame[key];
	if (!Array.isArray(value)) return undefined;
	return value.map((v) => (typeof v === "string" ? v : String(v)));
}

/** A short, printable excerpt of untrusted text for logs (control characters escaped). */
export function excerpt(text: string, max = 120): string {
	const cut = text.length > max ? `${text.slice(0, max)}…` : text;
	return cut.replace(/[\u0000-\u001f\u007f-\u009f\ufffd]/g, (c) =>
		c === "\ufffd" ? "\\ufffd" : `\\x${c.charCodeAt(0).toString(16).padStart(2, "0")}`,
	);
}
