/**
 * The embeddable host: one call starts weft from code — settings, trust and
 * extensions exactly as the CLI loads them (extensions/start-host.ts), one
 * kernel — and returns a handle with several sessions, the extensions, the
 * channels they registered, the activity bus, and shutdown.
 *
 *   const weft = await createWeft({ cwd, extensions: ["./my-ext.ts", myFactory] });
 *   const session = await weft.sessions.create();
 *   const result = await session.prompt("hello");
 *   await weft.shutdown();
 */
import { resolve } from "node:path";
import { loadSettings, type Settings } from "../../ai/settings.js";
import { errorMessage } from "../../base/error-message.js";
import { weftHome } from "../../base/paths.js";
import { checkChannel } from "../../extensions/api-registrations.js";
import type { Channel, SessionPool } from "../../extensions/channel.js";
import type { MuPlugin } from "../../extensions/compat/mu/mu-adapter.js";
import type {
	ExtensionDiagnostics,
	ExtensionHost,
	ExtensionRecord,
	InlineExtension,
} from "../../extensions/host.js";
import { NonInteractiveUI } from "../../extensions/non-interactive-ui.js";
import { startExtensionHost } from "../../extensions/start-host.js";
import { isTrusted } from "../../extensions/trust.js";
import type { ExtensionFactory } from "../../extensions/types.js";
import type { ActivityListener, ActivitySubscribeOptions } from "../../kernel/activity.js";
import { Kernel } from "../../kernel/kernel.js";
import { BUILTIN_OWNER } from "../../kernel/owner.js";
import type { UIPort } from "../../kernel/ui-port.js";
import { type ChannelInfo, HostChannels } from "./host-channels.js";
import { HostSessions } from "./session-pool.js";

/** An extension for `createWeft`: a path (as `-e` takes it), a factory, a Mu-style plugin object, or a named value. */
export type WeftExtension = string | ExtensionFactory | MuPlugin | InlineExtension;

export interface WeftOptions {
	/** The project folder (default `process.cwd()`). */
	cwd?: string;
	/** weft's home folder (default `WEFT_HOME` or `~/.weft`): settings, auth, trust, sessions, global extensions. */
	home?: string;
	/** For provider API keys and `WEFT_*` variables (default `process.env`). */
	env?: NodeJS.ProcessEnv;
	/** Settings to use instead of reading the settings files. */
	settings?: Settings;
	/** Loaded first, in this order, before the discovered ones; paths resolve against `cwd` and load even with `noExtensions`. */
	extensions?: readonly WeftExtension[];
	/** Skip settings, project and global extensions (those given in `extensions` still load), as `--no-extensions`. */
	noExtensions?: boolean;
	/** Load the project's extensions and settings in this folder even if it is not trusted, as `--trust`. */
	trust?: boolean;
	/** Built-in tools to enable, for every session (default: all), as `--tools`. */
	tools?: string[];
	/**
	 * What extensions notify and ask through (default: a non-interactive
	 * port that records notes and cancels dialogs). Start-up warnings arrive
	 * here as `warning` notifications.
	 */
	ui?: UIPort;
}

export interface Weft {
	readonly cwd: string;
	readonly home: string;
	readonly settings: Settings;
	/** Whether the project folder is trusted (its extensions and full settings apply). */
	readonly projectTrusted: boolean;
	readonly kernel: Kernel;
	readonly sessions: SessionPool;
	readonly extensions: {
		list(): ExtensionRecord[];
		/** Each extension's registrations, handler times and recorded errors (what `weft ext list` shows). */
		diagnostics(): ExtensionDiagnostics[];
		/** Lines for the user after loading: skipped untrusted extensions, load failures. */
		notices(): string[];
		/** Unloads and loads every extension again; running channels are stopped and started again. */
		reload(): Promise<ExtensionRecord[]>;
	};
	readonly channels: {
		list(): ChannelInfo[];
		/**
		 * Adds your program's own channel, owned like weft's own (`builtin`: it
		 * wins over an extension's of the same id); start it with `start(id)`.
		 */
		register(channel: Channel): void;
		/** Starts a registered channel with this host's sessions; resolves once it serves. */
		start(id: string): Promise<void>;
		stop(id: string): Promise<boolean>;
	};
	readonly activity: {
		/** What agents do in every session of this host; returns the unsubscribe. */
		subscribe(listener: ActivityListener, options?: Omit<ActivitySubscribeOptions, "owner">): () => void;
	};
	/** Stops the channels, closes every session (`session_shutdown`), unloads the extensions. Safe to call twice. */
	shutdown(): Promise<void>;
}

