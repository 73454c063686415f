/**
 * Decoding one complete input unit — a character, a grapheme, or an escape
 * sequence — into an event. The protocols layered here: legacy VT/xterm
 * sequences (CSI and SS3 cursor keys, `CSI n ~` editing and function keys,
 * control characters, ESC as the alt prefix), xterm modifyOtherKeys
 * (`CSI 27 ; mod ; code ~`) and the Kitty keyboard protocol (`CSI code … u`
 * with modifiers, event types, shifted keys and associated text).
 */
import type { InputEvent, KeyAction, KeyEvent } from "./input-events.js";
import { formatKeyId, type Modifiers } from "./key-id.js";

const ESC = "\x1b";

/** Control characters outside escape sequences. 0x08 is backspace: Windows and some Unix terminals send it. */
function controlName(code: number): { name: string; ctrl: boolean } | undefined {
	switch (code) {
		case 0x00:
			return { name: "space", ctrl: true };
		case 0x08:
		case 0x7f:
			return { name: "backspace", ctrl: false };
		case 0x09:
			return { name: "tab", ctrl: false };
		case 0x0d:
			return { name: "enter", ctrl: false };
		case 0x1b:
			return { name: "escape", ctrl: false };
		case 0x1c:
			return { name: "\\", ctrl: true };
		case 0x1d:
			return { name: "]", ctrl: true };
		case 0x1e:
			return { name: "^", ctrl: true };
		case 0x1f:
			return { name: "_", ctrl: true };
	}
	// 0x0a (line feed) is ctrl+j: terminals send \r for Enter.
	if (code >= 0x01 && code <= 0x1a) return { name: String.fromCharCode(code + 0x60), ctrl: true };
	return undefined;
}

function key(
	mods: Modifiers,
	name: string,
	raw: string,
	text?: string,
	action: KeyAction = "press",
): KeyEvent {
	const event: KeyEvent = { type: "key", id: formatKeyId(mods, name), action, raw };
	if (text !== undefined) event.text = text;
	return event;
}

/** A printable grapheme typed on its own (or with shift): named by what it types, letters as shift+letter. */
function printable(text: string, mods: Modifiers, raw: string): KeyEvent {
	if (text === " ") return key(mods, "space", raw, mods.ctrl || mods.alt || mods.super ? undefined : " ");
	const typing = !(mods.ctrl || mods.alt || mods.super || mods.hyper || mods.meta);
	if (/^[A-Z]$/.test(text))
		return key({ ...mods, shift: true }, text.toLowerCase(), raw, typing ? text : undefined);
	return key(mods, text, raw, typing ? text : undefined);
}

/** One character or grapheme outside an escape sequence, optionally preceded by ESC (alt). */
export function decodeChar(char: string, raw: string, alt = false): KeyEvent {
	const code = char.charCodeAt(0);
	const control = char.length === 1 ? controlName(code) : undefined;
	if (control) return key({ ctrl: control.ctrl, alt }, control.name, raw);
	return printable(char, { alt }, raw);
}

/** Kitty's private-use codes for keys without a Unicode character. */
const KITTY_FUNCTIONAL: Record<number, string> = {
	57358: "capslock",
	57359: "scrolllock",
	57360: "numlock",
	57361: "printscreen",
	57362: "pause",
	57363: "menu",
	57409: ".",
	57410: "/",
	57411: "*",
	57412: "-",
	57413: "+",
	57414: "enter",
	57415: "=",
	57416: ",",
	57417: "left",
	57418: "right",
	57419: "up",
	57420: "down",
	57421: "pageup",
	57422: "pagedown",
	57423: "home",
	57424: "end",
	57425: "insert",
	57426: "delete",
	57427: "begin",
};
for (let i = 0; i <= 9; i++) KITTY_FUNCTIONAL[57399 + i] = String(i);
for (let i = 13; i <= 35; i++) KITTY_FUNCTIONAL[57376 + i - 13] = `f${i}`;
const MODIFIER_KEYS = ["shift", "control", "alt", "super", "hyper", "meta"];
MODIFIER_KEYS.forEach((name, i) => {
	KITTY_FUNCTIONAL[57441 + i] = `left${name}`;
	KITTY_FUNCTIONAL[57447 + i] = `right${name}`;
});

const TILDE_KEYS: Record<number, string> = {
	1: "home",
	2: "insert",
	3: "delete",
	4: "end",
	5: "pageup",
	6: "pagedown",
	7: "home",
	8: "end",
	11: "f1",
	12: "f2",
	13: "f3",
	14: "f4",
	15: "f5",
	17: "f6",
	18: "f7",
	19: "f8",
	20: "f9",
	21: "f10",
	23: "f11",
	24: "f12",
};

