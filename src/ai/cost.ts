/** What a model response costs, from the catalog's per-million-token prices. */
import type { Usage } from "../kernel/messages.js";
import type { ModelInfo } from "../kernel/provider.js";

export type TokenCounts = Pick<Usage, "input" | "output" | "cacheRead" | "cacheWrite">;

/** Cost in US dollars; `usage.input` counts only uncached input tokens. */
export function computeCost(model: ModelInfo, usage: TokenCounts): number {
	const price = model.cost;
	const dollarsTimesMillion =
		usage.input * price.input +
		usage.output * price.output +
		usage.cacheRead * price.cacheRead +
		usage.cacheWrite * price.cacheWrite;
	return dollarsTimesMillion / 1_000_000;
}
