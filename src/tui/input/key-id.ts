/**
 * Key ids: the one spelling of a key that keymaps, keybindings.json and the
 * parser share. Modifiers come first in a fixed order (ctrl, alt, shift,
 * super, hyper, meta), then the key name: "ctrl+shift+a", "alt+enter", "up",
 * "f5", "space", "x", "?". A printable key pressed with shift alone is named
 * by what it types ("?", "é"), except letters, which stay "shift+a" so that
 * bindings don't depend on caps lock or the keyboard layout of punctuation.
 */

export interface Modifiers {
	ctrl?: boolean;
	alt?: boolean;
	shift?: boolean;
	super?: boolean;
	hyper?: boolean;
	meta?: boolean;
}

export const MODIFIER_ORDER = ["ctrl", "alt", "shift", "super", "hyper", "meta"] as const;
export type ModifierName = (typeof MODIFIER_ORDER)[number];

/** Named (non-printable) keys, as the parser emits them. */
export const NAMED_KEYS = new Set([
	"escape",
	"enter",
	"tab",
	"backspace",
	"space",
	"insert",
	"delete",
	"home",
	"end",
	"pageup",
	"pagedown",
	"up",
	"down",
	"left",
	"right",
	"begin",
	"capslock",
	"scrolllock",
	"numlock",
	"printscreen",
	"pause",
	"menu",
	...Array.from({ length: 35 }, (_, i) => `f${i + 1}`),
]);

const ALIASES: Record<string, string> = {
	esc: "escape",
	return: "enter",
	cr: "enter",
	bs: "backspace",
	del: "delete",
	ins: "insert",
	pgup: "pageup",
	pgdn: "pagedown",
	pgdown: "pagedown",
	arrowup: "up",
	arrowdown: "down",
	arrowleft: "left",
	arrowright: "right",
	control: "ctrl",
	ctl: "ctrl",
	option: "alt",
	opt: "alt",
	cmd: "super",
	command: "super",
	win: "super",
};

/** Builds the canonical id from modifier flags and a key name. */
export function formatKeyId(mods: Modifiers, name: string): string {
	let id = "";
	for (const mod of MODIFIER_ORDER) if (mods[mod]) id += `${mod}+`;
	return id + name;
}

/**
 * The canonical id for a key as a person writes it ("Shift+Ctrl+K" →
 * "ctrl+shift+k", "Esc" → "escape"). Throws an error naming the spec and the
 * part that is not a key, so keybindings.json mistakes are actionable.
 */
export function normalizeKeyId(spec: string): string {
	const trimmed = spec.trim();
	if (trimmed === "") throw new Error(`"${spec}" is not a key: it is empty`);
	// "+" alone, or "ctrl++", names the plus key.
	const parts = trimmed.endsWith("++")
		? [...trimmed.slice(0, -2).split("+"), "+"]
		: trimmed === "+"
			? ["+"]
			: trimmed.split("+");
	const key = parts.pop()!;
	const mods: Modifiers = {};
	for (const raw of parts) {
		const mod = (ALIASES[raw.toLowerCase()] ?? raw.toLowerCase()) as ModifierName;
		if (!MODIFIER_ORDER.includes(mod)) {
			throw new Error(
				`"${spec}" is not a key: "${raw}" is not a modifier (use ${MODIFIER_ORDER.join(", ")})`,
			);
		}
		mods[mod] = true;
	}
	const name = keyName(key, spec);
	// An upper-case letter means shift+letter, as the parser reports it.
	if (/^[A-Z]$/.test(key)) mods.shift = true;
	return formatKeyId(mods, name);
}

function keyName(key: string, spec: string): string {
	if ([...key].length === 1) return key === " " ? "space" : key.toLowerCase();
	const lower = key.toLowerCase();
	const name = ALIASES[lower] ?? lower;
	if (!NAMED_KEYS.has(name)) throw new Error(`"${spec}" is not a key: unknown key name "${key}"`);
	return name;
}