const LETTER_KEYS: Record<string, string> = {
	A: "up",
	B: "down",
	C: "right",
	D: "left",
	E: "begin",
	H: "home",
	F: "end",
	P: "f1",
	Q: "f2",
	R: "f3",
	S: "f4",
	Z: "tab",
};

/** xterm and Kitty modifier parameter: 1 + bitmask; caps lock and num lock are ignored. */
function modifiers(param: number | undefined): Modifiers {
	const bits = param === undefined || Number.isNaN(param) ? 0 : Math.max(0, param - 1);
	return {
		shift: (bits & 1) !== 0,
		alt: (bits & 2) !== 0,
		ctrl: (bits & 4) !== 0,
		super: (bits & 8) !== 0,
		hyper: (bits & 16) !== 0,
		meta: (bits & 32) !== 0,
	};
}

function action(param: number | undefined): KeyAction {
	return param === 2 ? "repeat" : param === 3 ? "release" : "press";
}

/** Codes that name keys in Kitty and modifyOtherKeys sequences. */
const CODE_NAMES: Record<number, string> = {
	8: "backspace",
	9: "tab",
	13: "enter",
	27: "escape",
	127: "backspace",
};

/**
 * `CSI code[:shifted[:base]] ; mods[:event] ; text u` (Kitty), where `code` is
 * the unshifted key; also `CSI 27;mod;code ~` (modifyOtherKeys), where `code`
 * is the character the key types (`typed`).
 */
function codepointKey(code: number, fields: string[][], raw: string, typed = false): InputEvent {
	const mods = modifiers(num(fields[1]?.[0]));
	const event = action(num(fields[1]?.[1]));
	const named = KITTY_FUNCTIONAL[code] ?? CODE_NAMES[code];
	if (named) return key(mods, named, raw, kpText(code, mods), event);
	const char = fromCodePoint(code);
	if (char === undefined) return { type: "unknown", raw };
	const typing = !(mods.ctrl || mods.alt || mods.super || mods.hyper || mods.meta);
	let text: string | undefined;
	if (typing) {
		const associated = fields[2]?.filter(Boolean).map((c) => fromCodePoint(num(c)) ?? "");
		const shifted = fromCodePoint(num(fields[0]?.[1]));
		if (associated?.length) text = associated.join("");
		else if (!mods.shift || typed || char === " ") text = char;
		else if (shifted !== undefined) text = shifted;
		else if (char.toUpperCase() !== char) text = char.toUpperCase();
	}
	if (char === " ") return key(mods, "space", raw, text, event);
	const lower = char.toLowerCase();
	if (/^[a-z]$/.test(lower))
		return key({ ...mods, shift: mods.shift || char !== lower }, lower, raw, text, event);
	// Shift with a known shifted character names the key by what it types ("?"), as legacy input does.
	if (mods.shift && text !== undefined) return key({}, text, raw, text, event);
	return key(mods, char, raw, text, event);
}

/** Keypad digits and operators type their character. */
function kpText(code: number, mods: Modifiers): string | undefined {
	if (code < 57399 || code > 57416 || code === 57414) return undefined;
	if (mods.ctrl || mods.alt || mods.super) return undefined;
	return KITTY_FUNCTIONAL[code];
}

/** A character from a terminal-supplied number, or undefined when it names none. */
function fromCodePoint(code: number | undefined): string | undefined {
	if (code === undefined || code < 0 || code > 0x10ffff) return undefined;
	return String.fromCodePoint(code);
}

function num(value: string | undefined): number | undefined {
	if (value === undefined || value === "") return undefined;
	const n = Number(value);
	return Number.isInteger(n) ? n : undefined;
}

