/**
 * Catalog events as frames, and intercept responses as bus results. The
 * five v1 events carry their v1 fields (`step`, `stop`, `error`, `tool_id`,
 * `tool_name`, `tool_args`, `text`); v2 frames add the full structured
 * `payload`. A v1 response (`block`, `reason`, `modified_args`,
 * `replace_text`) maps onto the event's result; a v2 `result` object is the
 * result, exactly as an in-process handler would return it.
 */
import type { EventName } from "../../kernel/events.js";
import { type Frame, isRecord, type ProtocolVersion, str } from "./protocol.js";

const CONTROL_KEYS = new Set(["type", "stop", "consume"]);

/** A bus event's payload as plain data: without the bus's `type`, `stop` and `consume`. */
export function plainPayload(event: object): Record<string, unknown> {
	const out: Record<string, unknown> = {};
	for (const [key, value] of Object.entries(event)) if (!CONTROL_KEYS.has(key)) out[key] = value;
	return out;
}

/** The v1 fields of an event (empty for events v1 does not know). */
export function v1Fields(event: EventName, payload: Record<string, unknown>): Record<string, unknown> {
	switch (event) {
		case "turn_start":
			return { step: payload.step };
		case "turn_end":
			return payload.error === undefined
				? { stop: payload.stopReason }
				: { stop: payload.stopReason, error: payload.error };
		case "tool_call":
			return { tool_id: payload.id, tool_name: payload.name, tool_args: payload.args };
		case "assistant_message":
			return { text: payload.text };
		default:
			return {};
	}
}

/** The body of an `event` or `event_intercept` frame (without `type` and `id`). */
export function eventBody(
	protocol: ProtocolVersion,
	event: EventName,
	payload: Record<string, unknown>,
): { event: string } & Record<string, unknown> {
	const body: { event: string } & Record<string, unknown> = { event, ...v1Fields(event, payload) };
	if (protocol >= 2) body.payload = payload;
	return body;
}

/** The bus result an `event_intercept_response` stands for; undefined means "no change". */
export function interceptResult(
	protocol: ProtocolVersion,
	event: EventName,
	frame: Frame,
	owner: string,
): Record<string, unknown> | undefined {
	if (protocol >= 2 && isRecord(frame.result)) return frame.result;
	const block = frame.block === true;
	const written = str(frame, "reason");
	const reason = written || `blocked by extension "${owner}"`;
	switch (event) {
		case "tool_call":
			// As in the original protocol, the reason the extension wrote is the whole error the model reads.
			if (block) return written ? { block: true, reason, verbatim: true } : { block: true, reason };
			if (isRecord(frame.modified_args)) return { args: frame.modified_args };
			return undefined;
		case "turn_start":
			return block ? { block: true, reason } : undefined;
		case "assistant_message":
			if (block) return { hide: true };
			if (typeof frame.replace_text === "string") return { text: frame.replace_text };
			return undefined;
		default:
			return undefined;
	}
}
