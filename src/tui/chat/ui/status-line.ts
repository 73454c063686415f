/**
 * The status line under the composer: model, context use, tokens, cost, a
 * spinner while the agent works, queued messages and extension segments.
 * One line when it fits; otherwise two, the model and context first.
 */
import { plain, truncate, visibleWidth } from "../../text/width.js";
import type { Styler } from "../../theme/style.js";
import { oneLine } from "./sanitize.js";

export { Notifications, renderNotifications } from "./notifications.js";

export interface StatusState {
	model: string;
	provider?: string;
	/** Thinking level, e.g. "high". */
	thinking?: string;
	contextUsed?: number;
	contextLimit?: number;
	tokensIn: number;
	tokensOut: number;
	/** Dollars; undefined leaves the segment out (a model without a price that has cost nothing). */
	cost?: number;
	working?: {
		label: string;
		/** Spinner frame, counting up. */
		frame: number;
		elapsedMs?: number;
		/** An extension's frame, drawn verbatim instead of weft's spinner; "" draws none. */
		spinner?: string;
	};
	/** Messages waiting to be sent. */
	queued?: number;
	/** Tool output is shown in full (Ctrl+O). */
	expanded?: boolean;
	/** Extension segments, in the order they were set. */
	segments: Array<{ id: string; text: string }>;
	cwd?: string;
}

export const SPINNER_FRAMES = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];

const SEPARATOR = " · ";

export function renderStatusLine(state: StatusState, width: number, styler: Styler): string[] {
	if (width <= 0) return [];
	const working = state.working ? workingPart(state.working, styler) : "";
	const usage = usageParts(state, styler);
	const cwd = state.cwd ? styler.fg("dim", oneLine(state.cwd)) : "";
	const single = join([working, ...modelParts(state, styler, true), ...usage], styler);
	if (visibleWidth(single) <= width) return [withRight(single, cwd, width)];
	// The provider is the first thing to go: the model name usually says it.
	let model = join(modelParts(state, styler, true), styler);
	if (visibleWidth(model) > width) model = join(modelParts(state, styler, false), styler);
	return [withRight(model, cwd, width), truncate(join([working, ...usage], styler), width)];
}

/** The working indicator on its own row (none while idle): what stays when an extension replaces the status line. */
export function renderWorkingRow(state: StatusState, width: number, styler: Styler): string[] {
	if (width <= 0 || !state.working) return [];
	return [truncate(workingPart(state.working, styler), width)];
}

/** The segments as plain text, in order: what the stock `status` buffer holds, one a line. */
export function statusSegments(state: StatusState, styler: Styler): string[] {
	const working = state.working ? workingPart(state.working, styler) : "";
	return [working, ...modelParts(state, styler, true), ...usageParts(state, styler)]
		.map((part) => plain(part))
		.filter((part) => part !== "");
}

/** Model, provider, thinking level and context use: what the first line keeps. */
function modelParts(state: StatusState, styler: Styler, withProvider: boolean): string[] {
	const parts: string[] = [];
	let model = styler.fg("accent", oneLine(state.model || "no model"));
	if (state.provider && withProvider) model += styler.fg("muted", ` (${oneLine(state.provider)})`);
	parts.push(model);
	if (state.thinking) parts.push(styler.fg("thinking", `thinking ${oneLine(state.thinking)}`));
	if (state.contextUsed !== undefined) parts.push(contextPart(state.contextUsed, state.contextLimit, styler));
	return parts;
}

/** Tokens, cost, the queue and extension segments. */
function usageParts(state: StatusState, styler: Styler): string[] {
	const parts: string[] = [];
	parts.push(styler.fg("muted", `↑${formatTokens(state.tokensIn)} ↓${formatTokens(state.tokensOut)}`));
	if (state.cost !== undefined) parts.push(styler.fg("muted", formatCost(state.cost)));
	if (state.queued) parts.push(styler.fg("warning", `${state.queued} queued`));
	if (state.expanded) parts.push(styler.fg("accent", "expanded"));
	for (const segment of state.segments) {
		const text = oneLine(segment.text).trim();
		if (text !== "") parts.push(text);
	}
	return parts;
}

function workingPart(working: NonNullable<StatusState["working"]>, styler: Styler): string {
	const elapsed = working.elapsedMs !== undefined ? ` ${formatElapsed(working.elapsedMs)}` : "";
	const label = styler.fg("accent", oneLine(working.label)) + styler.fg("muted", elapsed);
	if (working.spinner !== undefined)
		return working.spinner === "" ? label : `${oneLine(working.spinner)} ${label}`;
	const spinner = SPINNER_FRAMES[Math.abs(Math.trunc(working.frame)) % SPINNER_FRAMES.length];
	return `${styler.fg("accent", spinner)} ${label}`;
}

function contextPart(used: number, limit: number | undefined, styler: Styler): string {
	if (!limit || limit <= 0) return styler.fg("muted", `${formatTokens(used)} ctx`);
	const percent = Math.round((used / limit) * 100);
	const color = percent >= 90 ? "error" : percent >= 70 ? "warning" : "muted";
	return styler.fg(color, `${formatTokens(used)}/${formatTokens(limit)} (${percent}%)`);
}

function join(parts: string[], styler: Styler): string {
	return parts.filter((part) => part !== "").join(styler.fg("dim", SEPARATOR));
}

/** `left`, with `right` at the right edge when both fit; `left` alone (cut to the width) otherwise. */
function withRight(left: string, right: string, width: number): string {
	const gap = width - visibleWidth(left) - visibleWidth(right);
	if (right === "" || gap < 2) return truncate(left, width);
	return left + " ".repeat(gap) + right;
}

/** 340, 12.3k, 200k, 1.5M. */
export function formatTokens(count: number): string {
	const n = Math.max(0, Math.round(count));
	if (n < 1000) return String(n);
	if (n < 100_000) return `${trimZero((n / 1000).toFixed(1))}k`;
	if (n < 1_000_000) return `${Math.round(n / 1000)}k`;
	return `${trimZero((n / 1_000_000).toFixed(1))}M`;
}

/** $0.0123 below a dollar (small turns stay visible), $1.23 above. */
export function formatCost(dollars: number): string {
	const value = Math.max(0, dollars);
	return `$${value >= 1 ? value.toFixed(2) : value.toFixed(4)}`;
}

/** 12s, 1m 05s. */
export function formatElapsed(ms: number): string {
	const seconds = Math.max(0, Math.floor(ms / 1000));
	if (seconds < 60) return `${seconds}s`;
	return `${Math.floor(seconds / 60)}m ${String(seconds % 60).padStart(2, "0")}s`;
}

function trimZero(text: string): string {
	return text.endsWith(".0") ? text.slice(0, -2) : text;
}
