/** What each mock route implements: a turn plan → SSE frames, and the route's error body. */
import type { TurnPlan } from "../script.js";

export interface WireContext {
	/** The parsed request body. */
	body: any;
	nextId: (prefix: string) => string;
}

export interface WireFormat {
	/** Prefix for generated tool-call ids (`call_`, `toolu_`). */
	toolIdPrefix: string;
	/** Serialized SSE frames; each one is a "chunk" for stall/drop/malformed scripting. */
	frames(plan: TurnPlan, ctx: WireContext): string[];
	/** The JSON error body this API sends with an HTTP error status. */
	errorBody(status: number, message: string): unknown;
}

/** One server-sent event; `event:` lines are sent by the APIs that name their events. */
export function sse(data: unknown, event?: string): string {
	const json = typeof data === "string" ? data : JSON.stringify(data);
	return `${event ? `event: ${event}\n` : ""}data: ${json}\n\n`;
}

/** The error body both OpenAI APIs send. */
export function openAiErrorBody(status: number, message: string): unknown {
	const codes: Record<number, string> = {
		401: "invalid_api_key",
		403: "unsupported_country_region_territory",
		404: "model_not_found",
		429: "rate_limit_exceeded",
	};
	const type = status >= 500 ? "server_error" : "invalid_request_error";
	return { error: { message, type, param: null, code: codes[status] ?? null } };
}
