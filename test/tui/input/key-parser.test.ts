import { describe, expect, it } from "vitest";
import type { InputEvent } from "../../../src/tui/input/input-events.js";
import { normalizeKeyId } from "../../../src/tui/input/key-id.js";
import { KeyParser } from "../../../src/tui/input/key-parser.js";
import { ManualClock } from "../support/manual-clock.js";

function parser() {
	const clock = new ManualClock();
	const events: InputEvent[] = [];
	const p = new KeyParser((e) => events.push(e), { clock, escapeTimeoutMs: 30 });
	return { p, clock, events };
}

/** Events for one input, fed whole, then the escape timeout elapses. */
function parse(...chunks: Array<string | Uint8Array>): InputEvent[] {
	const { p, clock, events } = parser();
	for (const chunk of chunks) p.feed(chunk);
	clock.advance(30);
	return events;
}

/** Just the key ids (and "paste:<text>" for pastes). */
function ids(...chunks: Array<string | Uint8Array>): string[] {
	return parse(...chunks).map((e) =>
		e.type === "key" ? e.id : e.type === "paste" ? `paste:${e.text}` : `${e.type}:${JSON.stringify(e)}`,
	);
}

const bytes = (s: string) => new TextEncoder().encode(s);

describe("legacy keys", () => {
	it("types printable characters, naming upper-case letters shift+letter", () => {
		expect(parse("a")).toEqual([{ type: "key", id: "a", text: "a", action: "press", raw: "a" }]);
		expect(parse("A")).toEqual([{ type: "key", id: "shift+a", text: "A", action: "press", raw: "A" }]);
		expect(parse("?")[0]).toMatchObject({ id: "?", text: "?" });
		expect(parse(" ")[0]).toMatchObject({ id: "space", text: " " });
		expect(ids("hi!")).toEqual(["h", "i", "!"]);
	});

	it("names control characters", () => {
		expect(ids("\x03", "\r", "\t", "\x7f", "\x08", "\n", "\x00", "\x1f", "\x1c")).toEqual([
			"ctrl+c",
			"enter",
			"tab",
			"backspace",
			"backspace",
			"ctrl+j",
			"ctrl+space",
			"ctrl+_",
			"ctrl+\\",
		]);
		expect(parse("\x03")[0]).not.toHaveProperty("text");
	});

	it("reads ESC before a key as alt", () => {
		expect(ids("\x1ba")).toEqual(["alt+a"]);
		expect(ids("\x1bA")).toEqual(["alt+shift+a"]);
		expect(ids("\x1b\r")).toEqual(["alt+enter"]);
		expect(ids("\x1b\x7f")).toEqual(["alt+backspace"]);
		expect(ids("\x1b\x03")).toEqual(["ctrl+alt+c"]);
		expect(ids("\x1b\x1b[A")).toEqual(["alt+up"]);
		expect(ids("\x1b\x1b[1;5D")).toEqual(["ctrl+alt+left"]);
		expect(parse("\x1ba")[0]).not.toHaveProperty("text");
	});

	it("decodes cursor, editing and function keys in CSI and SS3 forms", () => {
		expect(ids("\x1b[A\x1b[B\x1b[C\x1b[D\x1bOA\x1bOB\x1bOC\x1bOD")).toEqual([
			"up",
			"down",
			"right",
			"left",
			"up",
			"down",
			"right",
			"left",
		]);
		expect(ids("\x1b[H\x1b[F\x1bOH\x1bOF\x1b[1~\x1b[4~\x1b[7~\x1b[8~")).toEqual([
			"home",
			"end",
			"home",
			"end",
			"home",
			"end",
			"home",
			"end",
		]);
		expect(ids("\x1b[2~\x1b[3~\x1b[5~\x1b[6~\x1b[Z")).toEqual([
			"insert",
			"delete",
			"pageup",
			"pagedown",
			"shift+tab",
		]);
		expect(ids("\x1bOP\x1bOQ\x1bOR\x1bOS\x1b[15~\x1b[17~\x1b[21~\x1b[23~\x1b[24~\x1b[[A")).toEqual([
			"f1",
			"f2",
			"f3",
			"f4",
			"f5",
			"f6",
			"f10",
			"f11",
			"f12",
			"f1",
		]);
	});

	it("decodes xterm modifier parameters", () => {
		expect(ids("\x1b[1;5A\x1b[1;3C\x1b[1;2D\x1b[1;6B\x1b[3;5~\x1b[5;2~\x1b[1;2P\x1b[1;9H")).toEqual([
			"ctrl+up",
			"alt+right",
			"shift+left",
			"ctrl+shift+down",
			"ctrl+delete",
			"shift+pageup",
			"shift+f1",
			"super+home",
		]);
	});

	it("decodes rxvt shift and ctrl arrows", () => {
		expect(ids("\x1b[a\x1bOd")).toEqual(["shift+up", "ctrl+left"]);
	});
});

