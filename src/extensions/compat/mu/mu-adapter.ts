/**
 * Mu-style plugin objects (`{ name, tools, hooks, commands, systemPrompt,
 * agentLoop, activate, deactivate }`, the shape of Mu's plugin core), adapted
 * onto weft's events. Everything goes through the ExtensionAPI, so unloading
 * removes it like any extension. Mu's own shapes are kept where weft can
 * honour them:
 *
 * - tools: Mu's `{ definition: { function: { name, description, parameters } },
 *   execute(args, signal) }` or flat `{ name, description, parameters,
 *   execute(args, ctx) }`. A string result is text (Mu: "Error:…" is an error),
 *   `{ content, error | isError }` is kept, anything else is sent as JSON.
 * - commands: an array (or record by name) of `{ name, description, execute |
 *   handler | run (args, ctx) }`; ctx is weft's plus Mu's `messages` (always
 *   empty: extensions cannot read the transcript) and `config`; a returned
 *   string is shown with ui.notify.
 * - systemPrompt (string, or function of the plugin context): appended on
 *   before_agent_start after a blank line, as Mu merges plugin prompts.
 * - transformUserInput → input: `{ kind: "transform", text }` (or a string)
 *   rewrites, `{ kind: "intercept" }` is handled; "pass"/"continue" go on.
 * - filterTools (Mu tools without execute → tools or names, narrowing),
 *   transformSystemPrompt, then beforeLlmCall(messages, { systemPrompt, model,
 *   providerId }) run on each `context`. Messages are Mu ChatMessages: ones
 *   left alone map back losslessly, edited ones keep text and tool calls, and
 *   a "system" message becomes a hidden custom message.
 * - afterLlmCall({ content, reasoning, toolCalls, usage: total tokens }) →
 *   turn_result (content and tool calls may be rewritten).
 * - beforeToolExec(toolCall) → tool_call: changed `arguments` rewrite args;
 *   `{ blocked: true, content }` blocks with content as the reason (with
 *   `error: false` it is the result instead); weft's `{ block, reason, args,
 *   result }` passes through; renaming the tool fails closed.
 * - afterToolExec(toolCall, text) → tool_result: a new string (or `{ content,
 *   isError }`) rewrites the result.
 * - afterAgentRun("complete" | "aborted", { reason, response, error }) → agent_end
 *   (as in Mu, a run that ended in an error or a block counts as complete).
 * - A rewriting hook that returns nothing keeps its input, in-place edits included.
 * - agentLoop: Mu's generator strategies drive Mu's own providers and cannot
 *   run here; weft's `(ctx, stock) => Promise<LoopResult>` (or `{ run }`) does.
 * - activate(context) runs last with Mu's `cwd`, `config`, `getPlugin` plus
 *   `weft` (the full API); Mu's `ui` and registries have other shapes, so they
 *   are absent and plugins use their fallbacks. The plugin object is exposed
 *   for getPlugin. deactivate is returned for the host to call on unload.
 *   Other hooks (e.g. decorateMessage) are logged and ignored.
 */
import type { AgentLoop, LoopContext, LoopResult } from "../../../agent/agent-loop.js";
import type { AgentEndReason, EventResult } from "../../../kernel/events.js";
import { textOf } from "../../../kernel/messages.js";
import type { ToolResult } from "../../../kernel/tool.js";
import type { ExtensionAPI, ExtensionCommand, ExtensionTool } from "../../types.js";
import {
	type Fail,
	fromMuCall,
	fromMuMessage,
	isObject,
	type MuChatMessage,
	type MuToolCall,
	parseArgs,
	restorer,
	toMuCall,
	toMuMessage,
} from "./mu-messages.js";

type Awaitable<T> = T | Promise<T>;

export type MuToolSpec = { name: string; description?: string; parameters?: Record<string, unknown> };

/** Mu's form (execute gets the AbortSignal) or the flat form (execute gets weft's tool context). */
export type MuTool = ({ definition: { type?: "function"; function: MuToolSpec } } | MuToolSpec) & {
	execute(args: any, signalOrContext: any): unknown;
};

type CommandFn = (args: string, ctx: any) => unknown;
export type MuCommand = {
	name?: string;
	description?: string;
	execute?: CommandFn;
	handler?: CommandFn;
	run?: CommandFn;
};

export type MuTurnResult = { content: string; reasoning: string; toolCalls: MuToolCall[]; usage: number };
type MuBlock = { blocked: true; content: string; error?: boolean };
type MuLlmConfig = { systemPrompt: string; model?: string; providerId?: string };

