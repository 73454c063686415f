/**
 * Starts and stops the channels in the kernel's registry for one host.
 * Each started channel gets a context with the host's sessions and a signal
 * aborted when it stops; its failures are charged to the extension that
 * registered it.
 */
import type { ChannelContext, SessionPool } from "../../extensions/channel.js";
import type { Kernel } from "../../kernel/kernel.js";

export interface ChannelInfo {
	id: string;
	description?: string;
	/** Who registered it: an extension's name, or weft's own. */
	owner: string;
	running: boolean;
}

export interface HostChannelsOptions {
	cwd: string;
	kernel: Kernel;
	sessions: SessionPool;
	/** A failure a channel reported, with the channel's owner. */
	report: (owner: string, where: string, error: unknown) => void;
}

interface Running {
	owner: string;
	stop: () => void | Promise<void>;
	controller: AbortController;
}

export class HostChannels {
	private readonly running = new Map<string, Running>();

	constructor(private readonly options: HostChannelsOptions) {}

	list(): ChannelInfo[] {
		return this.options.kernel.channels.list().map(({ name, value, owner }) => ({
			id: name,
			description: value.description,
			owner,
			running: this.running.has(name),
		}));
	}

	/** Starts a registered channel; resolves once it serves. Starting a running channel does nothing. */
	async start(id: string): Promise<void> {
		if (this.running.has(id)) return;
		const { kernel, cwd, sessions, report } = this.options;
		const channel = kernel.channels.get(id);
		const owner = kernel.channels.ownerOf(id);
		if (!channel || owner === undefined) {
			const known = kernel.channels.names();
			throw new Error(
				`no channel "${id}" is registered (${known.length > 0 ? `registered: ${known.join(", ")}` : "none is; an extension adds one with registerChannel"})`,
			);
		}
		const controller = new AbortController();
		const ctx: ChannelContext = {
			cwd,
			sessions,
			kernel,
			activity: kernel.activity,
			signal: controller.signal,
			reportError: (error, where) =>
				report(owner, where ? `channel ${id}: ${where}` : `channel ${id}`, error),
		};
		// Marked running before start resolves, so a stop during a slow start still stops it.
		this.running.set(id, { owner, stop: () => channel.stop(), controller });
		try {
			await channel.start(ctx);
		} catch (error) {
			this.running.delete(id);
			controller.abort();
			throw new Error(
				`channel "${id}" failed to start: ${error instanceof Error ? error.message : String(error)}`,
			);
		}
	}

	/** Stops a running channel; false when it was not running. A failing stop is reported, not thrown. */
	async stop(id: string): Promise<boolean> {
		const running = this.running.get(id);
		if (!running) return false;
		this.running.delete(id);
		running.controller.abort();
		try {
			await running.stop();
		} catch (error) {
			this.options.report(running.owner, `channel ${id}: stop`, error);
		}
		return true;
	}

	/** The ids running now. */
	runningIds(): string[] {
		return [...this.running.keys()];
	}

	async stopAll(): Promise<void> {
		await Promise.all(this.runningIds().map((id) => this.stop(id)));
	}
}
