/**
 * http-channel — drive weft over HTTP: `POST /prompt` with
 * `{ "text": "…", "sessionId"?: "…" }` answers `{ "sessionId", "answer",
 * "reason" }`. Without a `sessionId` a new session is created; with one, that
 * session continues (send it back to keep the conversation).
 *
 * Shows: `registerChannel` — a channel is started by `weft --channel http`
 * or the embeddable host (`weft.channels.start("http")`, docs/sdk.md) with
 * the host's sessions (`ctx.sessions.create/get`), stops when the extension
 * unloads, and reports what it could not answer with `ctx.reportError`.
 * Only node:http.
 *
 * Try (after `npm run build`), beside the terminal UI (or `--mode rpc`):
 *   weft -e examples/extensions/http-channel --channel http   // 127.0.0.1:8787 (--http-port N to change)
 *   curl -s localhost:8787/prompt -d '{"text":"hello"}'
 * or from code:
 *   const weft = await createWeft({ extensions: ["examples/extensions/http-channel"] });
 *   await weft.channels.start("http");
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { ChannelContext, ExtensionAPI, ExtensionFactory } from "weft";

export interface HttpChannelOptions {
	/** Default 8787; 0 picks a free port. */
	port?: number;
	/** Default 127.0.0.1: only this machine can prompt the agent. */
	host?: string;
	/** Called with the base URL once the server listens. */
	onListening?: (url: string) => void;
}

/** Requests larger than this are refused: a prompt is text, not an upload. */
const MAX_BODY_BYTES = 1024 * 1024;

class HttpError extends Error {
	constructor(
		readonly status: number,
		message: string,
	) {
		super(message);
	}
}

export function httpChannel(options: HttpChannelOptions = {}): ExtensionFactory {
	return (weft: ExtensionAPI) => {
		let server: Server | undefined;
		weft.registerFlag("http-port", {
			type: "string",
			description: "port of the HTTP channel (default 8787)",
		});
		weft.registerChannel({
			id: "http",
			description: "POST /prompt { text, sessionId? } → { sessionId, answer }",
			start: (ctx) =>
				new Promise<void>((resolve, reject) => {
					const port = options.port ?? Number(weft.getFlag("http-port") ?? 8787);
					const listening = createServer((req, res) => void serve(ctx, req, res));
					listening.once("error", reject);
					listening.listen(port, options.host ?? "127.0.0.1", () => {
						listening.off("error", reject);
						listening.on("error", (error) => ctx.reportError(error, "server"));
						server = listening;
						const address = listening.address() as AddressInfo;
						options.onListening?.(`http://${address.address}:${address.port}`);
						resolve();
					});
				}),
			stop: () =>
				new Promise<void>((resolve) => {
					if (!server) return resolve();
					server.close(() => resolve());
					// A client keeping its connection open must not hold the host's shutdown.
					server.closeAllConnections();
					server = undefined;
				}),
		});
	};
}

async function serve(ctx: ChannelContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
	try {
		if (req.method !== "POST" || req.url !== "/prompt")
			throw new HttpError(404, "only POST /prompt is served here");
		const { text, sessionId } = parseBody(await readBody(req));
		const session = sessionId ? ctx.sessions.get(sessionId) : await ctx.sessions.create();
		if (!session) throw new HttpError(404, `no open session "${sessionId}"; omit sessionId to start one`);
		const result = await session.prompt(text);
		reply(res, 200, { sessionId: session.id, answer: result.response, reason: result.reason });
	} catch (error) {
		if (error instanceof HttpError) return reply(res, error.status, { error: error.message });
		ctx.reportError(error, "POST /prompt");
		reply(res, 500, { error: error instanceof Error ? error.message : String(error) });
	}
}

function readBody(req: IncomingMessage): Promise<string> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		let size = 0;
		req.on("data", (chunk: Buffer) => {
			size += chunk.length;
			if (size > MAX_BODY_BYTES) {
				reject(new HttpError(413, `the body is over ${MAX_BODY_BYTES} bytes`));
				req.destroy();
			} else chunks.push(chunk);
		});
		req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
		req.on("error", reject);
	});
}

function parseBody(body: string): { text: string; sessionId?: string } {
	let parsed: unknown;
	try {
		parsed = JSON.parse(body);
	} catch {
		throw new HttpError(400, 'the body must be JSON: { "text": "…", "sessionId"?: "…" }');
	}
	const { text, sessionId } = (parsed ?? {}) as { text?: unknown; sessionId?: unknown };
	if (typeof text !== "string" || text.trim() === "")
		throw new HttpError(400, 'the body needs "text": the prompt to send');
	if (sessionId !== undefined && typeof sessionId !== "string")
		throw new HttpError(400, '"sessionId" must be a string (the id an earlier answer returned)');
	return { text, sessionId };
}

function reply(res: ServerResponse, status: number, body: unknown): void {
	res.writeHead(status, { "content-type": "application/json" });
	res.end(JSON.stringify(body));
}

export default httpChannel();