export interface MuHooks {
	beforeLlmCall?(messages: MuChatMessage[], config: MuLlmConfig): Awaitable<MuChatMessage[] | undefined>;
	afterLlmCall?(result: MuTurnResult): Awaitable<Partial<MuTurnResult> | undefined>;
	beforeToolExec?(call: MuToolCall): Awaitable<MuToolCall | MuBlock | EventResult<"tool_call"> | undefined>;
	afterToolExec?(
		call: MuToolCall,
		text: string,
	): Awaitable<string | { content?: string; isError?: boolean } | void>;
	filterTools?(tools: Array<{ definition: { function: MuToolSpec } }>): Awaitable<unknown[]>;
	transformSystemPrompt?(prompt: string): Awaitable<string>;
	transformUserInput?(text: string): Awaitable<{ kind: string; text?: string } | string | undefined>;
	afterAgentRun?(
		reason: "complete" | "aborted",
		detail: { reason: AgentEndReason; response: string; error?: string },
	): unknown;
}

export interface MuPluginContext {
	cwd: string;
	config: Record<string, unknown>;
	getPlugin<T = unknown>(name: string): T | undefined;
	weft: ExtensionAPI;
}

export type MuAgentLoop = (ctx: LoopContext, stock: AgentLoop) => Promise<LoopResult>;

export interface MuPlugin {
	name?: string;
	tools?: MuTool[];
	hooks?: MuHooks;
	commands?: MuCommand[] | Record<string, MuCommand>;
	systemPrompt?: string | ((context: MuPluginContext) => Awaitable<string>);
	agentLoop?: MuAgentLoop | { run: MuAgentLoop };
	activate?(context: MuPluginContext): Awaitable<void>;
	deactivate?(): Awaitable<void>;
	[extra: string]: unknown;
}

const MU_KEYS = ["tools", "hooks", "commands", "systemPrompt", "agentLoop", "activate"];
/** The hooks this adapter maps; any other key under `hooks` is reported and ignored. */
const HOOKS: ReadonlySet<string> = new Set<keyof MuHooks>([
	"beforeLlmCall",
	"afterLlmCall",
	"beforeToolExec",
	"afterToolExec",
	"filterTools",
	"transformSystemPrompt",
	"transformUserInput",
	"afterAgentRun",
]);

/** True for a plain object (not a function) carrying at least one of Mu's plugin keys. */
export function isMuPlugin(value: unknown): value is MuPlugin {
	return isObject(value) && MU_KEYS.some((key) => value[key] !== undefined);
}

/** Registers a Mu-style plugin through `api`; returns its deactivate for the host to call on unload. */
export async function adaptMuPlugin(
	plugin: MuPlugin,
	api: ExtensionAPI,
): Promise<{ deactivate?: () => void | Promise<void> }> {
	const who = typeof plugin.name === "string" && plugin.name ? plugin.name : api.name;
	const fail = (what: string): never => {
		throw new Error(`plugin "${who}": ${what}`);
	};
	const tools = plugin.tools === undefined ? [] : toolsOf(plugin.tools, fail);
	const commands = plugin.commands === undefined ? [] : commandsOf(plugin.commands, fail);
	const hooks = plugin.hooks ?? {};
	if (!isObject(hooks)) fail("hooks must be an object");
	for (const [key, value] of Object.entries(hooks)) {
		if (!HOOKS.has(key))
			api.log(`plugin "${who}": hooks.${key} is not supported by weft and is ignored`, "warn");
		else if (value !== undefined && typeof value !== "function") fail(`hooks.${key} must be a function`);
	}
	for (const key of ["activate", "deactivate"] as const)
		if (plugin[key] !== undefined && typeof plugin[key] !== "function") fail(`${key} must be a function`);
	const prompt = plugin.systemPrompt;
	if (prompt !== undefined && typeof prompt !== "string" && typeof prompt !== "function")
		fail("systemPrompt must be a string or a function returning one");
	const loop = plugin.agentLoop === undefined ? undefined : loopOf(plugin.agentLoop, fail);

	const context: MuPluginContext = {
		cwd: api.cwd,
		config: {},
		getPlugin: (name) => api.getExtension(name),
		weft: api,
	};
	api.expose(plugin);
	for (const tool of tools) api.registerTool(tool);
	for (const [name, command] of commands) api.registerCommand(name, command);
	if (loop) api.setAgentLoop((stock) => (ctx) => loop(ctx, stock));
	if (prompt !== undefined)
		api.on("before_agent_start", async (event) => {
			const text = typeof plugin.systemPrompt === "function" ? await plugin.systemPrompt(context) : prompt;
			if (typeof text !== "string" || !text) return undefined;
			return { systemPrompt: event.systemPrompt ? `${event.systemPrompt}\n\n${text}` : text };
		});
	registerHooks(hooks, api, fail);
	await plugin.activate?.(context);
	return plugin.deactivate ? { deactivate: () => plugin.deactivate?.() } : {};
}

