/**
 * HTML character references → characters. highlight.js escapes everything it
 * returns, and markdown text may spell characters as references (`&amp;`).
 */

const NAMED: Readonly<Record<string, string>> = {
	amp: "&",
	lt: "<",
	gt: ">",
	quot: '"',
	apos: "'",
	nbsp: "\u00a0",
	copy: "©",
	reg: "®",
	trade: "™",
	hellip: "…",
	mdash: "—",
	ndash: "–",
	laquo: "«",
	raquo: "»",
	lsquo: "‘",
	rsquo: "’",
	ldquo: "“",
	rdquo: "”",
	bull: "•",
	middot: "·",
	times: "×",
	divide: "÷",
	deg: "°",
	plusmn: "±",
	larr: "←",
	rarr: "→",
	uarr: "↑",
	darr: "↓",
	euro: "€",
	pound: "£",
	yen: "¥",
	sect: "§",
	para: "¶",
};

const REFERENCE = /&(#[xX][0-9a-fA-F]{1,6}|#[0-9]{1,7}|[a-zA-Z][a-zA-Z0-9]{1,31});/g;

/** A numeric reference as a character; control characters and invalid code points become U+FFFD so they can't reach the terminal. */
function fromCodePoint(code: number): string {
	const control = code < 0x20 ? code !== 0x09 && code !== 0x0a : code >= 0x7f && code <= 0x9f;
	if (control || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return "\ufffd";
	return String.fromCodePoint(code);
}

/** `text` with its character references replaced; unknown names stay as written. */
export function decodeEntities(text: string): string {
	if (!text.includes("&")) return text;
	return text.replace(REFERENCE, (whole, ref: string) => {
		if (ref[0] !== "#") return NAMED[ref] ?? whole;
		const hex = ref[1] === "x" || ref[1] === "X";
		return fromCodePoint(Number.parseInt(ref.slice(hex ? 2 : 1), hex ? 16 : 10));
	});
}