/** A complete CSI sequence: ESC [ prefix? params intermediates? final. */
function decodeCsi(seq: string): InputEvent {
	const final = seq[seq.length - 1];
	const body = seq.slice(2, -1);
	const prefix = /^[<=>?]/.test(body) ? body[0] : "";
	const params = prefix ? body.slice(1) : body;
	const fields = params.split(";").map((field) => field.split(":"));
	const first = num(fields[0]?.[0]);

	if (prefix === "?") {
		if (final === "u") return { type: "response", kind: "kitty-flags", flags: first ?? 0, raw: seq };
		if (final === "c") {
			const values = params.split(";").map(Number);
			return { type: "response", kind: "device-attributes", params: values, raw: seq };
		}
		if (final === "y" && params.endsWith("$")) {
			const [mode, value] = params.slice(0, -1).split(";").map(Number);
			return { type: "response", kind: "mode", mode, value, raw: seq };
		}
		return { type: "unknown", raw: seq };
	}
	if (prefix) return { type: "unknown", raw: seq };

	if (final === "u" && first !== undefined) return codepointKey(first, fields, seq);
	if (final === "~") {
		if (first === 27 && fields.length >= 3) {
			const code = num(fields[2][0]);
			if (code !== undefined) return codepointKey(code, [[String(code)], fields[1]], seq, true);
		}
		const name = first === undefined ? undefined : TILDE_KEYS[first];
		if (name) return key(modifiers(num(fields[1]?.[0])), name, seq, undefined, action(num(fields[1]?.[1])));
		return { type: "unknown", raw: seq };
	}
	if (params === "" && (final === "I" || final === "O")) return { type: "focus", focused: final === "I" };
	// `CSI row;col R` is a cursor report unless the row is 1, where xterm's modified F3 looks the same.
	if (final === "R" && fields.length === 2 && first !== 1) {
		return {
			type: "response",
			kind: "cursor-position",
			row: first ?? 1,
			col: num(fields[1][0]) ?? 1,
			raw: seq,
		};
	}
	if (final === "Z") return key({ ...modifiers(num(fields[1]?.[0])), shift: true }, "tab", seq);
	// rxvt: CSI a–d are shift+arrows.
	const rxvt = "abcd".indexOf(final);
	if (rxvt >= 0 && params === "") return key({ shift: true }, LETTER_KEYS["ABCD"[rxvt]], seq);
	const letter = LETTER_KEYS[final];
	if (letter && (params === "" || first === 1)) {
		return key(modifiers(num(fields[1]?.[0])), letter, seq, undefined, action(num(fields[1]?.[1])));
	}
	return { type: "unknown", raw: seq };
}

/** A complete SS3 sequence: ESC O letter (application cursor keys, F1–F4, keypad Enter). */
function decodeSs3(seq: string): InputEvent {
	const final = seq[2];
	if (final === "M") return key({}, "enter", seq);
	// rxvt: SS3 a–d are ctrl+arrows.
	const rxvt = "abcd".indexOf(final);
	if (rxvt >= 0) return key({ ctrl: true }, LETTER_KEYS["ABCD"[rxvt]], seq);
	const name = LETTER_KEYS[final];
	return name && final !== "Z" ? key({}, name, seq) : { type: "unknown", raw: seq };
}

/** OSC / DCS / APC / PM / SOS: the payload between the introducer and BEL or ST. */
function decodeString(seq: string): InputEvent {
	const introducer = seq[1];
	const end = seq.endsWith("\x07") ? -1 : -2;
	const data = seq.slice(2, end);
	if (introducer === "]") {
		const semi = data.indexOf(";");
		const code = Number(semi < 0 ? data : data.slice(0, semi));
		if (Number.isInteger(code)) {
			return { type: "response", kind: "osc", code, data: semi < 0 ? "" : data.slice(semi + 1), raw: seq };
		}
	}
	return { type: "response", kind: "string", introducer, data, raw: seq };
}

/** A complete sequence starting with ESC, as delimited by the parser. */
export function decodeEscape(seq: string): InputEvent {
	if (seq.length === 1) return key({}, "escape", seq);
	const second = seq[1];
	if (second === "[") {
		// Linux console F1–F5: ESC [ [ A–E.
		if (seq[2] === "[" && seq.length === 4) {
			const index = "ABCDE".indexOf(seq[3]);
			return index >= 0 ? key({}, `f${index + 1}`, seq) : { type: "unknown", raw: seq };
		}
		return decodeCsi(seq);
	}
	if (second === "O" && seq.length === 3) return decodeSs3(seq);
	if ("]P_^X".includes(second) && seq.length > 2) return decodeString(seq);
	// ESC before anything else is the alt (meta) prefix.
	const rest = seq.slice(1);
	if (rest[0] === ESC) {
		const inner = decodeEscape(rest);
		if (inner.type !== "key") return { type: "unknown", raw: seq };
		return { type: "key", id: withAlt(inner.id), action: inner.action, raw: seq };
	}
	return decodeChar(rest, seq, true);
}

function withAlt(id: string): string {
	if (id.startsWith("alt+") || id.includes("+alt+")) return id;
	return id.startsWith("ctrl+") ? `ctrl+alt+${id.slice(5)}` : `alt+${id}`;
}
