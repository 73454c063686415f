/**
 * The API object a pi extension's factory receives (pi's `ExtensionAPI`),
 * built on weft's API for the same extension: everything it registers is
 * owned by the extension as usual, so unloading takes it all back. pi's
 * events go through the mapping in pi-events.ts; an event or call weft has
 * no meaning for is accepted and reported once (a warning naming the
 * extension and what it asked for), never silently ignored.
 */
import type { EventName } from "../../../kernel/events.js";
import type { ThinkingLevel } from "../../../kernel/provider.js";
import type { AdapterAccess } from "../../api.js";
import type {
	Delivery,
	ExtensionAPI,
	ExtensionContext,
	ExtensionProvider,
	ExtensionTool,
	ToolExecutionContext,
} from "../../types.js";
import {
	createPiCommandContext,
	createPiContext,
	type PiContextSource,
	sessionNameOf,
} from "./pi-context.js";
import { PI_EVENTS, UNSUPPORTED } from "./pi-events.js";
import { PI_THINKING } from "./pi-names.js";
import { piStreamProvider, streamFunctionOf } from "./pi-providers.js";
import { piTheme } from "./pi-theme.js";
import { PiToolPrompts } from "./pi-tool-prompt.js";
import { type PiTool, toToolRenderer, toWeftTool } from "./pi-tools.js";
import { createPiUI } from "./pi-ui.js";

const DELIVERIES: Record<string, Delivery> = { steer: "steer", followUp: "follow_up", nextTurn: "next_turn" };

const THINKING: Record<string, ThinkingLevel> = PI_THINKING;

/** pi's built-in tools, which weft has under the same names. */
const BUILTIN_TOOLS = new Set(["read", "bash", "edit", "write", "grep", "find", "ls"]);

const WEFT_APIS = new Set([
	"openai-completions",
	"openai-responses",
	"anthropic-messages",
	"google-generative-ai",
]);

type Handler = (event: any, ctx: any) => unknown;

export interface PiAPIOptions {
	weft: ExtensionAPI;
	access: AdapterAccess;
	/** The extension's context (ui already limited and attributed by the host). */
	ctx: ExtensionContext;
}

