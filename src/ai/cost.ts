/** What a model response costs, from the catalog's per-million-token prices. */
import type { Cost, Usage } from "../kernel/messages.js";
import type { ModelInfo } from "../kernel/provider.js";

export type TokenCounts = Pick<Usage, "input" | "output" | "cacheRead" | "cacheWrite">;

/** Cost in US dollars by kind of token and in total; `usage.input` counts only uncached input tokens. */
export function costOf(model: ModelInfo, usage: TokenCounts): Cost {
	const price = model.cost;
	const input = usage.input * price.input;
	const output = usage.output * price.output;
	const cacheRead = usage.cacheRead * price.cacheRead;
	const cacheWrite = usage.cacheWrite * price.cacheWrite;
	// The total is summed before dividing, as it always was: the same dollars, to the last digit.
	return {
		input: input / 1_000_000,
		output: output / 1_000_000,
		cacheRead: cacheRead / 1_000_000,
		cacheWrite: cacheWrite / 1_000_000,
		total: (input + output + cacheRead + cacheWrite) / 1_000_000,
	};
}

/** The total cost in US dollars (`costOf(…).total`). */
export function computeCost(model: ModelInfo, usage: TokenCounts): number {
	return costOf(model, usage).total;
}
