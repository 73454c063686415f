/**
 * A host for sessions in a folder other than the one `weft --mode acp`
 * started in: editors send their workspace folder as a session's cwd, and a
 * multi-root or switched workspace sends another one. Built as the SDK
 * builds a host — its own kernel, that folder's settings, its extensions
 * loaded for that folder (global ones as usual, the project's only when
 * that folder is trusted: the start folder's `--trust` does not reach it) —
 * with the ACP UI port and its own `mcp` extension for the editor's servers.
 */
import { resolve } from "node:path";
import { loadSettings, type Settings } from "../../ai/settings.js";
import type { SessionPool } from "../../extensions/channel.js";
import type { ClientServers } from "../../extensions/first-party/mcp/client-servers.js";
import type { ExtensionHost } from "../../extensions/host.js";
import type { ExtensionHostOptions } from "../../extensions/host-options.js";
import { startExtensionHost } from "../../extensions/start-host.js";
import { isTrusted } from "../../extensions/trust.js";
import { Kernel } from "../../kernel/kernel.js";
import type { UIPort } from "../../kernel/ui-port.js";
import { HostSessions } from "../sdk/session-pool.js";

/** What the ACP agent needs of a folder's host. */
export interface FolderHost {
	readonly cwd: string;
	readonly kernel: Kernel;
	readonly sessions: SessionPool;
	/** Connects the editor's MCP servers in this host; absent: they are reported as not connected. */
	readonly mcp?: ClientServers;
	/** Closes its sessions and unloads its extensions (absent for the start folder's, which its mode shuts down). */
	shutdown?(): Promise<void>;
}

type Sources = Omit<ExtensionHostOptions, "kernel" | "ui" | "mode">;

export interface FolderHostOptions {
	cwd: string;
	home: string;
	env: NodeJS.ProcessEnv;
	ui: UIPort;
	/** The start folder's extension sources: `-e` paths, flags, `--no-extensions`; undefined: none. */
	sources: Sources | undefined;
	/** The `mcp` extension for a folder's settings (acp-mode.ts), and what connects the editor's servers. */
	withMcp(
		sources: Sources | undefined,
		settings: Settings,
	): { extensions: Sources | undefined; mcp: ClientServers };
	log(line: string): void;
}

export async function openFolderHost(options: FolderHostOptions): Promise<FolderHost> {
	const { home, env, ui, log } = options;
	const cwd = resolve(options.cwd);
	const projectTrusted = isTrusted(home, cwd);
	const loaded = loadSettings({ cwd, home, projectTrusted });
	for (const warning of loaded.warnings) log(`${cwd}: ${warning}`);
	const settings = loaded.settings;
	const base = options.sources && {
		...options.sources,
		// `-e` paths were given relative to the folder weft started in.
		cliPaths: options.sources.cliPaths?.map((path) => resolve(options.sources?.cwd ?? cwd, path)),
		cwd,
		settings,
		trust: false,
	};
	const { extensions, mcp } = options.withMcp(base, settings);
	const kernel = new Kernel();
	let host: ExtensionHost | undefined;
	const sessions = new HostSessions({
		cwd,
		home,
		env,
		kernel,
		settings,
		projectTrusted,
		host: () => host,
		warn: log,
	});
	if (extensions) {
		host = await startExtensionHost({
			...extensions,
			kernel,
			ui,
			mode: "acp",
			currentSession: () => sessions.current(),
		});
		for (const notice of host?.notices() ?? []) log(`${cwd}: ${notice}`);
	}
	return {
		cwd,
		kernel,
		sessions,
		mcp,
		shutdown: async () => {
			await sessions.closeAll("exit");
			await host?.unloadAll();
		},
	};
}
