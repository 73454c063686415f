/**
 * The kernel: one event bus and the registries every feature registers
 * through. Built-ins and extensions use the same instance and the same calls;
 * `removeOwner` takes back everything one owner added.
 */
import { ActivityBus } from "./activity.js";
import type { ChannelDefinition } from "./channel.js";
import type { CommandDefinition } from "./command.js";
import { EventBus } from "./event-bus.js";
import { KeymapRegistry } from "./keymap.js";
import { OwnerScopes } from "./owner-context.js";
import type { Provider } from "./provider.js";
import { Registry } from "./registry.js";
import type { MessageRenderer, ToolRenderer } from "./renderer.js";
import { Timers } from "./timers.js";
import type { ToolDefinition } from "./tool.js";

export interface KernelOptions {
	/** Default deadline for async chain/gate handlers. */
	deadlineMs?: number;
}

export class Kernel {
	readonly bus: EventBus;
	readonly tools = new Registry<ToolDefinition>("tool");
	readonly commands = new Registry<CommandDefinition>("command");
	readonly providers = new Registry<Provider>("provider");
	readonly messageRenderers = new Registry<MessageRenderer>("message renderer");
	readonly toolRenderers = new Registry<ToolRenderer>("tool renderer");
	/** Input surfaces that drive sessions (channel.ts); started and stopped by the embeddable host. */
	readonly channels = new Registry<ChannelDefinition>("channel");
	/** What agents are doing, for whoever subscribes (activity.ts). */
	readonly activity = new ActivityBus();
	readonly keymaps = new KeymapRegistry();
	readonly timers: Timers;
	/** Each owner's async context, so faults in code it started are traced to it (owner-context.ts). */
	readonly scopes = new OwnerScopes();
	private readonly timerErrorListeners = new Set<(owner: string, error: unknown) => void>();

	constructor(options: KernelOptions = {}) {
		this.bus = new EventBus(options.deadlineMs, this.scopes);
		this.timers = new Timers((owner, error) => {
			for (const listener of this.timerErrorListeners) listener(owner, error);
		}, this.scopes);
	}

	onTimerError(listener: (owner: string, error: unknown) => void): () => void {
		this.timerErrorListeners.add(listener);
		return () => this.timerErrorListeners.delete(listener);
	}

	/** Everything the owner registered, removed at once. */
	removeOwner(owner: string): void {
		this.bus.removeOwner(owner);
		this.tools.removeOwner(owner);
		this.commands.removeOwner(owner);
		this.providers.removeOwner(owner);
		this.messageRenderers.removeOwner(owner);
		this.toolRenderers.removeOwner(owner);
		this.channels.removeOwner(owner);
		this.activity.removeOwner(owner);
		this.keymaps.removeOwner(owner);
		this.timers.stopOwner(owner);
	}
}
