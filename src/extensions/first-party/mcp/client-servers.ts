/**
 * MCP servers a client gives at run time — an ACP editor's `mcpServers` in
 * `session/new` and `session/load` — connected by the `mcp` extension with
 * the servers of settings: the same connections, tool names, `tool_call`
 * checks, restart policy and `/mcp`. The host's mode makes one of these
 * and loads the extension with it; the extension attaches at each load
 * (again after `/reload`, which starts the servers given so far afresh).
 * Tools are registered host-wide, so every session of the host sees them;
 * a server is connected once per distinct definition. No MCP SDK here: the
 * mode imports this whether or not a server is ever given.
 */
import type { ServerConfig } from "./config.js";

/** The extension's side: connect servers, stop them. */
export interface ClientServersHub {
	/** Registers and starts a server; resolves when it is ready or failed. A string: why it was not connected. */
	connect(config: ServerConfig): { started: Promise<void> } | string;
	stop(name: string): Promise<void>;
}

/** What became of servers a client gave. */
export interface ClientServersResult {
	/** Started (or already running with the same definition). */
	connected: string[];
	/** One line per server that was not connected, with why. */
	problems: string[];
}

/** How long `add` waits for new servers (in parallel), as loading waits for the settings' servers. */
const READY_WAIT_MS = 2000;

export class ClientServers {
	/** The servers given so far, by name: connected again when the extension loads again. */
	private readonly given = new Map<string, ServerConfig>();
	private hub: ClientServersHub | undefined;

	/** Why servers cannot be connected (the extension is off), or undefined when they can. */
	constructor(readonly unavailable?: string) {}

	/** The extension loaded (again): it connects these, then later ones through `hub`. */
	attach(hub: ClientServersHub): ServerConfig[] {
		this.hub = hub;
		return [...this.given.values()];
	}

	detach(hub: ClientServersHub): void {
		if (this.hub === hub) this.hub = undefined;
	}

	/** Connects servers not connected yet; waits for them at most 2 s (a later one's tools join when ready). */
	async add(configs: readonly ServerConfig[]): Promise<ClientServersResult> {
		const connected: string[] = [];
		const problems: string[] = [];
		const started: Promise<void>[] = [];
		for (const config of configs) {
			const known = this.given.get(config.name);
			if (known) {
				if (sameServer(known, config)) connected.push(config.name);
				else
					problems.push(
						`${config.name}: another server of that name is connected already (an earlier session's); MCP servers are shared by the connection's sessions`,
					);
				continue;
			}
			const hub = this.hub;
			const outcome = hub ? hub.connect(config) : (this.unavailable ?? "the mcp extension is not loaded");
			if (typeof outcome === "string") {
				problems.push(`${config.name}: ${outcome}`);
				continue;
			}
			this.given.set(config.name, config);
			connected.push(config.name);
			started.push(outcome.started);
		}
		if (started.length > 0)
			await Promise.race([
				Promise.all(started),
				new Promise((resolve) => setTimeout(resolve, READY_WAIT_MS).unref()),
			]);
		return { connected, problems };
	}

	/** Stops these servers (the client's connection closed); their tools then answer that they were stopped. */
	async stop(names: readonly string[]): Promise<void> {
		const hub = this.hub;
		await Promise.all(
			names.map(async (name) => {
				if (!this.given.delete(name)) return;
				await hub?.stop(name);
			}),
		);
	}
}

function sameServer(a: ServerConfig, b: ServerConfig): boolean {
	return (
		JSON.stringify(a, (_key, value) => (value instanceof URL ? value.href : value)) ===
		JSON.stringify(b, (_key, value) => (value instanceof URL ? value.href : value))
	);
}
