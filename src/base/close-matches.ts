/**
 * "Did you mean …" for every unknown name a user can type: models,
 * providers, settings keys, event names, theme tokens.
 */

/** Candidates that look like `word`: containing it, or within a few edits of it. Best first. */
export function closeMatches(word: string, candidates: readonly string[], limit = 3): string[] {
	const needle = word.toLowerCase();
	const scored: Array<{ candidate: string; score: number }> = [];
	for (const candidate of new Set(candidates)) {
		const hay = candidate.toLowerCase();
		const distance = editDistance(needle, hay);
		const contains = needle.length >= 3 && (hay.includes(needle) || needle.includes(hay));
		if (contains || distance <= Math.max(2, Math.floor(needle.length / 4))) {
			scored.push({ candidate, score: contains ? Math.min(distance, 1) : distance });
		}
	}
	scored.sort((a, b) => a.score - b.score || a.candidate.localeCompare(b.candidate));
	return scored.slice(0, limit).map((s) => s.candidate);
}

/** Levenshtein distance: insertions, deletions and substitutions, each costing 1. */
export function editDistance(a: string, b: string): number {
	let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
	for (let i = 1; i <= a.length; i++) {
		const current = [i];
		for (let j = 1; j <= b.length; j++) {
			const substitution = previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1);
			current.push(Math.min(previous[j] + 1, current[j - 1] + 1, substitution));
		}
		previous = current;
	}
	return previous[b.length];
}
