/**
 * Starts and stops the channels in the kernel's registry for one host.
 * Each started channel gets a context with the host's sessions and a signal
 * aborted when it stops; its failures are charged to the extension that
 * registered it.
 */
import { closeMatches } from "../../base/close-matches.js";
import { errorMessage } from "../../base/error-message.js";
import type { ChannelContext, SessionPool } from "../../extensions/channel.js";
import type { Kernel } from "../../kernel/kernel.js";
import { BUILTIN_OWNER } from "../../kernel/owner.js";

export interface ChannelInfo {
	id: string;
	description?: string;
	/** Who registered it: an extension's name, or weft's own. */
	owner: string;
	running: boolean;
}

/** A channel asked to start beside a mode, and where it was asked (`--channel`, a settings file). */
export interface RequestedChannel {
	id: string;
	from: string;
}

/** How starting one requested channel went: `error` when it did not start. */
export interface ChannelStart {
	id: string;
	description?: string;
	error?: string;
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

	/**
	 * Throws one error naming every requested id no channel is registered
	 * under, with a close match and the registered ids: a typo must not
	 * leave the user waiting on a port that never opens.
	 */
	checkRegistered(requested: readonly RequestedChannel[]): void {
		const known = this.options.kernel.channels.names();
		const unknown = requested.filter(({ id }) => !known.includes(id));
		if (unknown.length === 0) return;
		const lines = unknown.map(({ id, from }) => {
			const close = closeMatches(id, known, 1);
			return `${from}: no channel "${id}" is registered${close.length > 0 ? ` (did you mean "${close[0]}"?)` : ""}`;
		});
		const registered =
			known.length > 0
				? `registered: ${known.join(", ")}`
				: "no channel is registered; an extension adds one with registerChannel";
		throw new Error(`${lines.join("; ")}; ${registered}`);
	}

	/**
	 * Starts each id (once, in order, concurrently) beside the mode's own
	 * channel; a channel that fails to start is reported in its result, not
	 * thrown, so one bad channel does not take the others or the mode down.
	 */
	startEach(ids: readonly string[]): Promise<ChannelStart[]> {
		return Promise.all(
			[...new Set(ids)].map(async (id) => {
				const description = this.options.kernel.channels.get(id)?.description;
				try {
					await this.start(id);
					return { id, description };
				} catch (error) {
					return { id, description, error: errorMessage(error) };
				}
			}),
		);
	}

	/**
	 * Runs `reload` (unloading and loading extensions again) with the
	 * extensions' running channels stopped around it, then starts those that
	 * are registered again. weft's own (the terminal, RPC, ACP) keep running:
	 * a reload does not end the user's conversation.
	 */
	async aroundReload<T>(reload: () => Promise<T>): Promise<{ result: T; restarted: ChannelStart[] }> {
		const { kernel } = this.options;
		const theirs = this.runningIds().filter((id) => kernel.channels.ownerOf(id) !== BUILTIN_OWNER);
		await Promise.all(theirs.map((id) => this.stop(id)));
		const result = await reload();
		const restarted = await this.startEach(theirs.filter((id) => kernel.channels.has(id)));
		return { result, restarted };
	}
}
