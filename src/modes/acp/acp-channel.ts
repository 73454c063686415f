/**
 * The ACP server as a channel (kernel.channels): started with a host's
 * sessions, it serves one client over a pair of byte streams — the CLI's
 * stdin/stdout in `weft --mode acp`, or any pipe or socket an embedder has.
 * The host's UI port should be the channel's `AcpUI`, so extensions'
 * confirm dialogs become permission requests; with another port they are
 * that port's.
 */
import { ndJsonStream } from "@agentclientprotocol/sdk";
import type { Channel, HostSessionOptions } from "../../extensions/channel.js";
import type { ClientServers } from "../../extensions/first-party/mcp/client-servers.js";
import { createAcpAgent } from "./acp-agent.js";
import type { AcpUI } from "./acp-ui.js";
import type { FolderHost } from "./folder-host.js";

export interface AcpChannelOptions {
	/** What the client sends (newline-delimited JSON-RPC). */
	input: ReadableStream<Uint8Array>;
	/** Where weft answers. */
	output: WritableStream<Uint8Array>;
	ui: AcpUI;
	version: string;
	home: string;
	sessionOptions?: HostSessionOptions;
	log(line: string): void;
	/** Connects the MCP servers the client passes (the host's `mcp` extension loaded with it); else they are reported as not connected. */
	mcp?: ClientServers;
	/** Opens a host for sessions in a folder other than the host's (folder-host.ts); absent: such sessions are refused. */
	openFolder?(cwd: string): Promise<FolderHost>;
}

export interface AcpChannel extends Channel {
	/** Resolves when the client has closed the connection (or the channel stopped). */
	readonly closed: Promise<void>;
}

export function acpChannel(options: AcpChannelOptions): AcpChannel {
	let markClosed: () => void = () => {};
	const closed = new Promise<void>((resolve) => {
		markClosed = resolve;
	});
	let running: { close(): void; closeAll(): Promise<void> } | undefined;
	return {
		id: "acp",
		description: "Agent Client Protocol (editors: Zed, JetBrains, Neovim)",
		closed,
		start(ctx) {
			const agent = createAcpAgent({ ...options, cwd: ctx.cwd, kernel: ctx.kernel, sessions: ctx.sessions });
			const connection = agent.app.connect(ndJsonStream(options.output, options.input));
			running = { close: () => connection.close(), closeAll: agent.closeAll };
			ctx.signal.addEventListener("abort", () => connection.close(), { once: true });
			void connection.closed.then(markClosed, markClosed);
		},
		async stop() {
			running?.close();
			await running?.closeAll();
			running = undefined;
			markClosed();
		},
	};
}