describe("the lone ESC", () => {
	it("is the Escape key only after the timeout passes with nothing following", () => {
		const { p, clock, events } = parser();
		p.feed("\x1b");
		clock.advance(29);
		expect(events).toEqual([]);
		clock.advance(1);
		expect(events).toEqual([{ type: "key", id: "escape", action: "press", raw: "\x1b" }]);
	});

	it("joins the rest of a sequence that arrives before the timeout", () => {
		const { p, clock, events } = parser();
		p.feed("\x1b");
		clock.advance(20);
		p.feed("[A");
		clock.advance(100);
		expect(events.map((e) => (e.type === "key" ? e.id : e.type))).toEqual(["up"]);
	});

	it("times out from when the sequence started, not from the last read", () => {
		const { p, clock, events } = parser();
		p.feed("\x1b]");
		clock.advance(20);
		p.feed("ab");
		clock.advance(10);
		// Nothing ended the would-be OSC string: it was alt+] and then typing.
		expect(events.map((e) => (e.type === "key" ? e.id : e.type))).toEqual(["alt+]", "a", "b"]);
	});

	it("resolves ESC [ and ESC O left unfinished as alt keys", () => {
		expect(ids("\x1b[")).toEqual(["alt+["]);
		expect(ids("\x1bO")).toEqual(["alt+shift+o"]);
		expect(ids("\x1b\x1b")).toEqual(["alt+escape"]);
	});

	it("emits an Escape key followed by keys typed after the timeout", () => {
		const { p, clock, events } = parser();
		p.feed("\x1b");
		clock.advance(30);
		p.feed("x");
		expect(events.map((e) => (e.type === "key" ? e.id : e.type))).toEqual(["escape", "x"]);
		expect(clock.pending).toBe(0);
	});
});

describe("bracketed paste", () => {
	it("delivers pasted text as one event, escape sequences and all, with line endings normalised", () => {
		expect(parse("\x1b[200~line 1\r\nline 2\rx\x1b[A\x03\x1b[201~")).toEqual([
			{ type: "paste", text: "line 1\nline 2\nx\x1b[A\x03" },
		]);
	});

	it("reassembles a paste split across many reads, including inside both markers", () => {
		const input = "k\x1b[200~first\r\nsecond é 😀\x1b[201~z";
		const data = bytes(input);
		const chunks: Uint8Array[] = [];
		for (let i = 0; i < data.length; i += 3) chunks.push(data.slice(i, i + 3));
		expect(ids(...chunks)).toEqual(["k", "paste:first\nsecond é 😀", "z"]);
	});

	it("waits for the end marker however long the paste takes", () => {
		const { p, clock, events } = parser();
		p.feed("\x1b[200~abc\x1b[20");
		clock.advance(10_000);
		expect(events).toEqual([]);
		p.feed("1~");
		expect(events).toEqual([{ type: "paste", text: "abc" }]);
	});

	it("keeps a paste marker look-alike that turns out not to be the end", () => {
		expect(ids("\x1b[200~a\x1b[20", "0~b\x1b[201~")).toEqual(["paste:a\x1b[200~b"]);
	});
});