export type { ChannelInfo };

export async function createWeft(options: WeftOptions = {}): Promise<Weft> {
	const cwd = resolve(options.cwd ?? process.cwd());
	const env = options.env ?? process.env;
	const home = options.home ?? weftHome(env);
	const ui = options.ui ?? new NonInteractiveUI();
	const warn = (message: string) => ui.notify(message, "warning");
	const projectTrusted = options.trust === true || isTrusted(home, cwd);
	let settings = options.settings;
	if (!settings) {
		const loaded = loadSettings({ cwd, home, projectTrusted });
		settings = loaded.settings;
		for (const warning of loaded.warnings) warn(warning);
	}

	const kernel = new Kernel();
	const { paths, inline } = splitExtensions(options.extensions ?? [], cwd);
	let host: ExtensionHost | undefined;
	const sessions = new HostSessions({
		cwd,
		home,
		env,
		kernel,
		settings,
		projectTrusted,
		tools: options.tools,
		host: () => host,
		warn,
	});
	const start = () =>
		startExtensionHost({
			kernel,
			cwd,
			home,
			env,
			settings,
			cliPaths: paths,
			inline,
			noExtensions: options.noExtensions,
			trust: options.trust,
			mode: "sdk",
			ui,
			currentSession: () => sessions.current(),
		});
	host = await start();
	for (const notice of host?.notices() ?? []) warn(notice);

	const channels = new HostChannels({
		cwd,
		kernel,
		sessions,
		report: (owner, where, error) => {
			if (host?.list().some((r) => r.name === owner)) host.reportFailure(owner, where, error);
			else ui.notify(`${where} failed: ${errorMessage(error)}`, "error");
		},
	});

	let shutdown: Promise<void> | undefined;
	return {
		cwd,
		home,
		settings,
		projectTrusted,
		kernel,
		sessions,
		extensions: {
			list: () => host?.list() ?? [],
			diagnostics: () => host?.diagnostics() ?? [],
			notices: () => host?.notices() ?? [],
			reload: async () => {
				const wasRunning = channels.runningIds();
				await channels.stopAll();
				if (host) await host.reload();
				else host = await start();
				sessions.rebind();
				for (const id of wasRunning) if (kernel.channels.has(id)) await channels.start(id);
				return host?.list() ?? [];
			},
		},
		channels: {
			list: () => channels.list(),
			register: (channel) => void kernel.channels.register(checkChannel(channel).id, channel, BUILTIN_OWNER),
			start: (id) => channels.start(id),
			stop: (id) => channels.stop(id),
		},
		activity: {
			subscribe: (listener, subscribeOptions) =>
				kernel.activity.subscribe(listener, { types: subscribeOptions?.types }),
		},
		shutdown: () => {
			shutdown ??= (async () => {
				await channels.stopAll();
				await sessions.closeAll("exit");
				await host?.unloadAll();
			})();
			return shutdown;
		},
	};
}

/** Paths for discovery (`-e`), values for inline loading; a value without a name gets one from its position. */
function splitExtensions(
	extensions: readonly WeftExtension[],
	cwd: string,
): { paths: string[]; inline: InlineExtension[] } {
	const paths: string[] = [];
	const inline: InlineExtension[] = [];
	extensions.forEach((extension, i) => {
		if (typeof extension === "string") paths.push(resolve(cwd, extension));
		else if (isNamed(extension)) inline.push(extension);
		else if (typeof extension === "function" || (typeof extension === "object" && extension !== null))
			inline.push({ name: extension.name || `extension-${i + 1}`, extension });
		else
			throw new TypeError(
				`createWeft: extensions[${i}] is ${JSON.stringify(extension)}; give a path, a factory function, a plugin object or { name, extension }`,
			);
	});
	return { paths, inline };
}

const isNamed = (value: WeftExtension): value is InlineExtension =>
	typeof value === "object" && value !== null && "extension" in value && typeof value.name === "string";
