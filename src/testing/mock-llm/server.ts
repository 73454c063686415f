/**
 * A loopback HTTP server that answers like the real model APIs, one scripted
 * turn per request (one queue shared by every route), and records each request.
 */
import { once } from "node:events";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { errorMessage } from "../../base/error-message.js";
import type { ApiKind } from "../../kernel/provider.js";
import { anthropicMessages } from "./formats/anthropic.js";
import { googleGenerativeAi } from "./formats/google.js";
import { openAiChat } from "./formats/openai-chat.js";
import { openAiResponses } from "./formats/openai-responses.js";
import type { WireFormat } from "./formats/wire-format.js";
import { planTurn, type RecordedRequest, type ScriptEntry, type ScriptedTurn } from "./script.js";

export interface MockLlmOptions {
	script: ScriptEntry[];
	/** Default 0: any free port. */
	port?: number;
}

export interface MockLlm {
	/** e.g. `http://127.0.0.1:41234` */
	url: string;
	/** The `baseUrl` a weft provider config of this api should use. */
	baseUrlFor(api: ApiKind): string;
	/** Every request received, in order (including ones answered with errors). */
	requests: RecordedRequest[];
	push(...turns: ScriptEntry[]): void;
	/** Turns not yet consumed. */
	remaining(): number;
	/** Stops the server, cutting any stalled streams. */
	close(): Promise<void>;
}

const FORMATS: Record<ApiKind, WireFormat> = {
	"openai-completions": openAiChat,
	"openai-responses": openAiResponses,
	"anthropic-messages": anthropicMessages,
	"google-generative-ai": googleGenerativeAi,
};

/** What each SDK appends to its baseUrl, checked against the provider packages. */
const BASE_PATHS: Record<ApiKind, string> = {
	"openai-completions": "/v1",
	"openai-responses": "/v1",
	"anthropic-messages": "/v1",
	"google-generative-ai": "/v1beta",
};

const GOOGLE_ROUTE = /^\/v1beta\/models\/([^/]+):streamGenerateContent$/;

export async function startMockLlm(options: MockLlmOptions): Promise<MockLlm> {
	const queue: ScriptEntry[] = [...options.script];
	const requests: RecordedRequest[] = [];
	let counter = 0;
	const nextId = (prefix: string) => `${prefix}${++counter}`;

	const server = createServer((req, res) => {
		handle(req, res).catch((error: unknown) => {
			if (!res.headersSent) sendJson(res, 500, { error: { message: `mock-llm failed: ${String(error)}` } });
			else res.destroy();
		});
	});

	async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
		const [path, query = ""] = (req.url ?? "/").split("?", 2);
		const route = matchRoute(req.method ?? "GET", path);
		if (!route) {
			sendJson(res, 404, { error: { message: `mock-llm has no route for ${req.method} ${path}` } });
			return;
		}
		const format = FORMATS[route.api];
		const raw = await readBody(req);
		let body: unknown;
		try {
			body = JSON.parse(raw);
		} catch {
			sendJson(res, 400, format.errorBody(400, "mock-llm: the request body is not JSON"));
			return;
		}
		const recorded: RecordedRequest = {
			api: route.api,
			method: req.method ?? "POST",
			path,
			query,
			headers: flattenHeaders(req),
			body,
		};
		requests.push(recorded);

		const entry = queue.shift();
		if (!entry) {
			sendJson(res, 500, format.errorBody(500, "mock script exhausted"));
			return;
		}
		let turn: ScriptedTurn;
		try {
			turn = typeof entry === "function" ? entry(recorded) : entry;
		} catch (error) {
			const reason = errorMessage(error);
			sendJson(res, 500, format.errorBody(500, `mock-llm: the scripted turn function threw: ${reason}`));
			return;
		}
		if (turn.holdUntil) await turn.holdUntil();
		if (turn.error) {
			const { status, message = `mock error ${turn.error.status}`, retryAfterSeconds } = turn.error;
			const headers: Record<string, string> =
				retryAfterSeconds === undefined ? {} : { "retry-after": String(retryAfterSeconds) };
			sendJson(res, status, format.errorBody(status, message), headers);
			return;
		}
		const model = route.model ?? String((body as { model?: unknown })?.model ?? "mock-model");
		const plan = planTurn(turn, { model, bodySize: raw.length }, nextId, format.toolIdPrefix);
		await streamFrames(req, res, format.frames(plan, { body, nextId }), turn);
	}

	await new Promise<void>((resolve, reject) => {
		server.once("error", reject);
		server.listen(options.port ?? 0, "127.0.0.1", () => resolve());
	});
	const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

	return {
		url,
		baseUrlFor: (api) => url + BASE_PATHS[api],
		requests,
		push: (...turns) => {
			queue.push(...turns);
		},
		remaining: () => queue.length,
		close: () =>
			new Promise<void>((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve());
			}),
	};
}

function matchRoute(method: string, path: string): { api: ApiKind; model?: string } | undefined {
	if (method !== "POST") return undefined;
	if (path === "/v1/chat/completions") return { api: "openai-completions" };
	if (path === "/v1/responses") return { api: "openai-responses" };
	if (path === "/v1/messages") return { api: "anthropic-messages" };
	const google = GOOGLE_ROUTE.exec(path);
	return google ? { api: "google-generative-ai", model: decodeURIComponent(google[1]) } : undefined;
}

/** Writes the frames with the turn's pacing and faults: delay, stall, drop, one corrupt line. */
async function streamFrames(
	req: IncomingMessage,
	res: ServerResponse,
	frames: string[],
	turn: ScriptedTurn,
): Promise<void> {
	let clientGone = false;
	const gone = new Promise<void>((resolve) =>
		res.once("close", () => {
			clientGone = true;
			resolve();
		}),
	);
	res.writeHead(200, {
		"content-type": "text/event-stream",
		"cache-control": "no-cache",
		connection: "keep-alive",
	});
	res.flushHeaders();
	const corruptAt = turn.malformed ? Math.max(1, Math.floor(frames.length / 2)) : -1;
	for (let i = 0; i <= frames.length; i++) {
		if (clientGone) return;
		if (turn.stallAfterChunks === i) {
			await gone;
			return;
		}
		if (turn.dropAfterChunks === i) {
			req.socket.destroy();
			return;
		}
		if (i === frames.length) break;
		if (i === corruptAt) res.write('data: {"corrupt": this is not json\n\n');
		// Floods of many thousand deltas must not pile up in memory when the client reads slowly.
		if (!res.write(frames[i])) await Promise.race([once(res, "drain"), gone]);
		if (turn.delayMs) await new Promise((resolve) => setTimeout(resolve, turn.delayMs));
	}
	res.end();
}

function sendJson(
	res: ServerResponse,
	status: number,
	body: unknown,
	headers: Record<string, string> = {},
): void {
	const json = JSON.stringify(body);
	res.writeHead(status, {
		"content-type": "application/json",
		"content-length": Buffer.byteLength(json),
		...headers,
	});
	res.end(json);
}

function readBody(req: IncomingMessage): Promise<string> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		req.on("data", (chunk: Buffer) => chunks.push(chunk));
		req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
		req.on("error", reject);
	});
}

function flattenHeaders(req: IncomingMessage): Record<string, string> {
	const out: Record<string, string> = {};
	for (const [name, value] of Object.entries(req.headers)) {
		if (value !== undefined) out[name] = Array.isArray(value) ? value.join(", ") : value;
	}
	return out;
}
