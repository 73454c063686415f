/** The control sequences weft writes to the terminal, named once. */

export const SYNC_BEGIN = "\x1b[?2026h";
export const SYNC_END = "\x1b[?2026l";
export const HIDE_CURSOR = "\x1b[?25l";
export const SHOW_CURSOR = "\x1b[?25h";
export const BRACKETED_PASTE_ON = "\x1b[?2004h";
export const BRACKETED_PASTE_OFF = "\x1b[?2004l";
/** Kitty keyboard protocol: ask for the current flags (the answer is `CSI ? flags u`). */
export const KITTY_QUERY = "\x1b[?u";
/** Kitty keyboard protocol: restore the flags in force before our push. */
export const KITTY_POP = "\x1b[<u";
export const MODIFY_OTHER_KEYS_ON = "\x1b[>4;2m";
export const MODIFY_OTHER_KEYS_OFF = "\x1b[>4;0m";
/** Primary device attributes: every terminal answers, so it ends a batch of queries. */
export const DEVICE_ATTRIBUTES_QUERY = "\x1b[c";
/** OSC 11: ask for the background colour. */
export const BACKGROUND_QUERY = "\x1b]11;?\x1b\\";
export const ERASE_LINE_RIGHT = "\x1b[K";
/**
 * Erases the cursor's row and every row below it, leaving the cursor at
 * column 0 of that row. Not a plain ED from the row's start: when that row
 * is the screen's top, tmux (`scroll-on-clear`, on by default) takes it for
 * a clear screen and first scrolls the screen into its history, leaving a
 * frozen copy of the live region there. So the row is erased with EL, and
 * the rows below with ED from the next row (DECSC/DECRC come back: on the
 * last row the cursor-down does not move).
 */
export const ERASE_ROW_AND_BELOW = "\r\x1b[K\x1b7\x1b[B\x1b[J\x1b8";
/**
 * Home, clear the screen, then the scrollback (ED 3): in that order, because
 * tmux's `scroll-on-clear` moves the screen into its history on the ED 2.
 * Only for the "redraw" resize setting, which the user chose knowing it
 * clears their scrollback.
 */
export const CLEAR_SCREEN_AND_SCROLLBACK = "\x1b[H\x1b[2J\x1b[3J";
/** OSC 0: the window (and icon) title; control characters are dropped so a title cannot end the sequence early. */
export function windowTitle(title: string): string {
	return `\x1b]0;${title.replace(/[\x00-\x1f\x7f]/g, "")}\x07`;
}
/** SGR reset, in its shortest form (no parameter means 0). */
export const RESET_STYLE = "\x1b[m";

export function kittyPush(flags: number): string {
	return `\x1b[>${flags}u`;
}

export function cursorUp(rows: number): string {
	return rows > 0 ? `\x1b[${rows}A` : "";
}

export function cursorDown(rows: number): string {
	return rows > 0 ? `\x1b[${rows}B` : "";
}

export function cursorRight(columns: number): string {
	return columns > 0 ? `\x1b[${columns}C` : "";
}

/** IL: inserts blank rows at the cursor's row, pushing the rows below down (the screen's last rows fall off). */
export function insertLines(rows: number): string {
	return rows > 0 ? `\x1b[${rows}L` : "";
}

/** DL: deletes rows at the cursor's row, pulling the rows below up (blank rows appear at the screen's bottom). */
export function deleteLines(rows: number): string {
	return rows > 0 ? `\x1b[${rows}M` : "";
}
