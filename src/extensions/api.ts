/**
 * The extension API object for one extension. Every registration goes into
 * the kernel tagged with the extension's name (the owner), so unloading it
 * with `kernel.removeOwner(name)` takes back exactly what it added. Every
 * call into the extension's code runs marked for the watchdog. Once the
 * extension is unloaded, late calls (from a timer or a promise it left
 * behind) are ignored instead of registering into a kernel it no longer
 * belongs to. Calls into its code also run in its async context
 * (kernel/owner-context.ts: handlers and timers by the kernel, tools,
 * commands and keys here), so faults in what they start are charged to it.
 * Its `ui` is `ctx.ui`: notifications rate-limited (notify-limit.ts).
 */
import type { AgentSession } from "../agent/session.js";
import { labelsOf, setEntryLabel } from "../agent/session-labels.js";
import { closeMatches } from "../base/close-matches.js";
import { EVENT_NAMES, isEventName } from "../kernel/events.js";
import type { Kernel } from "../kernel/kernel.js";
import type { CustomMessage } from "../kernel/messages.js";
import { BUILTIN_OWNER } from "../kernel/owner.js";
import type { Provider } from "../kernel/provider.js";
import type { RegisterOutcome } from "../kernel/registry.js";
import type { TimerHandle } from "../kernel/timers.js";
import { checkChannel, checkTool, toProvider, toToolDefinition } from "./api-registrations.js";
import type { Channel } from "./channel.js";
import { type ContextSource, createToolContext } from "./context.js";
import type { CustomEvents } from "./custom-events.js";
import { execCommand } from "./exec.js";
import type { ExtensionState } from "./extension-state.js";
import { FLAG_NAME, flagValue, type RawFlag } from "./flags.js";
import type { Jobs } from "./jobs.js";
import type { ExtensionAPI, ExtensionProvider } from "./types.js";
import type { Watchdog } from "./watchdog.js";

/** What the API needs from the host. */
export interface HostServices extends ContextSource {
	readonly kernel: Kernel;
	readonly home: string;
	readonly env: NodeJS.ProcessEnv;
	readonly jobs: Jobs;
	readonly events: CustomEvents;
	readonly watchdog: Watchdog;
	rawFlag(name: string): RawFlag | undefined;
	/** The object another loaded extension exposed. */
	exposedBy(name: string): unknown;
	/** The extension set `state.loop`; apply it to the session (now, or when one is bound). */
	requestLoop(state: ExtensionState): void;
	/** Attributes a failure to the extension: kept for diagnostics, shown to the user once per `where`. */
	failure(state: ExtensionState, where: string, error: unknown): void;
}

const STOPPED_TIMER: TimerHandle = { id: 0, stop: () => {} };

/** What an adapter built on an API object (compat/pi) reaches beyond it: the kernel and the session the calls address. */
export interface AdapterAccess {
	readonly kernel: Kernel;
	session(): AgentSession | undefined;
	/** A provider as registerProvider would build it, not registered: the pi adapter delegates pi-ai's stream functions to it. */
	provider(name: string, config: ExtensionProvider): Provider;
}

const adapterAccess = new WeakMap<ExtensionAPI, AdapterAccess>();

/** The kernel and session behind an API object made by createExtensionAPI. */
export function accessOf(api: ExtensionAPI): AdapterAccess {
	const access = adapterAccess.get(api);
	if (!access)
		throw new Error(`extension "${api.name}": this API object was not made by weft's extension host`);
	return access;
}

const isThenable = (value: unknown): value is PromiseLike<unknown> =>
	value !== null && typeof value === "object" && typeof (value as PromiseLike<unknown>).then === "function";

