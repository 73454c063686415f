/**
 * One MCP server: connects through the SDK's client, lists its tools and
 * prompts, and keeps its state. A server that ends while weft still uses it
 * (a crash, or a connection that dropped) is reported and started once
 * more; if that fails too, or it ends again, it stays failed for the
 * session (`/reload` starts it afresh).
 */
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { Transport } from "@modelcontextprotocol/sdk/shared/transport.js";
import type { Prompt, Resource, Tool } from "@modelcontextprotocol/sdk/types.js";
import type { ExtensionAPI } from "../../types.js";
import type { ServerConfig } from "./config.js";
import { JobStdioTransport } from "./stdio-transport.js";

export type ServerState = "starting" | "ready" | "failed" | "stopped";

/** How long connecting (start-up and the MCP handshake) may take before the server counts as failed. */
const CONNECT_TIMEOUT_MS = 30_000;

export interface ConnectionEvents {
	/** The server is ready (again): its tools and prompts are listed. */
	ready(connection: McpConnection): void;
	/** A line for the user: a crash, a restart, a failure. */
	report(message: string, level: "info" | "warning" | "error"): void;
}

export class McpConnection {
	state: ServerState = "starting";
	/** Why it failed (state "failed"). */
	reason: string | undefined;
	/** Whether its one restart was used. */
	restarted = false;
	tools: Tool[] = [];
	prompts: Prompt[] = [];
	/** Whether the server offers resources (listed by `/mcp`). */
	hasResources = false;
	private client: Client | undefined;
	private stopping = false;

	constructor(
		private readonly weft: ExtensionAPI,
		readonly config: ServerConfig,
		private readonly events: ConnectionEvents,
	) {}

	/** Connects; never rejects (a failure is the state, with its reason). `restartAfter`: why it ended before. */
	async start(restartAfter?: string): Promise<void> {
		this.state = "starting";
		const transport = this.transport();
		if (transport instanceof JobStdioTransport) {
			try {
				transport.spawn();
			} catch {
				// spawnJob refuses only once the extension is unloaded (/reload, exit), which also ended the server: not a crash.
				this.stopping = true;
				return;
			}
		}
		if (restartAfter !== undefined)
			this.events.report(
				`MCP server "${this.config.name}" stopped (${restartAfter}); restarting it once`,
				"warning",
			);
		this.weft.log(`${this.config.name}: starting`);
		const client = new Client({ name: "weft", version: "1" }, { capabilities: {} });
		this.client = client;
		try {
			await client.connect(transport, { timeout: CONNECT_TIMEOUT_MS });
			const capabilities = client.getServerCapabilities() ?? {};
			this.tools = capabilities.tools ? await listAll((cursor) => client.listTools({ cursor }), "tools") : [];
			this.prompts = capabilities.prompts
				? await listAll((cursor) => client.listPrompts({ cursor }), "prompts")
				: [];
			this.hasResources = capabilities.resources !== undefined;
		} catch (error) {
			if (this.client !== client) return;
			this.client = undefined;
			await client.close().catch(() => {});
			await this.ended(
				this.describeFailure(transport, error instanceof Error ? error.message : String(error)),
			);
			return;
		}
		if (this.client !== client) return;
		// Set only once ready, so a failed handshake is handled above and not twice.
		client.onclose = () => {
			if (this.client !== client || this.stopping) return;
			this.client = undefined;
			void this.ended(this.describeFailure(transport, "the connection closed"));
		};
		this.state = "ready";
		this.weft.log(`${this.config.name}: ready (${this.tools.length} tools, ${this.prompts.length} prompts)`);
		this.events.ready(this);
	}

	/** The connected client; throws with the server's state when it is not ready. */
	ready(): Client {
		if (this.state === "ready" && this.client) return this.client;
		const state =
			this.state === "failed"
				? `has failed (${this.reason})`
				: this.state === "stopped"
					? "was stopped"
					: "is still starting";
		throw new Error(`MCP server "${this.config.name}" ${state}; /mcp shows its state`);
	}

	async resources(): Promise<Resource[]> {
		const client = this.ready();
		return listAll((cursor) => client.listResources({ cursor }), "resources");
	}

	/** Stops the server; `final`: for good (state "stopped"), not because the extension unloads. */
	async stop(final = false): Promise<void> {
		this.stopping = true;
		if (final) this.state = "stopped";
		const client = this.client;
		this.client = undefined;
		await client?.close().catch(() => {});
	}

	/** The server ended or could not start: restart it once, or leave it failed. */
	private async ended(reason: string): Promise<void> {
		if (this.stopping) return;
		if (!this.restarted) {
			this.restarted = true;
			await this.start(reason);
			return;
		}
		this.state = "failed";
		this.reason = reason;
		this.events.report(
			`MCP server "${this.config.name}" failed: ${reason}; its tools are unavailable until /reload`,
			"error",
		);
	}

	private describeFailure(transport: Transport, detail: string): string {
		if (!(transport instanceof JobStdioTransport)) return detail;
		// The process's end says more than the SDK's "Connection closed" it caused.
		const stderr = transport.recentStderr();
		return `${transport.exitReason ?? detail}${stderr ? ` (stderr: ${stderr})` : ""}`;
	}

	private transport(): Transport {
		const config = this.config;
		if (config.transport === "stdio") return new JobStdioTransport(this.weft, config);
		return new StreamableHTTPClientTransport(config.url, { requestInit: { headers: config.headers } });
	}
}

/** Every page of a paginated MCP list. */
async function listAll<K extends "tools" | "prompts" | "resources", T>(
	page: (cursor: string | undefined) => Promise<{ nextCursor?: string } & { [key in K]: T[] }>,
	key: K,
): Promise<T[]> {
	const all: T[] = [];
	let cursor: string | undefined;
	do {
		const result = await page(cursor);
		all.push(...result[key]);
		cursor = result.nextCursor;
	} while (cursor);
	return all;
}
