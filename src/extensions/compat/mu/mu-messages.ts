/**
 * Conversions between weft's messages and tool calls and the Mu plugin
 * format (OpenAI-style chat messages and tool calls), used by mu-adapter.ts.
 * Views a hook returns untouched map back to their weft originals losslessly.
 */
import {
	type AssistantMessage,
	emptyUsage,
	type Message,
	type ToolCall,
	textOf,
} from "../../../kernel/messages.js";

export interface MuToolCall {
	id: string;
	type?: "function";
	function: { name: string; arguments: string };
}

export interface MuChatMessage {
	role: "system" | "user" | "assistant" | "tool";
	content: string;
	reasoning?: string;
	toolCalls?: MuToolCall[];
	toolCallId?: string;
	toolResult?: { name: string; content: string; error?: boolean };
	customType?: string;
}

export const isObject = (value: unknown): value is Record<string, any> =>
	typeof value === "object" && value !== null && !Array.isArray(value);

export type Fail = (what: string) => never;

/** Snapshots the Mu views of weft values; views a hook returns untouched map back to their originals, losslessly. */
export function restorer<W, V>(originals: W[], views: V[]) {
	const before = new Map(
		views.map((view, i) => [view, { original: originals[i], json: JSON.stringify(view) }]),
	);
	return (returned: V[], back: (view: V, original: W | undefined) => W): W[] | undefined => {
		let changed = returned.length !== views.length;
		const out = returned.map((view, i) => {
			const known = before.get(view);
			if (known && JSON.stringify(view) === known.json) {
				if (view !== views[i]) changed = true;
				return known.original;
			}
			changed = true;
			return back(view, known?.original);
		});
		return changed ? out : undefined;
	};
}

export const toMuCall = (call: ToolCall): MuToolCall => ({
	id: call.id,
	type: "function",
	function: { name: call.name, arguments: JSON.stringify(call.args) },
});

export function fromMuCall(call: MuToolCall, fail: Fail): ToolCall {
	if (!isObject(call) || !isObject(call.function) || typeof call.function.name !== "string")
		return fail("a returned tool call has no function name");
	return {
		type: "toolCall",
		id: String(call.id),
		name: call.function.name,
		args: parseArgs(call.function.arguments, fail),
	};
}

export function parseArgs(args: unknown, fail: Fail): Record<string, unknown> {
	let parsed = args;
	try {
		if (typeof args === "string") parsed = JSON.parse(args);
	} catch {}
	return isObject(parsed) ? parsed : fail(`tool call arguments must be a JSON object, got ${String(args)}`);
}

export function toMuMessage(message: Message): MuChatMessage {
	if (message.role === "user") return { role: "user", content: textOf(message.content) };
	if (message.role === "custom")
		return { role: "user", content: textOf(message.content), customType: message.customType };
	if (message.role === "toolResult") {
		const content = textOf(message.content);
		const toolResult = { name: message.toolName, content, error: message.isError };
		return { role: "tool", content, toolCallId: message.toolCallId, toolResult };
	}
	const calls = message.content.filter((b): b is ToolCall => b.type === "toolCall").map(toMuCall);
	const reasoning = message.content.map((b) => (b.type === "thinking" ? b.thinking : "")).join("");
	return {
		role: "assistant",
		content: textOf(message.content),
		...(reasoning ? { reasoning } : {}),
		...(calls.length > 0 ? { toolCalls: calls } : {}),
	};
}

export function fromMuMessage(m: MuChatMessage, old: Message | undefined, fail: Fail): Message {
	if (!isObject(m)) return fail("hooks.beforeLlmCall returned a message that is not an object");
	const content = typeof m.content === "string" ? m.content : JSON.stringify(m.content ?? "");
	const timestamp = old?.timestamp ?? Date.now();
	if (m.role === "user")
		return old?.role === "custom" ? { ...old, content } : { role: "user", content, timestamp };
	if (m.role === "assistant") {
		const base = old?.role === "assistant" ? old : newAssistant(timestamp);
		const thinking = base.content.filter((b) => b.type === "thinking");
		const text = content ? [{ type: "text" as const, text: content }] : [];
		return {
			...base,
			content: [...thinking, ...text, ...(m.toolCalls ?? []).map((c) => fromMuCall(c, fail))],
		};
	}
	if (m.role === "tool") {
		const base = old?.role === "toolResult" ? old : undefined;
		const toolCallId = m.toolCallId ?? base?.toolCallId;
		if (!toolCallId) return fail("hooks.beforeLlmCall returned a tool message without toolCallId");
		return {
			role: "toolResult",
			toolCallId,
			toolName: m.toolResult?.name ?? base?.toolName ?? "",
			content: [{ type: "text", text: content }],
			isError: m.toolResult?.error ?? base?.isError ?? false,
			details: base?.details,
			timestamp,
		};
	}
	return { role: "custom", customType: m.customType ?? "mu", content, display: false, timestamp };
}

/** An assistant message a hook added: no model produced it, so it names none. */
function newAssistant(timestamp: number): AssistantMessage {
	const usage = emptyUsage();
	return { role: "assistant", content: [], provider: "", model: "", usage, stopReason: "end", timestamp };
}
