/** What the key parser emits: keys, pastes, focus changes and the terminal's answers to queries. */

export type KeyAction = "press" | "repeat" | "release";

export interface KeyEvent {
	type: "key";
	/** Canonical key id (see key-id.ts): "ctrl+c", "shift+enter", "up", "a", "?". */
	id: string;
	/** What the key types, when it types anything (no ctrl, alt or super held). */
	text?: string;
	/** Always "press" unless the terminal reports repeats and releases (Kitty flag 2). */
	action: KeyAction;
	/** The bytes as received, for the kernel's `key` event. */
	raw: string;
}

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