describe("Kitty keyboard protocol", () => {
	it("decodes modified keys", () => {
		expect(ids("\x1b[97;5u\x1b[13;2u\x1b[13;3u\x1b[27u\x1b[9;5u\x1b[127;5u\x1b[115;9u\x1b[32;5u")).toEqual([
			"ctrl+a",
			"shift+enter",
			"alt+enter",
			"escape",
			"ctrl+tab",
			"ctrl+backspace",
			"super+s",
			"ctrl+space",
		]);
		expect(ids("\x1b[97;8u")).toEqual(["ctrl+alt+shift+a"]);
	});

	it("ignores caps lock and num lock in the modifiers", () => {
		expect(ids("\x1b[97;69u\x1b[97;133u")).toEqual(["ctrl+a", "ctrl+a"]);
	});

	it("types the shifted key or the associated text", () => {
		expect(parse("\x1b[97:65;2u")[0]).toMatchObject({ id: "shift+a", text: "A" });
		expect(parse("\x1b[47:63;2u")[0]).toMatchObject({ id: "?", text: "?" });
		expect(parse("\x1b[97;1;97u")[0]).toMatchObject({ id: "a", text: "a" });
		expect(parse("\x1b[101;1;233u")[0]).toMatchObject({ id: "e", text: "é" });
		expect(parse("\x1b[97;5u")[0]).not.toHaveProperty("text");
	});

	it("reports press, repeat and release", () => {
		const events = parse("\x1b[97;1:1u\x1b[97;1:2u\x1b[97;1:3u\x1b[1;1:3A\x1b[3;5:2~");
		expect(events.map((e) => (e.type === "key" ? `${e.id}/${e.action}` : e.type))).toEqual([
			"a/press",
			"a/repeat",
			"a/release",
			"up/release",
			"ctrl+delete/repeat",
		]);
	});

	it("names keypad, function and modifier keys from the private-use range", () => {
		expect(ids("\x1b[57399u\x1b[57414u\x1b[57376u\x1b[57441;2u\x1b[57419u")).toEqual([
			"0",
			"enter",
			"f13",
			"shift+leftshift",
			"up",
		]);
		expect(parse("\x1b[57413u")[0]).toMatchObject({ id: "+", text: "+" });
	});

	it("recognises the answers to the flags query and to device attributes", () => {
		expect(parse("\x1b[?1u\x1b[?62;22c")).toEqual([
			{ type: "response", kind: "kitty-flags", flags: 1, raw: "\x1b[?1u" },
			{ type: "response", kind: "device-attributes", params: [62, 22], raw: "\x1b[?62;22c" },
		]);
	});
});

describe("xterm modifyOtherKeys", () => {
	it("decodes CSI 27 ; mod ; code ~", () => {
		expect(ids("\x1b[27;2;13~\x1b[27;5;99~\x1b[27;6;65~\x1b[27;3;13~\x1b[27;5;9~\x1b[27;2;63~")).toEqual([
			"shift+enter",
			"ctrl+c",
			"ctrl+shift+a",
			"alt+enter",
			"ctrl+tab",
			"?",
		]);
	});

	it("decodes the CSI code ; mod u form (formatOtherKeys)", () => {
		expect(ids("\x1b[13;2u")).toEqual(["shift+enter"]);
	});
});

describe("UTF-8 and graphemes", () => {
	it("reassembles multi-byte characters split across reads", () => {
		const data = bytes("é你😀");
		for (let cut = 1; cut < data.length; cut++) {
			expect(ids(data.slice(0, cut), data.slice(cut)), `cut at ${cut}`).toEqual(["é", "你", "😀"]);
		}
	});

	it("keeps a grapheme cluster together as one key", () => {
		const family = "👨‍👩‍👧";
		expect(parse(`${family}e\u0301`)).toMatchObject([
			{ id: family, text: family },
			{ id: "e\u0301", text: "e\u0301" },
		]);
	});

	it("never joins a control character to the next character", () => {
		expect(ids("é\r\n")).toEqual(["é", "enter", "ctrl+j"]);
	});
});

