/**
 * The MCP extension (first-party): connects the servers in settings
 * `mcpServers` through the protocol's SDK. Each server's tools become weft
 * tools named `mcp__<server>__<tool>` (Claude Code's convention), which run
 * through the same `tool_call` checks as every tool; its prompts become
 * `/<server>:<prompt>` commands; `/mcp` lists servers, their state, tools,
 * prompts and resources. Start-up waits at most `READY_WAIT_MS` for the
 * servers; one that is later joins with its tools from the next request.
 * `disabledExtensions: ["mcp"]` turns it off. Servers a client gives at run
 * time (an ACP editor's) come through `client` and are served the same way.
 */
import type { Prompt, Tool } from "@modelcontextprotocol/sdk/types.js";
import type { Settings } from "../../../ai/settings.js";
import type { ExtensionAPI } from "../../types.js";
import type { ClientServers, ClientServersHub } from "./client-servers.js";
import { mcpToolName, readServerConfigs, type ServerConfig } from "./config.js";
import { McpConnection } from "./connection.js";
import { serversReport } from "./mcp-report.js";
import { promptArguments, usage } from "./prompt-args.js";
import { mapToolResult } from "./results.js";

/** How long loading waits for servers to be ready (in parallel) before the first prompt may go without them. */
const READY_WAIT_MS = 2000;
/** Model APIs accept tool names of at most 64 letters, digits, "_" and "-". */
const MAX_TOOL_NAME = 64;

export interface McpOptions {
	settings: Settings;
	/** Servers a client gives at run time (an ACP editor's), connected with the settings' ones. */
	client?: ClientServers;
}

export function mcpExtension(options: McpOptions) {
	return async (weft: ExtensionAPI): Promise<void> => {
		const { servers, problems } = readServerConfigs(options.settings.mcpServers);
		const report = (message: string, level: "info" | "warning" | "error") => {
			weft.ui.notify(message, level);
			weft.log(message, level === "warning" ? "warn" : level);
		};
		for (const problem of problems) report(problem, "warning");

		/** weft tool name → the server tool it calls, so a clash is seen before registering. */
		const toolOwners = new Map<string, string>();
		const commands = new Set<string>();
		const connect = (config: ServerConfig) =>
			new McpConnection(weft, config, { ready: (c) => registerServer(c), report });
		const connections = servers.map(connect);
		/** The servers a client gave (not stopped when one of its sessions shuts down: they are the connection's). */
		const clientConnections = new Set<McpConnection>();
		const byName = (server: string) => connections.find((c) => c.config.name === server);

		function registerServer(connection: McpConnection): void {
			for (const tool of connection.tools) registerTool(connection, tool);
			for (const prompt of connection.prompts) registerPrompt(connection, prompt);
		}

		function registerTool(connection: McpConnection, tool: Tool): void {
			const server = connection.config.name;
			const name = mcpToolName(server, tool.name);
			const owner = `${server}/${tool.name}`;
			const taken = toolOwners.get(name);
			if (taken === owner) return; // Registered before a restart; it calls the live connection.
			if (taken !== undefined) {
				report(
					`MCP tool "${tool.name}" of "${server}" is not added: ${name} is already "${taken}"`,
					"warning",
				);
				return;
			}
			if (name.length > MAX_TOOL_NAME) {
				report(
					`MCP tool "${tool.name}" of "${server}" is not added: ${name} is longer than ${MAX_TOOL_NAME} characters`,
					"warning",
				);
				return;
			}
			toolOwners.set(name, owner);
			weft.registerTool({
				name,
				label: `${server}: ${tool.title ?? tool.annotations?.title ?? tool.name}`,
				description: tool.description?.trim() || `The "${tool.name}" tool of the MCP server "${server}".`,
				parameters: { ...tool.inputSchema, type: "object" },
				execute: async (args, ctx) => {
					// The live connection of that name: a client's server given again after a stop is a new one.
					const client = (byName(server) ?? connection).ready();
					const result = await client.callTool({ name: tool.name, arguments: args }, undefined, {
						signal: ctx.signal,
						// A long tool call is the server's business; weft's abort (Esc, Ctrl+C) still stops it.
						timeout: 2_147_483_647,
					});
					return mapToolResult(result);
				},
			});
		}

		function registerPrompt(connection: McpConnection, prompt: Prompt): void {
			const name = `${connection.config.name}:${prompt.name}`;
			if (commands.has(name)) return;
			commands.add(name);
			weft.registerCommand(name, {
				description:
					prompt.description ?? `The "${prompt.name}" prompt of the MCP server "${connection.config.name}"`,
				argumentHint: usage(prompt) || undefined,
				handler: async (line) => {
					const args = promptArguments(prompt, line);
					if ("error" in args) throw new Error(`/${name}: ${args.error}`);
					const result = await (byName(connection.config.name) ?? connection)
						.ready()
						.getPrompt({ name: prompt.name, arguments: args });
					const text = promptText(result.messages);
					if (text === "") throw new Error(`/${name}: the server's prompt has no text to send`);
					weft.sendUserMessage(text);
				},
			});
		}

		weft.registerCommand("mcp", {
			description: "MCP servers: their state, tools, prompts and resources",
			handler: async (_args, ctx) => {
				ctx.ui.print({ kind: "info", title: "/mcp", text: await serversReport(connections) });
			},
		});
		weft.on("session_shutdown", () =>
			Promise.all(connections.filter((c) => !clientConnections.has(c)).map((c) => c.stop())).then(() => {}),
		);

		if (options.client) {
			const hub: ClientServersHub = {
				connect(config) {
					const taken = byName(config.name);
					if (taken && taken.state !== "stopped")
						return `a server of that name is in settings "mcpServers" already`;
					const connection = connect(config);
					if (taken) connections.splice(connections.indexOf(taken), 1, connection);
					else connections.push(connection);
					clientConnections.add(connection);
					return { started: connection.start() };
				},
				async stop(name) {
					const connection = byName(name);
					if (connection && clientConnections.has(connection)) await connection.stop(true);
				},
			};
			const given = options.client.attach(hub).map(connect);
			for (const connection of given) clientConnections.add(connection);
			connections.push(...given);
		}

		if (connections.length === 0) return;
		const started = Promise.all(connections.map((c) => c.start()));
		await Promise.race([started, new Promise((resolve) => setTimeout(resolve, READY_WAIT_MS).unref())]);
		const late = connections.filter((c) => c.state === "starting").map((c) => c.config.name);
		if (late.length > 0)
			weft.log(`still starting after ${READY_WAIT_MS} ms: ${late.join(", ")}; their tools join when ready`);
	};
}

/** A prompt's messages as one user message: its text, the assistant's parts marked as such. */
function promptText(
	messages: ReadonlyArray<{ role: string; content: { type: string; text?: unknown; resource?: unknown } }>,
): string {
	const parts: string[] = [];
	for (const message of messages) {
		const content = message.content;
		let text: string | undefined;
		if (content.type === "text") text = String(content.text ?? "");
		else if (content.type === "resource") {
			const resource = content.resource as { text?: unknown; uri?: unknown };
			text = typeof resource.text === "string" ? resource.text : `[resource ${String(resource.uri)}]`;
		} else text = `[${content.type} content not included]`;
		parts.push(message.role === "assistant" ? `(assistant) ${text}` : text);
	}
	return parts.join("\n\n").trim();
}
