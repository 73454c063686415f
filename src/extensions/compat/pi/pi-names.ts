/**
 * pi's names for what weft has under others, shared by the pi adapter and
 * `--mode rpc` (pi's RPC protocol): thinking levels and stop reasons.
 * Tables only, imported alone so neither side loads the other.
 */
import type { StopReason } from "../../../kernel/messages.js";
import type { ThinkingLevel } from "../../../kernel/provider.js";

/** pi's thinking levels as weft's: weft has four; pi's extra ones map to the nearest. */
export const PI_THINKING = {
	off: "off",
	minimal: "low",
	low: "low",
	medium: "medium",
	high: "high",
	xhigh: "high",
} as const satisfies Record<string, ThinkingLevel>;

export type PiThinkingLevel = keyof typeof PI_THINKING;

/** weft's stop reasons as pi's (pi-ai's AssistantMessage). */
export const PI_STOP_REASONS = {
	end: "stop",
	tool_use: "toolUse",
	length: "length",
	error: "error",
	aborted: "aborted",
} as const satisfies Record<StopReason, "stop" | "toolUse" | "length" | "error" | "aborted">;
