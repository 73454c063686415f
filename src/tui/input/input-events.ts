/** What the key parser emits: keys, pastes, focus changes and the terminal's answers to queries. */
import type { UIKey } from "../../kernel/ui-surface.js";

/** The kernel's public key: its id as key-id.ts names it, `raw` for the kernel's `key` event. */
export type KeyEvent = UIKey;

export type KeyAction = KeyEvent["action"];

export interface PasteEvent {
	type: "paste";
	/** The pasted text with line endings normalised to "\n". */
	text: string;
}

export interface FocusEvent {
	type: "focus";
	focused: boolean;
}

/** Answers to queries the terminal layer sends; never user input. */
export type TerminalResponse =
	/** `CSI ? flags u`: the terminal speaks the Kitty keyboard protocol. */
	| { type: "response"; kind: "kitty-flags"; flags: number; raw: string }
	/** `CSI ? … c` (DA1): every terminal answers it, so it marks the end of a query batch. */
	| { type: "response"; kind: "device-attributes"; params: number[]; raw: string }
	/** `CSI row ; col R`. */
	| { type: "response"; kind: "cursor-position"; row: number; col: number; raw: string }
	/** `CSI ? mode ; value $ y` (DECRPM). */
	| { type: "response"; kind: "mode"; mode: number; value: number; raw: string }
	/** `OSC code ; data ST`, e.g. OSC 11 with the background colour. */
	| { type: "response"; kind: "osc"; code: number; data: string; raw: string }
	/** DCS / APC / PM / SOS strings (e.g. XTVERSION). */
	| { type: "response"; kind: "string"; introducer: string; data: string; raw: string };

/** A sequence the parser recognised as a sequence but could not name. */
export interface UnknownEvent {
	type: "unknown";
	raw: string;
}

export type InputEvent = KeyEvent | PasteEvent | FocusEvent | TerminalResponse | UnknownEvent;
