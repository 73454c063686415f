/**
 * The host a protocol mode runs (`--mode rpc`, `--mode acp`): like the
 * SDK's, one kernel and its sessions, extensions loaded once before the
 * first message, and one channel on stdin/stdout. The channel is made once
 * the command line has been checked against the extensions' flags,
 * registered and served, beside the channels `--channel` and the
 * `channels` setting ask for; then every channel is stopped, every session
 * shut down and the extensions unloaded.
 */
import type { Settings } from "../../ai/settings.js";
import { errorMessage } from "../../base/error-message.js";
import type { Channel } from "../../extensions/channel.js";
import type { ExtensionHost } from "../../extensions/host.js";
import type { ExtensionHostOptions } from "../../extensions/host-options.js";
import type { Kernel } from "../../kernel/kernel.js";
import { BUILTIN_OWNER } from "../../kernel/owner.js";
import type { UIPort } from "../../kernel/ui-port.js";
import { HostChannels, type RequestedChannel } from "./host-channels.js";
import { HostSessions } from "./session-pool.js";

export interface ServeChannelOptions<C extends Channel> {
	cwd: string;
	home: string;
	env: NodeJS.ProcessEnv;
	settings: Settings;
	projectTrusted: boolean;
	/** The built-in tools sessions get (`--tools`); undefined: the default set. */
	tools?: string[];
	kernel: Kernel;
	/** How to load extensions; undefined when there are none. */
	extensions: Omit<ExtensionHostOptions, "kernel" | "ui" | "mode"> | undefined;
	ui: UIPort;
	/** ExtensionContext.mode. */
	mode: string;
	/** A line for stderr: extension notices, session warnings, channel failures. */
	log(line: string): void;
	/** Checks the command line again once extensions registered their flags; throws on a mistake. */
	checkArgs(flags: ReturnType<ExtensionHost["flagSpecs"]>): void;
	/** `--channel`: registered channels to start beside the mode's own (with the `channels` setting's). */
	channels?: readonly string[];
	/** Called once the extensions are loaded, before anything else. */
	loaded?(host: ExtensionHost): void;
	/** The mode's channel, given the host (undefined when there are no extensions). */
	channel(host: ExtensionHost | undefined): C;
	/** Starts the channel and resolves when it is done (its input closed, a signal). */
	serve(channel: C, channels: HostChannels): Promise<void>;
}

export async function serveChannel<C extends Channel>(options: ServeChannelOptions<C>): Promise<number> {
	const { cwd, home, env, settings, projectTrusted, tools, kernel, log } = options;
	let host: ExtensionHost | undefined;
	if (options.extensions) {
		const { ExtensionHost } = await import("../../extensions/host.js");
		host = new ExtensionHost({ ...options.extensions, kernel, ui: options.ui, mode: options.mode });
		await host.loadAll();
		for (const notice of host.notices()) log(notice);
		options.loaded?.(host);
	}
	const sessions = new HostSessions({
		cwd,
		home,
		env,
		kernel,
		settings,
		projectTrusted,
		tools,
		host: () => host,
		warn: log,
	});
	const channels = new HostChannels({
		cwd,
		kernel,
		sessions,
		report: (_owner, where, error) => log(`${where} failed: ${errorMessage(error)}`),
	});
	try {
		options.checkArgs(host?.flagSpecs() ?? []);
		const channel = options.channel(host);
		kernel.channels.register(channel.id, channel, BUILTIN_OWNER);
		// An untrusted project's `channels` setting never gets here (project-settings-policy.ts).
		const requested: RequestedChannel[] = [
			...(options.channels ?? []).map((id) => ({ id, from: "--channel" })),
			...(settings.channels ?? []).map((id) => ({ id, from: 'setting "channels"' })),
		];
		channels.checkRegistered(requested);
		try {
			const extra = requested.map((r) => r.id).filter((id) => id !== channel.id);
			for (const { id, description, error } of await channels.startEach(extra))
				log(error ?? `channel ${id} started${description ? `: ${description}` : ""}`);
			await options.serve(channel, channels);
		} finally {
			await channels.stopAll();
			await sessions.closeAll("exit");
		}
		return 0;
	} finally {
		await host?.unloadAll();
	}
}