export function createExtensionAPI(state: ExtensionState, host: HostServices): ExtensionAPI {
	const owner = state.name;
	const { kernel, watchdog } = host;
	const ctx = state.ctx;
	const live = () => state.alive;
	const guard = <T>(what: string, fn: () => T): T =>
		kernel.scopes.run(owner, () => watchdog.run(watchdog.slot(owner, what), fn));
	/** Reports a rejected promise from extension code (timers, shortcuts, deliveries) instead of losing it. */
	const settle = (where: string, value: unknown) => {
		if (isThenable(value)) value.then(undefined, (error) => host.failure(state, where, error));
	};
	const registered = (kind: string, name: string, outcome: RegisterOutcome) => {
		if (!outcome.ok) {
			const winner = outcome.conflict.winner;
			// A built-in wins its name (pi's rule for commands too: weft's /quit runs, not an extension's).
			const holder = winner === BUILTIN_OWNER ? `weft's built-in ${kind}` : `"${winner}"`;
			host.failure(
				state,
				`${kind} ${name}`,
				new Error(`${kind} "${name}" is already registered by ${holder}; this one was not registered`),
			);
		}
	};
	const withSession = (op: (session: AgentSession) => void) => {
		if (!live()) return;
		const session = host.session();
		if (session) op(session);
		else state.pending.push(op);
	};
	const requireName = (call: string, name: unknown): string => {
		if (typeof name !== "string" || name.trim() === "") throw new Error(`${call} needs a non-empty name`);
		return name;
	};

	const api: ExtensionAPI = {
		name: owner,
		cwd: host.cwd,
		ui: ctx.ui,

		on(event, handler, options) {
			if (!isEventName(event)) {
				const close = closeMatches(String(event), EVENT_NAMES);
				throw new Error(
					`unknown event "${event}"${close.length > 0 ? ` (did you mean "${close[0]}"?)` : ""}`,
				);
			}
			if (typeof handler !== "function") throw new Error(`on("${event}") needs a handler function`);
			if (!live()) return () => {};
			const slot = watchdog.slot(owner, `its ${event} handler`);
			return kernel.bus.on(event, (e) => watchdog.run(slot, () => handler(e, ctx)), {
				owner,
				priority: options?.priority,
			});
		},

		registerTool(tool) {
			const checked = checkTool(tool);
			if (!live()) return;
			const slot = watchdog.slot(owner, `tool ${checked.name}`);
			const definition = toToolDefinition(
				checked,
				(call) => createToolContext(host, ctx.ui, call, checked.name),
				(fn) => kernel.scopes.run(owner, () => watchdog.run(slot, fn)),
			);
			registered("tool", checked.name, kernel.tools.register(checked.name, definition, owner));
		},

		registerCommand(name, command) {
			requireName("registerCommand", name);
			if (/\s/.test(name) || name.startsWith("/")) {
				throw new Error(`registerCommand: "${name}" is not a command name; use a single word without "/"`);
			}
			if (typeof command?.handler !== "function")
				throw new Error(`registerCommand("${name}") needs a handler`);
			if (!live()) return;
			const outcome = kernel.commands.register(
				name,
				{
					description: command.description ?? "",
					argumentHint: command.argumentHint,
					origin: command.origin ?? (state.entry ? { path: state.entry } : undefined),
					handler: (args) => guard(`command /${name}`, () => command.handler(args, ctx)),
				},
				owner,
			);
			registered("command", name, outcome);
		},

		registerShortcut(key, shortcut) {
			requireName("registerShortcut", key);
			if (typeof shortcut?.handler !== "function")
				throw new Error(`registerShortcut("${key}") needs a handler`);
			if (!live()) return;
			kernel.keymaps.bind({
				key,
				target: "global",
				priority: 100,
				owner,
				description: shortcut.description,
				handler: () => {
					settle(
						`shortcut ${key}`,
						guard(`shortcut ${key}`, () => shortcut.handler(ctx)),
					);
					return true;
				},
			});
		},

		registerKeymap(keymap) {
			requireName("registerKeymap", keymap?.key);
			if (typeof keymap.handler !== "function")
				throw new Error(`registerKeymap("${keymap.key}") needs a handler`);
			if (!live()) return;
			kernel.keymaps.bind({
				key: keymap.key,
				target: keymap.target ?? "global",
				priority: keymap.priority ?? 0,
				owner,
				description: keymap.description,
				handler: () => {
					const result = guard(`key ${keymap.key}`, () => keymap.handler(ctx));
					if (!isThenable(result)) return result;
					return Promise.resolve(result).then(
						() => undefined,
						(error) => host.failure(state, `key ${keymap.key}`, error),
					);
				},
			});
		},

		registerFlag(name, spec) {
			if (typeof name !== "string" || !FLAG_NAME.test(name)) {
				throw new Error(
					`registerFlag: "${name}" is not a flag name; use letters, digits and "-" (written --${name})`,
				);
			}
			if (spec?.type !== "boolean" && spec?.type !== "string") {
				throw new Error(`registerFlag("${name}"): type must be "boolean" or "string"`);
			}
			if (live()) state.flags.set(name, { ...spec, description: spec.description ?? "" });
		},

		getFlag(name) {
			const spec = state.flags.get(name);
			return spec ? flagValue(spec, host.rawFlag(name)) : undefined;
		},

		registerProvider(name, config) {
			requireName("registerProvider", name);
			const provider = toProvider(name, config, host);
			if (live()) registered("provider", name, kernel.providers.register(name, provider, owner));
		},

		unregisterProvider(name) {
			requireName("unregisterProvider", name);
			const holder = kernel.providers.ownerOf(name);
			if (holder === undefined || !live()) return;
			if (holder !== owner) {
				throw new Error(
					`unregisterProvider("${name}"): the provider is ${holder === BUILTIN_OWNER ? "weft's own" : `registered by extension "${holder}"`}; an extension can only remove providers it registered`,
				);
			}
			kernel.providers.unregister(name, owner);
		},

		registerMessageRenderer(customType, renderer) {
			requireName("registerMessageRenderer", customType);
			if (typeof renderer?.render !== "function") {
				throw new Error(`registerMessageRenderer("${customType}") needs { render(message, options) }`);
			}
			if (live())
				registered(
					"message renderer",
					customType,
					kernel.messageRenderers.register(customType, renderer, owner),
				);
		},

		registerToolRenderer(toolName, renderer) {
			requireName("registerToolRenderer", toolName);
			if (renderer === null || typeof renderer !== "object") {
				throw new Error(`registerToolRenderer("${toolName}") needs { verb?, renderCall?, renderResult? }`);
			}
			if (live())
				registered("tool renderer", toolName, kernel.toolRenderers.register(toolName, renderer, owner));
		},

		registerChannel(channel) {
			const checked = checkChannel(channel);
			if (!live()) return;
			const { id } = checked;
			// Its start and stop run as the extension's code: in its async context, marked for the watchdog.
			const wrapped: Channel = {
				id,
				description: checked.description,
				start: (channelCtx) => guard(`channel ${id}`, () => checked.start(channelCtx)),
				stop: () => guard(`channel ${id}`, () => checked.stop()),
			};
			registered("channel", id, kernel.channels.register(id, wrapped, owner));
		},

		onActivity(listener, options) {
			if (typeof listener !== "function") throw new Error("onActivity needs a listener function");
			if (!live()) return () => {};
			return kernel.activity.subscribe(
				(event) => {
					try {
						guard("its activity listener", () => listener(event));
					} catch (error) {
						host.failure(state, "activity listener", error);
					}
				},
				{ types: options?.types, owner },
			);
		},

		sendMessage(message, options) {
			requireName("sendMessage: customType", message?.customType);
			const custom: CustomMessage = {
				role: "custom",
				customType: message.customType,
				content: message.content,
				display: message.display ?? true,
				details: message.details,
				timestamp: Date.now(),
			};
			withSession((session) =>
				settle(
					"sendMessage",
					session.deliver(custom, options?.deliver ?? "follow_up", options?.triggerTurn ?? false),
				),
			);
		},

		sendUserMessage(text, options) {
			if (typeof text !== "string") throw new Error("sendUserMessage needs the text to send");
			withSession((session) => {
				const how = { source: "extension" as const };
				const delivery = options?.deliver;
				const run =
					delivery === "steer"
						? session.steer(text, how)
						: delivery === "follow_up"
							? session.followUp(text, how)
							: session.prompt(text, how);
				settle("sendUserMessage", run);
			});
		},

		appendEntry(customType, data) {
			requireName("appendEntry: customType", customType);
			withSession((session) => session.store.append({ type: "custom", customType, data }));
		},

		setLabel(entryId, label) {
			const session = host.session();
			if (!live() || !session) return;
			setEntryLabel(session.store, entryId, label);
		},

		getLabel(entryId) {
			const store = host.session()?.store;
			return store ? labelsOf(store.entries).get(entryId) : undefined;
		},

		exec(command, args, options) {
			if (!live()) return Promise.reject(new Error(`extension "${owner}" is no longer loaded`));
			return execCommand(command, args, { ...options, cwd: options?.cwd ?? host.cwd }, (child) =>
				host.jobs.adopt(owner, child),
			);
		},

		defer(ms, fn) {
			if (!live()) return STOPPED_TIMER;
			return kernel.timers.defer(owner, ms, () => guard("a timer", fn));
		},

		interval(ms, fn) {
			if (!live()) return STOPPED_TIMER;
			return kernel.timers.interval(owner, ms, () => guard("an interval", fn));
		},

		spawnJob(command, args, options) {
			if (!live()) throw new Error(`extension "${owner}" is no longer loaded`);
			return host.jobs.spawn(owner, command, args, { ...options, cwd: options?.cwd ?? host.cwd });
		},

		events: {
			on: (name, handler) => (live() ? host.events.on(owner, name, handler) : () => {}),
			emit: (name, data) => {
				if (live()) host.events.emit(name, data);
			},
		},

		getExtension: <T>(name: string) => host.exposedBy(name) as T | undefined,

		expose(value) {
			if (live()) state.exposed = value;
		},

		setAgentLoop(factory) {
			if (typeof factory !== "function") throw new Error("setAgentLoop needs a function (stock) => loop");
			if (!live()) return;
			state.loop = factory;
			host.requestLoop(state);
		},

		log(message, level) {
			state.log.write(message, level);
		},
	};
	adapterAccess.set(api, {
		kernel,
		session: () => host.session(),
		provider: (name, config) => toProvider(name, config, host),
	});
	return api;
}
