/**
 * The `compaction` settings with their defaults, and the figures derived from
 * a model: when automatic compaction fires and how much is kept verbatim.
 */
import type { CompactionSettings } from "../../ai/settings.js";
import type { ModelInfo } from "../../kernel/provider.js";

export const DEFAULT_KEEP_RECENT_TOKENS = 20_000;
export const MAX_DEFAULT_RESERVE_TOKENS = 16_384;

export interface CompactionPolicy {
	/** Tokens above which a request is compacted first; undefined: never (switched off, or the window is unknown). */
	threshold(model: ModelInfo): number | undefined;
	keepRecentTokens(model: ModelInfo): number;
	readonly overflowRecovery: boolean;
}

export function compactionPolicy(settings: CompactionSettings = {}): CompactionPolicy {
	const enabled = settings.enabled !== false;
	const reserve = (model: ModelInfo) => {
		const wanted = settings.reserveTokens ?? Math.min(model.maxOutput, MAX_DEFAULT_RESERVE_TOKENS);
		// A reserve as large as the window would compact before every request.
		return Math.min(wanted, Math.floor(model.contextWindow / 2));
	};
	return {
		threshold: (model) =>
			enabled && !model.contextWindowUnknown && model.contextWindow > 0
				? model.contextWindow - reserve(model)
				: undefined,
		keepRecentTokens: (model) => {
			const wanted = settings.keepRecentTokens ?? DEFAULT_KEEP_RECENT_TOKENS;
			if (model.contextWindowUnknown || !(model.contextWindow > 0)) return wanted;
			// Keeping more than half of what fits would leave a compacted request about as large as before.
			return Math.min(wanted, Math.floor((model.contextWindow - reserve(model)) / 2));
		},
		overflowRecovery: enabled && settings.overflowRecovery !== false,
	};
}
