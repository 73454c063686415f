import { createServer, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { detectLocalServer, type LocalCandidate, localProviderConfig } from "./local-detect.js";

type Route = (res: ServerResponse) => void;

const servers: Server[] = [];

afterEach(async () => {
	for (const server of servers.splice(0)) {
		server.closeAllConnections();
		await new Promise((resolve) => server.close(resolve));
	}
});

/** A loopback server answering each path from `routes`; other paths get 404. */
async function serve(routes: Record<string, Route>): Promise<string> {
	const server = createServer((req, res) => {
		const route = routes[req.url ?? ""];
		if (route) route(res);
		else res.writeHead(404).end();
	});
	servers.push(server);
	await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
	return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const json =
	(body: unknown): Route =>
	(res) => {
		res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(body));
	};
const never: Route = () => {};

/** A port that nothing listens on: bound once by us, then released. */
async function closedPort(): Promise<string> {
	const server = createServer();
	await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
	const { port } = server.address() as AddressInfo;
	await new Promise((resolve) => server.close(resolve));
	return `http://127.0.0.1:${port}`;
}

describe("detectLocalServer", () => {
	it("finds a server that lists models on /v1/models", async () => {
		const origin = await serve({
			"/v1/models": json({ object: "list", data: [{ id: "qwen2.5-coder" }, { id: "llama3" }] }),
		});
		const candidates: LocalCandidate[] = [{ name: "lmstudio", baseUrl: `${origin}/v1/` }];
		expect(await detectLocalServer({ candidates, timeoutMs: 5000 })).toEqual({
			name: "lmstudio",
			baseUrl: `${origin}/v1`,
			models: ["qwen2.5-coder", "llama3"],
		});
	});

	it("falls back to Ollama's /api/tags when /v1/models is not there", async () => {
		const origin = await serve({
			"/api/tags": json({ models: [{ name: "qwen2.5-coder:7b", model: "qwen2.5-coder:7b" }] }),
		});
		const result = await detectLocalServer({
			candidates: [{ name: "ollama", baseUrl: `${origin}/v1` }],
			timeoutMs: 5000,
		});
		expect(result).toEqual({ name: "ollama", baseUrl: `${origin}/v1`, models: ["qwen2.5-coder:7b"] });
	});

	it("returns nothing when no server is listening", async () => {
		const candidates: LocalCandidate[] = [
			{ name: "ollama", baseUrl: `${await closedPort()}/v1` },
			{ name: "lmstudio", baseUrl: `${await closedPort()}/v1` },
		];
		expect(await detectLocalServer({ candidates, timeoutMs: 5000 })).toBeUndefined();
	});

	it("ignores servers that list no models or answer with something other than JSON", async () => {
		const empty = await serve({ "/v1/models": json({ data: [] }), "/api/tags": json({ models: [] }) });
		const html = await serve({ "/v1/models": (res) => res.writeHead(200).end("<html>hi</html>") });
		const candidates: LocalCandidate[] = [
			{ name: "ollama", baseUrl: `${empty}/v1` },
			{ name: "lmstudio", baseUrl: `${html}/v1` },
		];
		expect(await detectLocalServer({ candidates, timeoutMs: 5000 })).toBeUndefined();
	});

	it("probes concurrently, so a server that never answers does not hide one that does", async () => {
		const stuck = await serve({ "/v1/models": never, "/api/tags": never });
		const live = await serve({ "/v1/models": json({ data: [{ id: "m" }] }) });
		const candidates: LocalCandidate[] = [
			{ name: "ollama", baseUrl: `${stuck}/v1` },
			{ name: "lmstudio", baseUrl: `${live}/v1` },
		];
		expect(await detectLocalServer({ candidates, timeoutMs: 10_000 })).toMatchObject({
			name: "lmstudio",
			models: ["m"],
		});
	});

	it("gives up on a server that does not answer within the deadline", async () => {
		const stuck = await serve({ "/v1/models": never });
		const candidates: LocalCandidate[] = [{ name: "lmstudio", baseUrl: `${stuck}/v1` }];
		expect(await detectLocalServer({ candidates, timeoutMs: 50 })).toBeUndefined();
	});

	it("probes Ollama and LM Studio on their usual ports by default", async () => {
		const asked: string[] = [];
		const fetchImpl = (async (input: string | URL | Request) => {
			const url = String(input);
			asked.push(url);
			if (url === "http://127.0.0.1:1234/v1/models") return Response.json({ data: [{ id: "local-model" }] });
			return new Response("no", { status: 404 });
		}) as typeof fetch;
		expect(await detectLocalServer({ fetchImpl })).toEqual({
			name: "lmstudio",
			baseUrl: "http://127.0.0.1:1234/v1",
			models: ["local-model"],
		});
		expect(asked).toContain("http://127.0.0.1:11434/v1/models");
	});
});

describe("localProviderConfig", () => {
	it("describes a detected server as a settings provider entry", () => {
		expect(
			localProviderConfig({ name: "ollama", baseUrl: "http://127.0.0.1:11434/v1", models: ["a", "b"] }),
		).toEqual({
			api: "openai-completions",
			baseUrl: "http://127.0.0.1:11434/v1",
			apiKey: "ollama",
			models: [{ id: "a" }, { id: "b" }],
		});
	});
});