export function createPiAPI({ weft, access, ctx }: PiAPIOptions) {
	const { kernel } = access;
	const reported = new Set<string>();
	const unsupported = (what: string, why?: string) => {
		if (reported.has(what)) return;
		reported.add(what);
		const text = `pi extension "${weft.name}" uses ${what}, which weft does not support${why ? `: ${why}` : ""}; it has no effect`;
		weft.log(text, "warn");
		ctx.ui.notify(text, "warning");
	};
	let systemPrompt = "";
	let firstSessionId: string | undefined;
	const ui = createPiUI({ ui: ctx.ui, cwd: ctx.cwd, unsupported: (call) => unsupported(`ctx.${call}`) });
	const source = (base: ExtensionContext): PiContextSource => ({
		ctx: base,
		kernel,
		session: access.session,
		ui,
		systemPrompt: () => systemPrompt,
		unsupported,
	});
	const piCtx = createPiContext(source(ctx));
	const commandCtx = createPiCommandContext(source(ctx));
	let activeTools: Set<string> | undefined;
	let narrowing = false;
	const toolPrompts = new PiToolPrompts();
	let editingPrompt = false;

	const session = () => access.session();
	/**
	 * pi lets an extension replace a built-in tool by registering its name;
	 * weft's registry keeps the built-in. So the replacement runs in the
	 * built-in's place from a tool_call handler that supplies the result —
	 * after every other handler, so guards still see (and may block) the call.
	 * A user's own command (`!cmd`, source "user") is not the model's tool
	 * call: as in pi it runs weft's bash (through user_bash's operations, if given).
	 */
	const overrideBuiltin = (tool: ExtensionTool) =>
		weft.on(
			"tool_call",
			async (event) => {
				if (event.name !== tool.name || event.source === "user") return undefined;
				const callCtx = Object.create(ctx, {
					toolCallId: { value: event.id },
					signal: { value: ctx.signal ?? new AbortController().signal },
					onUpdate: { value: () => {} },
				}) as ToolExecutionContext;
				try {
					const result = await tool.execute(event.args, callCtx);
					return { result: typeof result === "string" ? { content: result } : result };
				} catch (error) {
					return {
						result: { content: error instanceof Error ? error.message : String(error), isError: true },
					};
				}
			},
			{ priority: -1000 },
		);
	const toolInfo = ({
		value,
		owner,
	}: {
		value: { name: string; description: string; parameters: unknown };
		owner: string;
	}) => ({
		name: value.name,
		description: value.description,
		parameters: value.parameters,
		sourceInfo: {
			path: owner,
			source: owner === "builtin" ? "builtin" : owner,
			scope: "temporary",
			origin: "top-level",
		},
	});

	return {
		on(event: string, handler: Handler) {
			if (typeof handler !== "function") throw new Error(`pi.on("${event}") needs a handler function`);
			const mapping = PI_EVENTS[event];
			if (!mapping) {
				unsupported(`the "${event}" event`, UNSUPPORTED[event] ?? "weft has no such event");
				return () => {};
			}
			return weft.on(mapping.weft as EventName, async (payload: any) => {
				// pi's first session_start says "startup"; later ones say how the session changed.
				if (mapping.weft === "session_start") firstSessionId ??= payload.sessionId;
				const piEvent = mapping.toPi(payload, { firstStart: payload.sessionId === firstSessionId });
				if (event === "before_agent_start") systemPrompt = payload.systemPrompt;
				const result = (await handler(piEvent, piCtx)) as any;
				if (!mapping.fromPi && result !== undefined && result !== null) {
					unsupported(
						`a result returned from the "${event}" event`,
						"weft only reports this event to extensions",
					);
				}
				return mapping.fromPi?.(result, piEvent, payload) as never;
			});
		},

		registerTool(tool: PiTool) {
			const weftTool = toWeftTool(tool, (toolCtx) => createPiContext(source(toolCtx)));
			if (toolPrompts.add(tool) && !editingPrompt) {
				editingPrompt = true;
				weft.on("before_agent_start", (p) => {
					const active = (name: string) => kernel.tools.has(name) && (!activeTools || activeTools.has(name));
					const systemPrompt = toolPrompts.apply(p.systemPrompt, active);
					return systemPrompt === p.systemPrompt ? undefined : { systemPrompt };
				});
			}
			if (BUILTIN_TOOLS.has(tool.name)) overrideBuiltin(weftTool);
			else weft.registerTool(weftTool);
			const renderer = toToolRenderer(tool, ctx.cwd);
			if (renderer) weft.registerToolRenderer(tool.name, renderer);
		},

		registerCommand(
			name: string,
			command: { description?: string; handler(args: string, ctx: unknown): unknown },
		) {
			if (typeof command?.handler !== "function")
				throw new Error(`registerCommand("${name}") needs a handler`);
			weft.registerCommand(name, {
				description: command.description ?? "",
				handler: async (args) => {
					await command.handler(args, commandCtx);
				},
			});
		},

		registerShortcut(shortcut: string, options: { description?: string; handler(ctx: unknown): unknown }) {
			if (typeof options?.handler !== "function")
				throw new Error(`registerShortcut("${shortcut}") needs a handler`);
			weft.registerShortcut(shortcut, {
				description: options.description,
				handler: async () => {
					await options.handler(piCtx);
				},
			});
		},

		registerFlag(
			name: string,
			spec: { description?: string; type: "boolean" | "string"; default?: boolean | string },
		) {
			weft.registerFlag(name, {
				description: spec?.description ?? "",
				type: spec?.type,
				default: spec?.default,
			});
		},
		getFlag: (name: string) => weft.getFlag(name),

		registerMessageRenderer(
			customType: string,
			renderer: (
				message: unknown,
				options: { expanded: boolean },
				theme: unknown,
			) => { render(width: number): string[] } | undefined,
		) {
			if (typeof renderer !== "function")
				throw new Error(`registerMessageRenderer("${customType}") needs a function`);
			weft.registerMessageRenderer(customType, {
				render: (message, options) =>
					renderer(message, { expanded: options.expanded }, piTheme)?.render(options.width) ?? [],
			});
		},

		registerProvider(name: string, config: Record<string, any>) {
			if (!Array.isArray(config?.models)) {
				unsupported(
					`registerProvider("${name}") without models`,
					"weft cannot re-point a provider it already has",
				);
				return;
			}
			// pi's oauth is weft's provider login as it is: /login runs it, requests use getApiKey's key.
			const oauth = config.oauth;
			if (typeof oauth?.modifyModels === "function")
				unsupported(
					`registerProvider("${name}") with oauth.modifyModels`,
					"weft keeps the models as registered",
				);
			// Its own stream (or one registered for its api through pi-ai's registerApiProvider).
			const ownStream = streamFunctionOf(config);
			if (ownStream) {
				weft.registerProvider(name, {
					...piStreamProvider(name, config, ownStream),
					...(oauth && { oauth }),
				});
				return;
			}
			if (!WEFT_APIS.has(config.api)) {
				unsupported(
					`registerProvider("${name}") with api "${config.api}" and no streamSimple`,
					`weft's providers speak ${[...WEFT_APIS].join(", ")}; give the provider a streamSimple function`,
				);
				return;
			}
			const apiKey =
				typeof config.apiKey === "string" && /^[A-Z][A-Z0-9_]*$/.test(config.apiKey)
					? `$${config.apiKey}`
					: config.apiKey;
			const provider = {
				api: config.api,
				baseUrl: config.baseUrl,
				apiKey,
				headers: config.headers,
				...(oauth && { oauth }),
				models: config.models.map((m: Record<string, any>) => ({
					id: m.id,
					name: m.name,
					contextWindow: m.contextWindow,
					maxOutput: m.maxTokens,
					cost: m.cost,
					reasoning: m.reasoning,
					input: m.input,
				})),
			};
			weft.registerProvider(name, provider as ExtensionProvider);
		},
		unregisterProvider: (name: string) => weft.unregisterProvider(name),

		sendMessage(
			message: { customType: string; content: any; display?: boolean; details?: unknown },
			options?: { triggerTurn?: boolean; deliverAs?: string },
		) {
			weft.sendMessage(message, {
				deliver: DELIVERIES[options?.deliverAs ?? "steer"] ?? "steer",
				triggerTurn: options?.triggerTurn,
			});
		},

		sendUserMessage(
			content: string | Array<{ type: string; text?: string }>,
			options?: { deliverAs?: string },
		) {
			const text =
				typeof content === "string"
					? content
					: content
							.filter((p) => p.type === "text")
							.map((p) => p.text ?? "")
							.join("\n");
			if (typeof content !== "string" && content.some((p) => p.type !== "text")) {
				unsupported("images in sendUserMessage", "weft's extension API sends the text only");
			}
			const deliver = DELIVERIES[options?.deliverAs ?? ""];
			weft.sendUserMessage(text, deliver && deliver !== "next_turn" ? { deliver } : undefined);
		},

		appendEntry: (customType: string, data?: unknown) => weft.appendEntry(customType, data),
		setSessionName(name: string) {
			session()?.store.append({ type: "session_info", name });
		},
		getSessionName: () => sessionNameOf(session()?.store.entries ?? []),
		setLabel: (entryId: string, label: string | undefined) => weft.setLabel(entryId, label),

		exec: (
			command: string,
			args: string[] = [],
			options: { signal?: AbortSignal; timeout?: number; cwd?: string } = {},
		) => weft.exec(command, args, { signal: options.signal, timeoutMs: options.timeout, cwd: options.cwd }),

		getAllTools: () => kernel.tools.list().map(toolInfo),
		getActiveTools: () => kernel.tools.names().filter((n) => !activeTools || activeTools.has(n)),
		setActiveTools(names: string[]) {
			activeTools = new Set(names);
			if (narrowing) return;
			narrowing = true;
			// The model is offered only the active tools: weft's context event narrows each request.
			weft.on("context", () => (activeTools ? { tools: [...activeTools] } : undefined));
		},

		getCommands: () =>
			kernel.commands.list().map(({ name, value, owner }) => ({
				name,
				description: value.description,
				source: "extension",
				sourceInfo: { path: owner, source: owner, scope: "temporary", origin: "top-level" },
			})),

		async setModel(model: { provider: string; id: string }) {
			const found = piCtx.modelRegistry.find(model?.provider, model?.id);
			const current = session();
			if (!found || !current) return false;
			current.setModel(found);
			return true;
		},
		getThinkingLevel: () => session()?.thinking ?? "off",
		setThinkingLevel(level: string) {
			const mapped = THINKING[level];
			if (mapped) session()?.setThinking(mapped);
		},

		events: weft.events,
	};
}
