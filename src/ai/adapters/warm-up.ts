/**
 * The first request through an SDK pays for lazy loading: the SDK package,
 * Node's fetch implementation, the modules the SDK reaches for while
 * building headers. `warmUp` pays it early (while the user is still typing)
 * by running the request path once with a fetch that sends nothing, and by
 * fetching a `data:` URL, which never leaves the process.
 */
import type { ApiKind, ModelInfo } from "../../kernel/provider.js";
import { toCallOptions } from "./call-options.js";
import { createLanguageModel } from "./language-model.js";

export interface WarmUpTarget {
	provider: string;
	api: ApiKind;
	model: ModelInfo;
	baseUrl: string | undefined;
	headers: Record<string, string> | undefined;
}

/** Never throws and never sends a request. */
export async function warmUp(target: WarmUpTarget): Promise<void> {
	const notSent = new Error("warm-up: nothing is sent");
	try {
		const model = await createLanguageModel(target.api, {
			provider: target.provider,
			modelId: target.model.id,
			baseUrl: target.baseUrl ?? "http://localhost/",
			apiKey: "warm-up",
			headers: target.headers,
			fetch: async () => {
				throw notSent;
			},
		});
		const request = {
			model: target.model,
			systemPrompt: "",
			messages: [{ role: "user" as const, content: "", timestamp: 0 }],
			tools: [],
			signal: new AbortController().signal,
		};
		await model.doStream(toCallOptions(request, target.api, target.provider));
	} catch {
		// Expected: the fetch above refuses. Anything else surfaces on the first real request.
	}
	try {
		await (await fetch("data:text/plain,")).text();
	} catch {
		// A runtime without data: URLs in fetch just warms less.
	}
}
