import { describe, expect, it } from "vitest";
import { readServerConfigs } from "./config.js";

describe("readServerConfigs", () => {
	it("reads stdio and Streamable HTTP servers in the shape other agents use", () => {
		const { servers, problems } = readServerConfigs({
			files: { command: "npx", args: ["-y", "srv"], env: { KEY: "v" } },
			docs: { url: "https://example.com/mcp", headers: { Authorization: "Bearer t" } },
			typed: { type: "http", url: "http://127.0.0.1:9/mcp" },
			local: { type: "stdio", command: "srv" },
		});
		expect(problems).toEqual([]);
		expect(servers).toMatchObject([
			{ name: "files", transport: "stdio", command: "npx", args: ["-y", "srv"], env: { KEY: "v" } },
			{ name: "docs", transport: "http", headers: { Authorization: "Bearer t" } },
			{ name: "typed", transport: "http" },
			{ name: "local", transport: "stdio", args: [], env: {} },
		]);
		expect(servers[1]).toMatchObject({ url: new URL("https://example.com/mcp") });
	});

	it("reports each wrong entry by its setting path and keeps the others", () => {
		const { servers, problems } = readServerConfigs({
			ok: { command: "srv" },
			noKind: {},
			badArgs: { command: "srv", args: "-y" },
			badUrl: { url: "ftp://host/x" },
			sse: { type: "sse", url: "https://example.com/sse" },
			extra: { command: "srv", url: "https://example.com" },
			"bad name": { command: "srv" },
			dunder__name: { command: "srv" },
			badEnv: { command: "srv", env: { A: 1 } },
		});
		expect(servers.map((s) => s.name)).toEqual(["ok"]);
		expect(problems).toEqual([
			'settings "mcpServers.noKind": expected "command" (a local server) or "url" (a Streamable HTTP server); this server is not started',
			'settings "mcpServers.badArgs": "args" must be an array of strings; got "-y"; this server is not started',
			'settings "mcpServers.badUrl": "url" must be an absolute http(s) URL; got "ftp://host/x"; this server is not started',
			'settings "mcpServers.sse": the legacy "sse" transport is not supported; use the server\'s Streamable HTTP endpoint ("type": "http"); this server is not started',
			'settings "mcpServers.extra": unknown key url for a stdio server (known: type, command, args, env, cwd); this server is not started',
			'settings "mcpServers.bad name": a server name may hold only letters, digits, _ and -; this server is not started',
			'settings "mcpServers.dunder__name": a server name may not contain "__" (it separates server and tool in tool names); this server is not started',
			'settings "mcpServers.badEnv": "env" must be an object of strings; got an object; this server is not started',
		]);
	});

	it("says what mcpServers must be when it is not an object", () => {
		expect(readServerConfigs(["x"]).problems).toEqual([
			'settings "mcpServers" must be an object of servers by name; got an array',
		]);
		expect(readServerConfigs(undefined)).toEqual({ servers: [], problems: [] });
	});
});
