/**
 * The hooks on the provider's HTTP exchange: a fetch wrapper that hands the
 * JSON body to `onPayload` and sends what it returns, then hands the
 * response's status and headers to `onResponse` before the SDK reads its body.
 */
import { errorMessage } from "../../base/error-message.js";
import { ProviderError, type ProviderRequest } from "../../kernel/provider.js";

export function payloadFetch(
	onPayload: ProviderRequest["onPayload"],
	onResponse?: ProviderRequest["onResponse"],
): typeof globalThis.fetch {
	const send = rewritingFetch(onPayload);
	if (!onResponse) return send;
	return async (input, init) => {
		const response = await send(input, init);
		const headers: Record<string, string> = {};
		response.headers.forEach((value, name) => {
			headers[name] = value;
		});
		onResponse({ status: response.status, headers });
		return response;
	};
}

function rewritingFetch(onPayload: ProviderRequest["onPayload"]): typeof globalThis.fetch {
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
