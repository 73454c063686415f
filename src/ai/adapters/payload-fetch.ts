/**
 * The hook that lets extensions rewrite the raw provider request: a fetch
 * wrapper that hands the JSON body to `onPayload` and sends what it returns.
 */
import { errorMessage } from "../../base/error-message.js";
import { ProviderError, type ProviderRequest } from "../../kernel/provider.js";

export function payloadFetch(onPayload: ProviderRequest["onPayload"]): typeof globalThis.fetch {
	return async (input, init) => {
		if (!onPayload || typeof init?.body !== "string") return fetch(input, init);
		const payload: unknown = JSON.parse(init.body);
		let rewritten: unknown;
		try {
			rewritten = await onPayload(payload);
		} catch (error) {
			if (error instanceof ProviderError) throw error;
			const reason = errorMessage(error);
			throw new ProviderError("bad_request", `rewriting the provider request failed (onPayload): ${reason}`);
		}
		// Returning nothing means "keep the (possibly mutated) payload".
		const body = JSON.stringify(rewritten === undefined ? payload : rewritten);
		return fetch(input, { ...init, body });
	};
}
