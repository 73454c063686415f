/**
 * `weft --mode acp`: weft as an Agent Client Protocol agent on stdin/stdout
 * (newline-delimited JSON-RPC), for editors that launch agents (Zed,
 * JetBrains, Neovim plugins). A host like the SDK's — one kernel, its
 * sessions, extensions loaded once before the first message
 * (sdk/serve-channel.ts) — with the ACP channel (acp-channel.ts) registered
 * and started on stdin/stdout; it serves until the client closes the
 * connection (or a signal), then every session is shut down. stdout belongs to the protocol: everything else goes to
 * stderr, `console.log` included. The `mcp` extension always loads (unless
 * `--no-extensions` or settings `disabledExtensions`), so the MCP servers
 * the editor passes are connected like those of settings. A session in
 * another folder gets that folder's own host (folder-host.ts).
 */
import { Readable, Writable } from "node:stream";
import type { Settings } from "../../ai/settings.js";
import type { HostSessionOptions } from "../../extensions/channel.js";
import { stringList } from "../../extensions/extension-settings.js";
import { ClientServers } from "../../extensions/first-party/mcp/client-servers.js";
import type { ExtensionHost, ExtensionHostOptions } from "../../extensions/host.js";
import { hasExtensionSources } from "../../extensions/sources.js";
import type { ExtensionFactory } from "../../extensions/types.js";
import { Kernel } from "../../kernel/kernel.js";
import { serveChannel } from "../sdk/serve-channel.js";
import { acpChannel } from "./acp-channel.js";
import { AcpUI } from "./acp-ui.js";
import { openFolderHost } from "./folder-host.js";

export interface AcpModeOptions {
	/** The folder weft started in: its settings, trust and extensions, and the sessions' folder. */
	cwd: string;
	home: string;
	env: NodeJS.ProcessEnv;
	settings: Settings;
	projectTrusted: boolean;
	/** Model, tools, prompts and whether sessions are saved, from the command line. */
	session: HostSessionOptions;
	/** Where extensions come from (the host loads when any exists, or for the mcp extension); undefined: none. */
	extensions: Omit<ExtensionHostOptions, "kernel" | "ui" | "mode"> | undefined;
	/** Checks the command line again once extensions have registered their flags. */
	checkArgs(flags: ReturnType<ExtensionHost["flagSpecs"]>): void;
	/** `--channel`: registered channels to start beside this one once extensions are loaded. */
	channels?: readonly string[];
	version: string;
	stdin: NodeJS.ReadableStream;
	stdout: NodeJS.WritableStream;
	stderr: NodeJS.WritableStream;
}

export async function runAcpMode(options: AcpModeOptions): Promise<number> {
	const { cwd, home, env, settings, projectTrusted, stderr } = options;
	const log = (line: string) => stderr.write(`weft: ${line}\n`);
	// A stray console.log (an extension's) would corrupt the protocol stream.
	console.log = console.error;
	console.info = console.error;

	const ui = new AcpUI(stderr);
	const { extensions, mcp } = withClientMcp(options.extensions, settings);
	return serveChannel({
		cwd,
		home,
		env,
		settings,
		projectTrusted,
		kernel: new Kernel(),
		extensions,
		ui,
		mode: "acp",
		log,
		checkArgs: options.checkArgs,
		channels: options.channels,
		channel: () =>
			acpChannel({
				input: Readable.toWeb(options.stdin as Readable) as ReadableStream<Uint8Array>,
				output: Writable.toWeb(options.stdout as Writable) as WritableStream<Uint8Array>,
				ui,
				version: options.version,
				home,
				sessionOptions: options.session,
				log,
				mcp,
				openFolder: (folder) =>
					openFolderHost({
						cwd: folder,
						home,
						env,
						ui,
						sources: options.extensions,
						withMcp: withClientMcp,
						log,
					}),
			}),
		serve: async (channel, channels) => {
			await channels.start(channel.id);
			const stop = () => void channels.stop(channel.id);
			process.on("SIGINT", stop);
			process.on("SIGTERM", stop);
			try {
				await channel.closed;
			} finally {
				process.off("SIGINT", stop);
				process.off("SIGTERM", stop);
			}
		},
	});
}

/**
 * The extension sources with the `mcp` extension given the editor's servers
 * (an inline extension of that name, which takes the first-party one's
 * place and also serves settings `mcpServers`), and what connects them. Off
 * with `--no-extensions` or `disabledExtensions: ["mcp"]`: the servers are
 * then reported as not connected, with why.
 */
function withClientMcp(
	sources: AcpModeOptions["extensions"],
	settings: Settings,
): { extensions: AcpModeOptions["extensions"]; mcp: ClientServers } {
	const off =
		sources === undefined || sources.noExtensions
			? "extensions are off (--no-extensions)"
			: stringList(settings.disabledExtensions).includes("mcp")
				? 'the mcp extension is turned off (settings "disabledExtensions")'
				: undefined;
	const mcp = new ClientServers(off);
	if (off || !sources)
		return { extensions: sources && hasExtensionSources(sources) ? sources : undefined, mcp };
	const extension = {
		name: "mcp",
		extension: async (weft: Parameters<ExtensionFactory>[0]) =>
			(await import("../../extensions/first-party/mcp/index.js")).mcpExtension({ settings, client: mcp })(
				weft,
			),
	};
	return { extensions: { ...sources, inline: [...(sources.inline ?? []), extension] }, mcp };
}