describe("terminal responses and focus", () => {
	it("reads OSC answers terminated by BEL or ST", () => {
		expect(parse("\x1b]11;rgb:ffff/ffff/ffff\x07\x1b]10;rgb:0/0/0\x1b\\")).toMatchObject([
			{ type: "response", kind: "osc", code: 11, data: "rgb:ffff/ffff/ffff" },
			{ type: "response", kind: "osc", code: 10, data: "rgb:0/0/0" },
		]);
	});

	it("reads DCS strings, cursor reports, mode reports and focus changes", () => {
		expect(parse("\x1bP>|xterm(1)\x1b\\\x1b[12;40R\x1b[?2026;2$y\x1b[I\x1b[O")).toMatchObject([
			{ type: "response", kind: "string", introducer: "P", data: ">|xterm(1)" },
			{ type: "response", kind: "cursor-position", row: 12, col: 40 },
			{ type: "response", kind: "mode", mode: 2026, value: 2 },
			{ type: "focus", focused: true },
			{ type: "focus", focused: false },
		]);
	});

	it("reports sequences it cannot name as unknown rather than as typing", () => {
		expect(parse("\x1b[<0;10;5M")).toEqual([{ type: "unknown", raw: "\x1b[<0;10;5M" }]);
	});

	it("survives numbers that name no character", () => {
		expect(parse("\x1b[99999999u\x1b[27;5;-3~")).toEqual([
			{ type: "unknown", raw: "\x1b[99999999u" },
			{ type: "unknown", raw: "\x1b[27;5;-3~" },
		]);
		expect(parse("\x1b[97:9999999;2u\x1b[97;1;9999999u")).toMatchObject([{ id: "shift+a" }, { id: "a" }]);
	});
});

describe("sequences split across reads", () => {
	const cases = [
		"\x1b[1;5A",
		"\x1b[97;5u",
		"\x1b[47:63;2u",
		"\x1b[27;2;13~",
		"\x1bOP",
		"\x1b\x1b[A",
		"\x1b]11;rgb:1a1a/1b1b/2626\x1b\\",
		"\x1b[200~pasted\r\ntext\x1b[201~",
		"a\x1b[3~é😀\x1bx",
	];

	it.each(cases)("parse the same at every byte boundary: %j", (input) => {
		const whole = parse(input);
		const data = bytes(input);
		for (let cut = 1; cut < data.length; cut++) {
			expect(parse(data.slice(0, cut), data.slice(cut)), `cut at ${cut}`).toEqual(whole);
		}
		expect(parse(...Array.from(data, (b) => Uint8Array.of(b)))).toEqual(whole);
	});
});

describe("robustness", () => {
	it("never throws on random bytes, and holds nothing back once the timeout passes", () => {
		let seed = 42;
		const random = () => {
			seed = (seed * 1103515245 + 12345) & 0x7fffffff;
			return seed / 0x7fffffff;
		};
		const alphabet = [
			"\x1b",
			"[",
			"]",
			"O",
			"P",
			"\\",
			"\x07",
			";",
			":",
			"1",
			"2",
			"7",
			"u",
			"~",
			"A",
			"?",
			"é",
			"\xff",
		];
		const { p, clock } = parser();
		for (let round = 0; round < 2000; round++) {
			let chunk = "";
			const length = 1 + Math.floor(random() * 12);
			for (let i = 0; i < length; i++) chunk += alphabet[Math.floor(random() * alphabet.length)];
			expect(() => p.feed(Buffer.from(chunk, "latin1"))).not.toThrow();
			if (random() < 0.3) clock.advance(30);
		}
		p.feed("\x1b[201~");
		clock.advance(30);
		expect(p.pending).toBe(false);
	});
});

describe("normalizeKeyId", () => {
	it("spells keys the way the parser does", () => {
		expect(normalizeKeyId("Ctrl+Shift+K")).toBe("ctrl+shift+k");
		expect(normalizeKeyId("shift+ctrl+k")).toBe("ctrl+shift+k");
		expect(normalizeKeyId("Esc")).toBe("escape");
		expect(normalizeKeyId("alt+Return")).toBe("alt+enter");
		expect(normalizeKeyId("K")).toBe("shift+k");
		expect(normalizeKeyId("ctrl++")).toBe("ctrl++");
		expect(normalizeKeyId("cmd+PgUp")).toBe("super+pageup");
	});

	it("names the part that is not a key", () => {
		expect(() => normalizeKeyId("ctlr+k")).toThrow(/"ctlr" is not a modifier/);
		expect(() => normalizeKeyId("ctrl+enterr")).toThrow(/unknown key name "enterr"/);
		expect(() => normalizeKeyId("  ")).toThrow(/empty/);
	});
});
