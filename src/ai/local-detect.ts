/**
 * Finds a model server running on this machine (Ollama, LM Studio) so weft can
 * work with no configuration at all. Probes run concurrently under one short
 * deadline: start-up must not wait on servers that are not there.
 */
import type { ProviderConfig } from "./types.js";

export type LocalServerName = "ollama" | "lmstudio";

export interface LocalCandidate {
	name: LocalServerName;
	/** The OpenAI-compatible base URL, ending in `/v1`. */
	baseUrl: string;
}

export interface LocalServer {
	name: LocalServerName;
	baseUrl: string;
	models: string[];
}

export interface DetectOptions {
	/** Deadline for the whole detection; default 300 ms. */
	timeoutMs?: number;
	fetchImpl?: typeof fetch;
	candidates?: readonly LocalCandidate[];
}

export const LOCAL_CANDIDATES: readonly LocalCandidate[] = [
	{ name: "ollama", baseUrl: "http://127.0.0.1:11434/v1" },
	{ name: "lmstudio", baseUrl: "http://127.0.0.1:1234/v1" },
];

/** The first candidate to answer with at least one model, or undefined when none does in time. */
export async function detectLocalServer(options: DetectOptions = {}): Promise<LocalServer | undefined> {
	const fetchImpl = options.fetchImpl ?? fetch;
	const controller = new AbortController();
	const timer = setTimeout(() => controller.abort(), options.timeoutMs ?? 300);
	try {
		const probes = (options.candidates ?? LOCAL_CANDIDATES).map((c) =>
			probe(c, fetchImpl, controller.signal),
		);
		return await firstDefined(probes);
	} finally {
		clearTimeout(timer);
		controller.abort(); // the losers' requests are no longer wanted
	}
}

/** A provider entry for a detected server, shaped as users would write it in settings. */
export function localProviderConfig(server: LocalServer): ProviderConfig {
	return {
		api: "openai-completions",
		baseUrl: server.baseUrl,
		apiKey: server.name, // local servers ignore the key, but OpenAI clients insist on one
		models: server.models.map((id) => ({ id })),
	};
}

async function probe(
	candidate: LocalCandidate,
	fetchImpl: typeof fetch,
	signal: AbortSignal,
): Promise<LocalServer | undefined> {
	const baseUrl = candidate.baseUrl.replace(/\/+$/, "");
	let models = await getModelIds(fetchImpl, `${baseUrl}/models`, signal, openAiIds);
	// Ollama versions before its OpenAI-compatible API only answer the native listing.
	if (!models?.length && candidate.name === "ollama") {
		models = await getModelIds(fetchImpl, `${baseUrl.replace(/\/v1$/, "")}/api/tags`, signal, ollamaTagNames);
	}
	return models?.length ? { name: candidate.name, baseUrl, models } : undefined;
}

async function getModelIds(
	fetchImpl: typeof fetch,
	url: string,
	signal: AbortSignal,
	extract: (body: unknown) => string[],
): Promise<string[] | undefined> {
	try {
		const response = await fetchImpl(url, { signal, headers: { accept: "application/json" } });
		if (!response.ok) {
			await response.body?.cancel();
			return undefined;
		}
		return extract(await response.json());
	} catch {
		// Refused, timed out, aborted or not JSON: all mean "no usable server here".
		return undefined;
	}
}

/** `{ "data": [{ "id": "…" }] }` from `/v1/models`. */
function openAiIds(body: unknown): string[] {
	const data = (body as { data?: unknown } | null)?.data;
	return Array.isArray(data) ? stringsAt(data, "id") : [];
}

/** `{ "models": [{ "name": "…" }] }` from Ollama's `/api/tags`. */
function ollamaTagNames(body: unknown): string[] {
	const models = (body as { models?: unknown } | null)?.models;
	return Array.isArray(models) ? stringsAt(models, "name") : [];
}

function stringsAt(items: unknown[], key: string): string[] {
	return items
		.map((item) => (item as Record<string, unknown> | null)?.[key])
		.filter((value): value is string => typeof value === "string" && value !== "");
}

/** Resolves with the first promise to settle with a value; undefined once all settle without one. */
function firstDefined<T>(promises: Array<Promise<T | undefined>>): Promise<T | undefined> {
	return new Promise((resolve) => {
		let pending = promises.length;
		if (pending === 0) resolve(undefined);
		const settleEmpty = () => {
			if (--pending === 0) resolve(undefined);
		};
		for (const promise of promises) {
			promise.then((value) => (value !== undefined ? resolve(value) : settleEmpty()), settleEmpty);
		}
	});
}
