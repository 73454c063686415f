import { describe, expect, it } from "vitest";
import { ClientServers, type ClientServersHub } from "../../extensions/first-party/mcp/client-servers.js";
import { acpServerConfigs, serverName } from "./mcp-servers.js";

describe("the MCP servers an ACP client passes", () => {
	it("become the mcp extension's configs; SSE and bad entries are named", () => {
		const { configs, problems } = acpServerConfigs([
			{ name: "My files", command: "/bin/files", args: ["-v"], env: [{ name: "K", value: "v" }] },
			{ type: "http", name: "docs", url: "https://example.com/mcp", headers: [{ name: "A", value: "b" }] },
			{ type: "sse", name: "old", url: "https://example.com/sse", headers: [] },
			{ type: "http", name: "bad", url: "ftp://example.com", headers: [] },
		]);
		expect(configs).toEqual([
			{
				name: "My_files",
				transport: "stdio",
				command: "/bin/files",
				args: ["-v"],
				env: { K: "v" },
				cwd: undefined,
			},
			{ name: "docs", transport: "http", url: new URL("https://example.com/mcp"), headers: { A: "b" } },
		]);
		expect(problems).toEqual([
			"old: the legacy SSE transport is not supported (Streamable HTTP is)",
			'bad: "url" must be an absolute http(s) URL; got "ftp://example.com"',
		]);
		expect(serverName("a__b.c")).toBe("a_b_c");
	});

	it("are connected once per definition, a clash is named, and they stop with the connection", async () => {
		const connected: string[] = [];
		const stopped: string[] = [];
		const hub: ClientServersHub = {
			connect(config) {
				if (config.name === "taken") return "in settings already";
				connected.push(config.name);
				return { started: Promise.resolve() };
			},
			stop: async (name) => void stopped.push(name),
		};
		const servers = new ClientServers();
		expect(servers.attach(hub)).toEqual([]);
		const { configs } = acpServerConfigs([
			{ name: "a", command: "a", args: [], env: [] },
			{ name: "taken", command: "t", args: [], env: [] },
		]);
		expect(await servers.add(configs)).toEqual({
			connected: ["a"],
			problems: ["taken: in settings already"],
		});
		const again = acpServerConfigs([
			{ name: "a", command: "a", args: [], env: [] },
			{ name: "a", command: "other", args: [], env: [] },
		]).configs;
		const second = await servers.add(again);
		expect(second.connected).toEqual(["a"]);
		expect(second.problems[0]).toMatch(/^a: another server of that name is connected already/);
		expect(connected).toEqual(["a"]);
		// A reload connects the servers given so far.
		expect(servers.attach(hub).map((c) => c.name)).toEqual(["a"]);
		await servers.stop(["a"]);
		expect(stopped).toEqual(["a"]);
		expect(servers.attach(hub)).toEqual([]);
	});

	it("are named with why when the mcp extension is off", async () => {
		const servers = new ClientServers("extensions are off (--no-extensions)");
		const { configs } = acpServerConfigs([{ name: "a", command: "a", args: [], env: [] }]);
		expect(await servers.add(configs)).toEqual({
			connected: [],
			problems: ["a: extensions are off (--no-extensions)"],
		});
	});
});
