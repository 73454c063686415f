/**
 * Settings `mcpServers`, in the shape Claude Code, Cursor and other agents
 * use, so one block can be copied between them:
 *
 *   "mcpServers": {
 *     "files": { "command": "npx", "args": ["-y", "some-server"], "env": { "KEY": "…" } },
 *     "docs":  { "url": "https://example.com/mcp", "headers": { "Authorization": "Bearer …" } }
 *   }
 *
 * `type` may say "stdio" or "http" ("streamable-http" too); without it a
 * `command` means stdio and a `url` means Streamable HTTP. An entry that is
 * wrong is reported and skipped; the others still start.
 */

export interface StdioServerConfig {
	name: string;
	transport: "stdio";
	command: string;
	args: string[];
	env: Record<string, string>;
	cwd?: string;
}

export interface HttpServerConfig {
	name: string;
	transport: "http";
	url: URL;
	headers: Record<string, string>;
}

export type ServerConfig = StdioServerConfig | HttpServerConfig;

const STDIO_KEYS = ["type", "command", "args", "env", "cwd"];
const HTTP_KEYS = ["type", "url", "headers"];
/** Server names become part of tool names (`mcp__<server>__<tool>`) and commands (`/<server>:<prompt>`). */
const NAME = /^[A-Za-z0-9_-]+$/;

/** The weft tool for an MCP tool (Claude Code's convention); characters model APIs refuse in a name become "_". */
export function mcpToolName(server: string, tool: string): string {
	return `mcp__${server}__${tool.replace(/[^A-Za-z0-9_-]/g, "_")}`;
}

/** The servers of settings `mcpServers`, and one line for each entry that cannot be used. */
export function readServerConfigs(value: unknown): { servers: ServerConfig[]; problems: string[] } {
	const servers: ServerConfig[] = [];
	const problems: string[] = [];
	if (value === undefined) return { servers, problems };
	if (!isRecord(value)) {
		problems.push(`settings "mcpServers" must be an object of servers by name; got ${describe(value)}`);
		return { servers, problems };
	}
	for (const [name, entry] of Object.entries(value)) {
		const result = readServer(name, entry);
		if (typeof result === "string")
			problems.push(`settings "mcpServers.${name}": ${result}; this server is not started`);
		else servers.push(result);
	}
	return { servers, problems };
}

/** One server entry in the settings' shape (`name` is its key), or why it cannot be used. */
export function readServer(name: string, entry: unknown): ServerConfig | string {
	if (!NAME.test(name)) return "a server name may hold only letters, digits, _ and -";
	if (name.includes("__"))
		return 'a server name may not contain "__" (it separates server and tool in tool names)';
	if (!isRecord(entry)) return `expected an object with "command" or "url"; got ${describe(entry)}`;
	const type = entry.type;
	if (type !== undefined && !["stdio", "http", "streamable-http"].includes(String(type))) {
		return type === "sse"
			? 'the legacy "sse" transport is not supported; use the server\'s Streamable HTTP endpoint ("type": "http")'
			: `"type" must be "stdio" or "http"; got ${describe(type)}`;
	}
	const stdio = type === "stdio" || (type === undefined && entry.command !== undefined);
	if (stdio) {
		const extra = Object.keys(entry).filter((k) => !STDIO_KEYS.includes(k));
		if (extra.length > 0)
			return `unknown key${extra.length > 1 ? "s" : ""} ${extra.join(", ")} for a stdio server (known: ${STDIO_KEYS.join(", ")})`;
		if (typeof entry.command !== "string" || entry.command.trim() === "")
			return `"command" must be a non-empty string; got ${describe(entry.command)}`;
		const args = entry.args ?? [];
		if (!Array.isArray(args) || !args.every((a) => typeof a === "string"))
			return `"args" must be an array of strings; got ${describe(entry.args)}`;
		const env = stringMap(entry.env, "env");
		if (typeof env === "string") return env;
		if (entry.cwd !== undefined && typeof entry.cwd !== "string")
			return `"cwd" must be a string; got ${describe(entry.cwd)}`;
		return { name, transport: "stdio", command: entry.command, args, env, cwd: entry.cwd };
	}
	if (entry.url === undefined)
		return 'expected "command" (a local server) or "url" (a Streamable HTTP server)';
	const extra = Object.keys(entry).filter((k) => !HTTP_KEYS.includes(k));
	if (extra.length > 0)
		return `unknown key${extra.length > 1 ? "s" : ""} ${extra.join(", ")} for an HTTP server (known: ${HTTP_KEYS.join(", ")})`;
	let url: URL;
	try {
		url = new URL(String(entry.url));
	} catch {
		return `"url" must be an absolute http(s) URL; got ${describe(entry.url)}`;
	}
	if (typeof entry.url !== "string" || (url.protocol !== "http:" && url.protocol !== "https:"))
		return `"url" must be an absolute http(s) URL; got ${describe(entry.url)}`;
	const headers = stringMap(entry.headers, "headers");
	if (typeof headers === "string") return headers;
	return { name, transport: "http", url, headers };
}

function stringMap(value: unknown, key: string): Record<string, string> | string {
	if (value === undefined) return {};
	if (!isRecord(value) || !Object.values(value).every((v) => typeof v === "string"))
		return `"${key}" must be an object of strings; got ${describe(value)}`;
	return value as Record<string, string>;
}

function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === "object" && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
	if (value === undefined) return "nothing";
	if (value === null) return "null";
	if (Array.isArray(value)) return "an array";
	if (typeof value === "string") return JSON.stringify(value);
	return typeof value === "object" ? "an object" : `a ${typeof value}`;
}
