/**
 * The one path every tool execution takes, whatever its source (model, user
 * shell command, extension, sub-agent): validate → tool_call gate → execute
 * → tool_result chain. Nothing runs a tool any other way.
 */
import { errorMessage } from "../base/error-message.js";
import type { ToolCallSource } from "../kernel/events.js";
import {
	normalizeUsage,
	type ToolResultContent,
	type ToolResultMessage,
	type Usage,
} from "../kernel/messages.js";
import type { Registry } from "../kernel/registry.js";
import type { ToolBackend, ToolDefinition, ToolResult } from "../kernel/tool.js";
import type { EventRelay } from "./event-relay.js";
import { validateToolArgs } from "./tool-validation.js";

export interface ToolRequest {
	id: string;
	name: string;
	args: Record<string, unknown>;
	source: ToolCallSource;
	/** Where the tool runs its commands and reads and writes files (a `user_shell` handler's backend); default: this machine. */
	backend?: ToolBackend;
}

export interface ToolRunContext {
	cwd: string;
	signal: AbortSignal;
	tools: Registry<ToolDefinition>;
	relay: EventRelay;
	/** Tools the current turn may use; a call to any other is refused. Undefined: all registered. */
	allowed?: ReadonlySet<string>;
}

const text = (value: string): ToolResultContent[] => [{ type: "text", text: value }];

export function normalizeOutput(output: ToolResult | string | undefined): {
	content: ToolResultContent[];
	isError: boolean;
	details?: unknown;
	usage?: Usage;
	terminate?: true;
} {
	if (typeof output === "string") return { content: text(output), isError: false };
	if (!output || typeof output !== "object") return { content: text("(no output)"), isError: false };
	const content = typeof output.content === "string" ? text(output.content) : (output.content ?? []);
	return {
		content: content.length > 0 ? content : text("(no output)"),
		isError: output.isError === true,
		details: output.details,
		// An extension's usage may predate costs with parts (a bare number): normalised, it adds up.
		...(output.usage ? { usage: normalizeUsage(output.usage) } : {}),
		...(output.terminate === true ? { terminate: true as const } : {}),
	};
}

export async function runTool(request: ToolRequest, ctx: ToolRunContext): Promise<ToolResultMessage> {
	const outcome = await execute(request, ctx);
	const final = await ctx.relay.emit("tool_result", {
		id: request.id,
		name: request.name,
		args: outcome.args,
		source: request.source,
		content: outcome.content,
		isError: outcome.isError,
		details: outcome.details,
	});
	return {
		role: "toolResult",
		toolCallId: request.id,
		toolName: request.name,
		content: final.payload.content,
		isError: final.payload.isError,
		details: final.payload.details,
		...(outcome.usage ? { usage: outcome.usage } : {}),
		...(outcome.terminate ? { terminate: true as const } : {}),
		timestamp: Date.now(),
	};
}

interface Outcome {
	args: Record<string, unknown>;
	content: ToolResultContent[];
	isError: boolean;
	details?: unknown;
	usage?: Usage;
	terminate?: true;
}

async function execute(request: ToolRequest, ctx: ToolRunContext): Promise<Outcome> {
	const { name, source } = request;
	let args = request.args;
	const fail = (message: string): Outcome => ({ args, content: text(message), isError: true });

	const tool = ctx.tools.get(name);
	if (!tool || (ctx.allowed && !ctx.allowed.has(name))) {
		const available = ctx.allowed ? [...ctx.allowed] : ctx.tools.names();
		return fail(`Tool "${name}" is not available. Available tools: ${available.join(", ") || "none"}.`);
	}
	const initial = await validateToolArgs(name, tool.parameters, args);
	if (!initial.ok) return fail(initial.message);

	const gate = await ctx.relay.emit("tool_call", {
		id: request.id,
		name,
		args,
		source,
		...(request.backend && { backend: request.backend }),
	});
	args = gate.payload.args;
	const backend = gate.payload.backend;
	if (gate.terminal?.block) {
		const { reason, verbatim } = gate.terminal;
		const message =
			reason && verbatim ? reason : `Tool call blocked: ${reason || `blocked by ${gate.terminalOwner}`}`;
		return { ...fail(message), details: { blocked: true, by: gate.terminalOwner } };
	}
	if (gate.terminal?.result) return { args, ...normalizeOutput(gate.terminal.result) };
	if (args !== request.args) {
		const rewritten = await validateToolArgs(name, tool.parameters, args);
		if (!rewritten.ok) return fail(`${rewritten.message} (arguments as rewritten by an extension)`);
	}
	if (ctx.signal.aborted) return fail("Tool call aborted before it started.");

	ctx.relay.notify("tool_execution_start", { id: request.id, name, args, source });
	let result: Outcome;
	try {
		const output = await tool.execute(args, {
			cwd: ctx.cwd,
			toolCallId: request.id,
			signal: ctx.signal,
			onUpdate: (partial, details) =>
				ctx.relay.notify("tool_execution_update", {
					id: request.id,
					name,
					partial,
					...(details !== undefined ? { details } : {}),
				}),
			...(backend && { backend }),
		});
		result = { args, ...normalizeOutput(output) };
	} catch (error) {
		const message = errorMessage(error);
		result = fail(ctx.signal.aborted ? `Aborted: ${message}` : message);
	}
	ctx.relay.notify("tool_execution_end", {
		id: request.id,
		name,
		content: result.content,
		isError: result.isError,
		...(result.details !== undefined ? { details: result.details } : {}),
	});
	return result;
}
