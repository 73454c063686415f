import { describe, expect, it } from "vitest";
import type { CompletionRequest } from "../../../kernel/ui-surface.js";
import { type PiAutocompleteProvider, toCompletionProvider } from "./pi-autocomplete.js";

/** A request whose weft completion offers /help and /reload after a "/". */
function request(text: string): CompletionRequest {
	return {
		lines: [text],
		line: 0,
		col: text.length,
		signal: new AbortController().signal,
		builtin: async (lines, line, col) => {
			const before = (lines[line] ?? "").slice(0, col);
			if (!before.startsWith("/")) return undefined;
			return {
				prefix: before,
				items: [
					{ value: "/help ", label: "/help", description: "keys and commands" },
					{ value: "/reload ", label: "/reload" },
				],
			};
		},
	};
}

describe("pi's current provider in weft", () => {
	it("answers weft's own suggestions, and a provider that hands them back unchanged leaves weft's list", async () => {
		let seen: unknown;
		const provider = toCompletionProvider("pass", (current) => ({
			async getSuggestions(lines, line, col, options) {
				seen = await current.getSuggestions(lines, line, col, options);
				return current.getSuggestions(lines, line, col, options);
			},
			applyCompletion: (...args) => current.applyCompletion(...args),
		}));
		expect(await provider.suggest(request("/re"))).toBeUndefined();
		expect(seen).toEqual({
			prefix: "/re",
			items: [
				{ value: "/help ", label: "/help", description: "keys and commands" },
				{ value: "/reload ", label: "/reload" },
			],
		});
		expect(await provider.suggest(request("plain text"))).toBeUndefined();
	});

	it("shows a provider's answer built from weft's suggestions", async () => {
		const provider = toCompletionProvider(
			"filter",
			(current): PiAutocompleteProvider => ({
				async getSuggestions(lines, line, col, options) {
					const weft = await current.getSuggestions(lines, line, col, options);
					if (!weft) return null;
					const items = weft.items.filter((i) => i.value.includes("reload"));
					return { prefix: weft.prefix, items: items.map((i) => ({ ...i, label: `pi:${i.label}` })) };
				},
				applyCompletion: (...args) => current.applyCompletion(...args),
			}),
		);
		expect(await provider.suggest(request("/re"))).toEqual({
			prefix: "/re",
			items: [{ value: "/reload ", label: "pi:/reload" }],
		});
	});
});
