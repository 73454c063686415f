/**
 * Fuzzy matching for completion: the query's characters must appear in the
 * candidate in order (case-insensitive). Among the ways they can line up,
 * the best-scoring one counts — characters that start words or path
 * segments, runs of consecutive characters, and matches inside the file's
 * base name score higher, gaps cost, so "comp" ranks `src/composer.ts`
 * above `src/common/pipeline.ts`. Runs on every keystroke over up to 50,000
 * paths, hence the scratch arrays instead of allocations.
 */
const MATCH = 1;
const CONSECUTIVE = 5;
const SEGMENT_START = 8;
const WORD_START = 6;
const SAME_CASE = 1;
const BASENAME = 10;
const EXACT_BASENAME = 20;
/** Skipping characters between two matched ones costs this, plus GAP_EXTENSION per extra character skipped. */
const GAP_START = 3;
const GAP_EXTENSION = 1;
/** Per character of candidate: among equal matches, shorter candidates win. */
const LENGTH_PENALTY = 0.01;
const NONE = Number.NEGATIVE_INFINITY;

let previousRow = new Float64Array(256);
let currentRow = new Float64Array(256);

/** How well `query` matches `candidate` (higher is better), or undefined when it does not match. */
export function fuzzyScore(query: string, candidate: string): number | undefined {
	return score(query, query.toLowerCase(), candidate);
}

function score(query: string, lowerQuery: string, candidate: string): number | undefined {
	if (query === "") return -candidate.length * LENGTH_PENALTY;
	const lower = candidate.toLowerCase();
	if (!isSubsequence(lowerQuery, lower)) return undefined;
	const whole = alignmentScore(query, lowerQuery, candidate, lower, 0);
	const end = candidate.endsWith("/") ? candidate.length - 1 : candidate.length;
	const baseStart = candidate.lastIndexOf("/", end - 1) + 1;
	let best = whole;
	if (baseStart > 0)
		best = Math.max(whole, alignmentScore(query, lowerQuery, candidate, lower, baseStart) + BASENAME);
	const base = lower.slice(baseStart, end);
	if (base === lowerQuery || base.replace(/\.[^.]*$/, "") === lowerQuery) best += EXACT_BASENAME;
	return best - candidate.length * LENGTH_PENALTY;
}

function isSubsequence(query: string, candidate: string): boolean {
	let i = 0;
	for (let j = 0; j < candidate.length && i < query.length; j++) if (candidate[j] === query[i]) i++;
	return i === query.length;
}

/**
 * The best alignment of the query within candidate[from…], by dynamic
 * programming: row[j] is the top score with the current query character
 * matched at position j. NONE when the query does not fit there.
 */
function alignmentScore(
	query: string,
	lowerQuery: string,
	candidate: string,
	lower: string,
	from: number,
): number {
	const n = candidate.length;
	if (previousRow.length < n) {
		previousRow = new Float64Array(n * 2);
		currentRow = new Float64Array(n * 2);
	}
	let previous = previousRow;
	let current = currentRow;
	for (let i = 0; i < lowerQuery.length; i++) {
		const q = lowerQuery.charCodeAt(i);
		// max over k ≤ j - 2 of previous[k] + k·GAP_EXTENSION: the gap penalty then depends on j alone.
		let bestBefore = NONE;
		for (let j = from; j < n; j++) {
			if (i > 0 && j - 2 >= from)
				bestBefore = Math.max(bestBefore, previous[j - 2] + (j - 2) * GAP_EXTENSION);
			if (lower.charCodeAt(j) !== q) {
				current[j] = NONE;
				continue;
			}
			const gain =
				MATCH +
				positionBonus(candidate, j, from) +
				(candidate.charCodeAt(j) === query.charCodeAt(i) ? SAME_CASE : 0);
			if (i === 0) {
				current[j] = gain;
				continue;
			}
			const adjacent = j > from ? previous[j - 1] + CONSECUTIVE : NONE;
			const gapped = bestBefore - (j - 2) * GAP_EXTENSION - GAP_START;
			current[j] = Math.max(adjacent, gapped) + gain;
		}
		[previous, current] = [current, previous];
	}
	let best = NONE;
	for (let j = from; j < n; j++) if (previous[j] > best) best = previous[j];
	return best;
}

function positionBonus(text: string, index: number, from: number): number {
	if (index === from) return SEGMENT_START;
	const before = text[index - 1];
	if (before === "/") return SEGMENT_START;
	if (before === "-" || before === "_" || before === "." || before === " ") return WORD_START;
	const here = text[index];
	if (here !== here.toLowerCase() && before === before.toLowerCase()) return WORD_START;
	return 0;
}

/** Candidates that match `query`, best first (ties in the original order), at most `limit`. */
export function fuzzyFilter<T>(
	query: string,
	items: readonly T[],
	key: (item: T) => string,
	limit: number,
): T[] {
	const lowerQuery = query.toLowerCase();
	const scored: Array<{ item: T; score: number; index: number }> = [];
	items.forEach((item, index) => {
		const value = score(query, lowerQuery, key(item));
		if (value !== undefined) scored.push({ item, score: value, index });
	});
	scored.sort((a, b) => b.score - a.score || a.index - b.index);
	return scored.slice(0, limit).map((s) => s.item);
}
