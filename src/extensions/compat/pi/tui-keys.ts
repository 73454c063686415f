/**
 * The key helpers of the `@mariozechner/pi-tui` shim: pi's key ids
 * ("ctrl+c", "shift+tab", "up", "a") matched against the raw bytes a
 * component's `handleInput(data)` receives. Legacy terminal sequences and
 * the Kitty keyboard protocol's CSI-u form are both understood.
 */

const NAMED = [
	"escape",
	"enter",
	"tab",
	"space",
	"backspace",
	"delete",
	"insert",
	"clear",
	"home",
	"end",
	"pageUp",
	"pageDown",
	"up",
	"down",
	"left",
	"right",
	"f1",
	"f2",
	"f3",
	"f4",
	"f5",
	"f6",
	"f7",
	"f8",
	"f9",
	"f10",
	"f11",
	"f12",
] as const;

const SYMBOLS = {
	backtick: "`",
	hyphen: "-",
	equals: "=",
	leftbracket: "[",
	rightbracket: "]",
	backslash: "\\",
	semicolon: ";",
	quote: "'",
	comma: ",",
	period: ".",
	slash: "/",
	exclamation: "!",
	at: "@",
	hash: "#",
	dollar: "$",
	percent: "%",
	caret: "^",
	ampersand: "&",
	asterisk: "*",
	leftparen: "(",
	rightparen: ")",
	underscore: "_",
	plus: "+",
	pipe: "|",
	tilde: "~",
	leftbrace: "{",
	rightbrace: "}",
	colon: ":",
	lessthan: "<",
	greaterthan: ">",
	question: "?",
} as const;

const modifier =
	(...mods: string[]) =>
	(key: string) =>
		`${mods.join("+")}+${key}`;

type Named = { readonly [K in (typeof NAMED)[number]]: K };

export const Key = Object.freeze({
	...(Object.fromEntries(NAMED.map((name) => [name, name])) as Named),
	esc: "esc",
	return: "return",
	...SYMBOLS,
	ctrl: modifier("ctrl"),
	shift: modifier("shift"),
	alt: modifier("alt"),
	super: modifier("super"),
	ctrlShift: modifier("ctrl", "shift"),
	shiftCtrl: modifier("shift", "ctrl"),
	ctrlAlt: modifier("ctrl", "alt"),
	altCtrl: modifier("alt", "ctrl"),
	shiftAlt: modifier("shift", "alt"),
	altShift: modifier("alt", "shift"),
	ctrlSuper: modifier("ctrl", "super"),
	superCtrl: modifier("super", "ctrl"),
	shiftSuper: modifier("shift", "super"),
	superShift: modifier("super", "shift"),
	altSuper: modifier("alt", "super"),
	superAlt: modifier("super", "alt"),
	ctrlShiftAlt: modifier("ctrl", "shift", "alt"),
	ctrlShiftSuper: modifier("ctrl", "shift", "super"),
});

const LEGACY: Record<string, string> = {
	"\r": "enter",
	"\n": "enter",
	"\t": "tab",
	"\x1b": "escape",
	"\x7f": "backspace",
	"\b": "backspace",
	" ": "space",
	"\x1b[A": "up",
	"\x1b[B": "down",
	"\x1b[C": "right",
	"\x1b[D": "left",
	"\x1bOA": "up",
	"\x1bOB": "down",
	"\x1bOC": "right",
	"\x1bOD": "left",
	"\x1b[H": "home",
	"\x1b[F": "end",
	"\x1b[1~": "home",
	"\x1b[4~": "end",
	"\x1b[2~": "insert",
	"\x1b[3~": "delete",
	"\x1b[5~": "pageUp",
	"\x1b[6~": "pageDown",
	"\x1b[Z": "shift+tab",
	"\x1b\r": "alt+enter",
	"\x1bOP": "f1",
	"\x1bOQ": "f2",
	"\x1bOR": "f3",
	"\x1bOS": "f4",
};

const KITTY_NAMES: Record<number, string> = {
	13: "enter",
	9: "tab",
	27: "escape",
	127: "backspace",
	32: "space",
};

/** The key id the bytes stand for ("ctrl+c", "up", "a"), or undefined for bytes that are no single key. */
export function parseKey(data: string): string | undefined {
	const legacy = LEGACY[data];
	if (legacy) return legacy;
	// Kitty: CSI codepoint ; modifiers(:event) u
	const kitty = /^\x1b\[(\d+)(?:;(\d+)(?::(\d))?)?u$/.exec(data);
	if (kitty) {
		const code = Number(kitty[1]);
		const base = KITTY_NAMES[code] ?? String.fromCodePoint(code).toLowerCase();
		return withModifiers(base, Number(kitty[2] ?? 1) - 1);
	}
	const arrow = /^\x1b\[1;(\d+)([ABCDHF])$/.exec(data);
	if (arrow) {
		const base = { A: "up", B: "down", C: "right", D: "left", H: "home", F: "end" }[arrow[2]] as string;
		return withModifiers(base, Number(arrow[1]) - 1);
	}
	if (data.length === 1) {
		const code = data.charCodeAt(0);
		if (code >= 1 && code <= 26) return `ctrl+${String.fromCharCode(code + 96)}`;
		if (code >= 32) return data.toLowerCase() !== data ? `shift+${data.toLowerCase()}` : data;
	}
	if (data.length === 2 && data[0] === "\x1b") {
		const inner = parseKey(data[1]);
		return inner ? `alt+${inner}` : undefined;
	}
	return undefined;
}

function withModifiers(base: string, bits: number): string {
	const mods = [
		bits & 4 ? "ctrl" : "",
		bits & 1 ? "shift" : "",
		bits & 2 ? "alt" : "",
		bits & 8 ? "super" : "",
	];
	return [...mods.filter(Boolean), base].join("+");
}

/** Modifiers in a fixed order, aliases folded, so "shift+ctrl+x" matches "ctrl+shift+x". */
function normalize(id: string): string {
	const parts = id.toLowerCase().split("+");
	let base = parts.pop() ?? "";
	base = { esc: "escape", return: "enter", pageup: "pageup", pagedown: "pagedown" }[base] ?? base;
	const symbol = (SYMBOLS as Record<string, string>)[base];
	if (symbol) base = symbol;
	const order = ["ctrl", "shift", "alt", "super"];
	const mods = order.filter((m) => parts.includes(m));
	return [...mods, base].join("+");
}

export function matchesKey(data: string, keyId: string): boolean {
	const parsed = parseKey(data);
	if (parsed === undefined) return false;
	if (normalize(parsed) === normalize(keyId)) return true;
	// An upper-case letter is also the plain letter held with shift.
	return data.length === 1 && data === keyId;
}

/** Release and repeat events exist only under the Kitty protocol (event type 3 and 2). */
export function isKeyRelease(data: string): boolean {
	return /^\x1b\[[\d;]*:3[u~ABCDHF]$/.test(data);
}

export function isKeyRepeat(data: string): boolean {
	return /^\x1b\[[\d;]*:2[u~ABCDHF]$/.test(data);
}

/** The character a key types, or undefined for keys that type nothing. */
export function decodePrintableKey(data: string): string | undefined {
	if (data.length === 1 && data.charCodeAt(0) >= 32 && data !== "\x7f") return data;
	const kitty = /^\x1b\[(\d+)(?:;([12]))?u$/.exec(data);
	if (kitty && Number(kitty[1]) >= 32 && Number(kitty[1]) !== 127)
		return String.fromCodePoint(Number(kitty[1]));
	return undefined;
}
