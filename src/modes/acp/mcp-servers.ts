/**
 * The MCP servers an ACP client passes in `session/new` and `session/load`,
 * as the `mcp` extension's server configs (the settings' shape, read by
 * the same code): stdio `{ name, command, args, env: [{ name, value }] }`
 * and Streamable HTTP `{ type: "http", name, url, headers: [{ name, value }] }`.
 * The legacy SSE transport is not supported. A name is made a valid server
 * name (letters, digits, `_`, `-`; it becomes part of `mcp__<server>__<tool>`).
 */
import type { McpServer } from "@agentclientprotocol/sdk";
import { readServer, type ServerConfig } from "../../extensions/first-party/mcp/config.js";

/** The server name weft uses for a client's name: other characters become "_", and "__" (the separator) "_". */
export function serverName(name: string): string {
	return name.replace(/[^A-Za-z0-9_-]/g, "_").replace(/_{2,}/g, "_") || "server";
}

/** The configs of the servers weft can connect, and one line per server it cannot. */
export function acpServerConfigs(servers: readonly McpServer[]): {
	configs: ServerConfig[];
	problems: string[];
} {
	const configs: ServerConfig[] = [];
	const problems: string[] = [];
	for (const server of servers) {
		const name = serverName(server.name);
		let entry: Record<string, unknown>;
		if ("type" in server && server.type === "sse") {
			problems.push(`${server.name}: the legacy SSE transport is not supported (Streamable HTTP is)`);
			continue;
		}
		if ("command" in server)
			entry = {
				type: "stdio",
				command: server.command,
				args: server.args,
				env: Object.fromEntries(server.env.map((v) => [v.name, v.value])),
			};
		else
			entry = {
				type: "http",
				url: server.url,
				headers: Object.fromEntries(server.headers.map((h) => [h.name, h.value])),
			};
		const config = readServer(name, entry);
		if (typeof config === "string") problems.push(`${server.name}: ${config}`);
		else configs.push(config);
	}
	return { configs, problems };
}
