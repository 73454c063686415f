/**
 * Thinking signatures: the opaque data a provider needs to accept its own
 * thinking back in a later request. weft stores it as one string on the
 * thinking block; this file is the only place that knows each api's encoding.
 */
import type { SharedV3ProviderMetadata, SharedV3ProviderOptions } from "@ai-sdk/provider";
import type { ApiKind } from "../../kernel/provider.js";

const ANTHROPIC_REDACTED = "redacted:";

/** Reads the signature a reasoning stream part carries, if any. */
export function signatureFrom(
	api: ApiKind,
	metadata: SharedV3ProviderMetadata | undefined,
): string | undefined {
	if (!metadata) return undefined;
	switch (api) {
		case "anthropic-messages": {
			const { signature, redactedData } = metadata.anthropic ?? {};
			if (typeof signature === "string") return signature;
			return typeof redactedData === "string" ? ANTHROPIC_REDACTED + redactedData : undefined;
		}
		case "openai-responses": {
			const { itemId, reasoningEncryptedContent } = metadata.openai ?? {};
			if (typeof itemId !== "string") return undefined;
			const encrypted = typeof reasoningEncryptedContent === "string" ? reasoningEncryptedContent : undefined;
			return JSON.stringify({ itemId, encrypted });
		}
		case "google-generative-ai": {
			const signature = metadata.google?.thoughtSignature;
			return typeof signature === "string" ? signature : undefined;
		}
		case "openai-completions":
			return undefined;
	}
}

/** Keeps the better of two signatures seen for one block: later parts may add the encrypted content. */
export function mergeSignature(previous: string | undefined, next: string | undefined): string | undefined {
	if (next === undefined) return previous;
	if (previous === undefined) return next;
	return next.length >= previous.length ? next : previous;
}

/** The providerOptions that send a thinking block back with its signature. */
export function reasoningOptions(api: ApiKind, signature: string): SharedV3ProviderOptions | undefined {
	switch (api) {
		case "anthropic-messages":
			return signature.startsWith(ANTHROPIC_REDACTED)
				? { anthropic: { redactedData: signature.slice(ANTHROPIC_REDACTED.length) } }
				: { anthropic: { signature } };
		case "openai-responses": {
			const parsed = parseResponsesSignature(signature);
			if (!parsed) return undefined;
			return {
				openai: {
					itemId: parsed.itemId,
					...(parsed.encrypted !== undefined && { reasoningEncryptedContent: parsed.encrypted }),
				},
			};
		}
		case "google-generative-ai":
			return { google: { thoughtSignature: signature } };
		case "openai-completions":
			return undefined;
	}
}

function parseResponsesSignature(signature: string): { itemId: string; encrypted?: string } | undefined {
	try {
		const value = JSON.parse(signature) as { itemId?: unknown; encrypted?: unknown };
		if (typeof value.itemId !== "string") return undefined;
		return {
			itemId: value.itemId,
			encrypted: typeof value.encrypted === "string" ? value.encrypted : undefined,
		};
	} catch {
		return undefined;
	}
}