function registerHooks(hooks: MuHooks, api: ExtensionAPI, fail: Fail): void {
	// Hooks are called as methods of `hooks`, as Mu calls them.
	if (hooks.transformUserInput)
		api.on("input", async (event) => {
			const out = await hooks.transformUserInput?.(event.text);
			const text = typeof out === "string" ? out : out?.text;
			if (isObject(out) && out.kind === "intercept") return { action: "handled" };
			const transform = typeof out === "string" || out?.kind === "transform";
			return transform && typeof text === "string" && text !== event.text
				? { action: "transform", text }
				: undefined;
		});
	if (hooks.filterTools || hooks.transformSystemPrompt || hooks.beforeLlmCall)
		api.on("context", async (event, ctx) => {
			const result: EventResult<"context"> = {};
			if (hooks.filterTools) {
				const kept = await hooks.filterTools?.(
					event.tools.map((t) => ({ definition: { type: "function", function: t } })),
				);
				const bad = () => fail("hooks.filterTools must return an array of tools or tool names");
				result.tools = (Array.isArray(kept) ? kept : bad()).map((t: any) => {
					const name = typeof t === "string" ? t : (t?.definition?.function?.name ?? t?.name);
					return typeof name === "string" ? name : bad();
				});
			}
			let systemPrompt = event.systemPrompt;
			if (hooks.transformSystemPrompt) {
				const next = (await hooks.transformSystemPrompt?.(systemPrompt)) ?? systemPrompt;
				systemPrompt =
					typeof next === "string" ? next : fail("hooks.transformSystemPrompt must return a string");
			}
			if (hooks.beforeLlmCall) {
				const config: MuLlmConfig = { systemPrompt, model: ctx.model?.id, providerId: ctx.model?.provider };
				const views = event.messages.map(toMuMessage);
				const restore = restorer(event.messages, views);
				const out = (await hooks.beforeLlmCall?.(views, config)) ?? views;
				if (!Array.isArray(out)) fail("hooks.beforeLlmCall must return the messages");
				const messages = restore(out, (m, old) => fromMuMessage(m, old, fail));
				if (messages) result.messages = messages;
				if (typeof config.systemPrompt === "string") systemPrompt = config.systemPrompt;
			}
			if (systemPrompt !== event.systemPrompt) result.systemPrompt = systemPrompt;
			return result;
		});
	if (hooks.afterLlmCall)
		api.on("turn_result", async (event) => {
			const toolCalls = event.toolCalls.map(toMuCall);
			const restore = restorer(event.toolCalls, toolCalls);
			const usage = event.usage.input + event.usage.output;
			const view = { content: event.content, reasoning: event.thinking, toolCalls, usage };
			const out = (await hooks.afterLlmCall?.(view)) ?? view;
			if (!isObject(out)) return fail("hooks.afterLlmCall must return the turn result");
			const calls = Array.isArray(out.toolCalls)
				? restore(out.toolCalls, (c) => fromMuCall(c, fail))
				: undefined;
			const content =
				typeof out.content === "string" && out.content !== event.content ? out.content : undefined;
			return { content, toolCalls: calls };
		});
	if (hooks.beforeToolExec)
		api.on("tool_call", async (event) => {
			const call = toMuCall({ type: "toolCall", id: event.id, name: event.name, args: event.args });
			const before = call.function.arguments;
			const out: any = (await hooks.beforeToolExec?.(call)) ?? call;
			if (!isObject(out)) return undefined;
			if (out.blocked === true) {
				const content = String(out.content ?? "blocked");
				return out.error === false
					? { result: { content, isError: false } }
					: { block: true, reason: content };
			}
			if (!isObject(out.function)) return out as EventResult<"tool_call">;
			if (out.function.name !== event.name)
				fail(
					`hooks.beforeToolExec renamed "${event.name}" to "${out.function.name}"; weft cannot reroute a tool call`,
				);
			return out.function.arguments === before
				? undefined
				: { args: parseArgs(out.function.arguments, fail) };
		});
	if (hooks.afterToolExec)
		api.on("tool_result", async (event) => {
			const text = textOf(event.content);
			const out = await hooks.afterToolExec?.(
				toMuCall({ type: "toolCall", id: event.id, name: event.name, args: event.args }),
				text,
			);
			if (typeof out === "string") return out === text ? undefined : { content: out };
			return isObject(out) ? { content: out.content, isError: out.isError } : undefined;
		});
	if (hooks.afterAgentRun)
		api.on("agent_end", async ({ reason, response, error }) => {
			await hooks.afterAgentRun?.(reason === "aborted" ? "aborted" : "complete", { reason, response, error });
		});
}

