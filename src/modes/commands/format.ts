/** How the session commands write token counts and prices. */

/** 950 → "950", 6_140 → "6.1k", 48_230 → "48.2k", 312_000 → "312k", 1_500_000 → "1.5M". */
export function formatCount(count: number): string {
	if (count >= 1_000_000) return `${trimZero(count / 1_000_000)}M`;
	if (count >= 100_000) return `${Math.round(count / 1_000)}k`;
	if (count >= 1_000) return `${trimZero(count / 1_000)}k`;
	return String(Math.round(count));
}

function trimZero(value: number): string {
	return (Math.round(value * 10) / 10).toString();
}

/** Dollars with enough digits to show a cheap session's cost: "$0.0123", "$1.24". */
export function formatCost(dollars: number): string {
	return `$${dollars >= 1 ? dollars.toFixed(2) : dollars.toFixed(4)}`;
}
