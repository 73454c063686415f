/** What `/mcp` prints: each server with its state, then its tools, prompts and resources. */
import { mcpToolName } from "./config.js";
import type { McpConnection } from "./connection.js";

export async function serversReport(connections: readonly McpConnection[]): Promise<string> {
	if (connections.length === 0)
		return 'No MCP servers. Add them under "mcpServers" in settings (see docs/mcp.md).';
	const blocks: string[] = [];
	for (const c of connections) {
		const where =
			c.config.transport === "stdio"
				? `${c.config.command} ${c.config.args.join(" ")}`.trim()
				: c.config.url.href;
		const state = c.state === "failed" ? `failed: ${c.reason}` : c.state;
		const lines = [
			`${c.config.name} (${c.config.transport}: ${where}): ${state}${c.restarted ? " (restarted once)" : ""}`,
		];
		if (c.state === "ready") {
			const tools = c.tools.map((t) => mcpToolName(c.config.name, t.name));
			lines.push(`  tools: ${tools.length > 0 ? tools.join(", ") : "none"}`);
			const prompts = c.prompts.map((p) => `/${c.config.name}:${p.name}`);
			lines.push(`  prompts: ${prompts.length > 0 ? prompts.join(", ") : "none"}`);
			if (c.hasResources) lines.push(`  resources: ${await resourceList(c)}`);
		}
		blocks.push(lines.join("\n"));
	}
	return blocks.join("\n");
}

async function resourceList(connection: McpConnection): Promise<string> {
	try {
		const resources = await connection.resources();
		return resources.length > 0 ? resources.map((r) => `${r.name} (${r.uri})`).join(", ") : "none";
	} catch (error) {
		return `could not be listed: ${error instanceof Error ? error.message : String(error)}`;
	}
}