function toolsOf(tools: unknown, fail: Fail): ExtensionTool[] {
	if (!Array.isArray(tools)) return fail("tools must be an array");
	return tools.map((tool, i) => {
		if (!isObject(tool)) return fail(`tools[${i}] is not an object`);
		const muForm = tool.definition !== undefined;
		const spec = muForm ? tool.definition?.function : tool;
		if (!isObject(spec))
			return fail(`tools[${i}].definition has no function ({ name, description, parameters })`);
		if (typeof spec.name !== "string" || !spec.name) return fail(`tools[${i}] has no name`);
		if (typeof tool.execute !== "function")
			return fail(`tools[${i}] ("${spec.name}") has no execute function`);
		if (spec.parameters !== undefined && !isObject(spec.parameters))
			return fail(`tools[${i}] ("${spec.name}") parameters must be a JSON Schema object`);
		return {
			name: spec.name,
			description: typeof spec.description === "string" ? spec.description : "",
			parameters: spec.parameters ?? { type: "object", properties: {} },
			execute: async (args, ctx) => toolReturn(await tool.execute(args, muForm ? ctx.signal : ctx)),
		};
	});
}

function toolReturn(value: unknown): ToolResult | string {
	if (typeof value === "string") return { content: value, isError: value.startsWith("Error:") };
	if (isObject(value) && (typeof value.content === "string" || Array.isArray(value.content)))
		return {
			content: value.content,
			isError: value.isError === true || value.error === true,
			details: value.details,
		};
	return value === undefined ? "" : (JSON.stringify(value, null, 2) ?? String(value));
}

function commandsOf(commands: unknown, fail: Fail): Array<[string, ExtensionCommand]> {
	const entries: Array<[string, unknown, unknown]> = Array.isArray(commands)
		? commands.map((c, i) => [`commands[${i}]`, c, c?.name])
		: isObject(commands)
			? Object.entries(commands).map(([key, c]) => [`commands.${key}`, c, c?.name ?? key])
			: fail("commands must be an array or an object keyed by name");
	return entries.map(([at, command, name]) => {
		if (!isObject(command)) return fail(`${at} is not an object`);
		if (typeof name !== "string" || !name) return fail(`${at} has no name`);
		const run = command.execute ?? command.handler ?? command.run;
		if (typeof run !== "function") return fail(`${at} ("${name}") has no execute, handler or run function`);
		const handler: ExtensionCommand["handler"] = async (args, ctx) => {
			const config = { model: ctx.model?.id, providerId: ctx.model?.provider };
			const out = await run.call(command, args, { ...ctx, messages: [], config });
			if (typeof out === "string" && out) ctx.ui.notify(out);
		};
		return [
			name,
			{ description: typeof command.description === "string" ? command.description : "", handler },
		];
	});
}

function loopOf(agentLoop: unknown, fail: Fail): MuAgentLoop {
	const run = isObject(agentLoop) ? agentLoop.run : agentLoop;
	if (typeof run !== "function")
		return fail("agentLoop must be a function (ctx, stock) or an object with run(ctx, stock)");
	const kind = Object.prototype.toString.call(run);
	const muStrategy = `agentLoop is a Mu loop strategy (a generator over Mu messages and providers), which weft cannot run; write it as (ctx, stock) => Promise<LoopResult> and call stock(ctx) to keep weft's loop`;
	if (kind.includes("GeneratorFunction")) fail(muStrategy);
	return async (ctx, stock) => {
		const result = await run.call(agentLoop, ctx, stock);
		return isObject(result) && typeof result.reason === "string" ? (result as LoopResult) : fail(muStrategy);
	};
}

export type { MuChatMessage, MuToolCall };
