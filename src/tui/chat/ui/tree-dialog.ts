/**
 * The session tree as a full-height picker (`/tree`): one row per node with
 * its guide lines, the path to the current leaf drawn brighter than the
 * branches off it, the node holding the leaf marked, typing filters.
 * Enter picks a node, → picks the end of its turn ("continue after it"),
 * Ctrl+E asks for the node's label (typing filters, so no letter key can),
 * Esc closes. Labels show before a node's text and are matched by the
 * filter. It knows nothing of sessions: the command turns the tree into
 * rows and acts on the choice.
 */
import type { KeyEvent } from "../../input/input-events.js";
import type { Component } from "../../primitives/window.js";
import { pad, truncate, visibleWidth } from "../../text/width.js";
import type { Styler } from "../../theme/style.js";
import { DialogBase } from "./dialog.js";
import { DialogFrame } from "./dialog-frame.js";
import { listMotion } from "./list-motion.js";
import { oneLine } from "./sanitize.js";

export interface TreeDialogRow {
	/** What the dialog settles with when the row is picked. */
	id: string;
	/** Guide lines before the text ("├─ ", "│  └─ "). */
	guide: string;
	text: string;
	/** Right-aligned, muted: the age, a count. */
	meta: string;
	kind: "user" | "compaction" | "branch_summary";
	/** On the path from the root to the current leaf. */
	onPath: boolean;
	/** Holds the current leaf. */
	current: boolean;
	/** Labels on the node's turn (bookmarks), shown before the text. */
	labels?: readonly string[];
	/** Highlighted when the dialog opens (default: the current row). */
	selected?: boolean;
}

export interface TreeChoice {
	id: string;
	/** "node": the row itself (Enter); "after": the end of its turn (→); "label": edit its label (Ctrl+E). */
	at: "node" | "after" | "label";
}

/** Rows the frame, the filter line and the two "more" hints take around the list. */
const CHROME_ROWS = 6;

/** The share of the width guide lines may take: a session branched many times deep keeps its text readable. */
const MAX_GUIDE_SHARE = 0.4;

export class TreeDialog extends DialogBase<TreeChoice> {
	protected readonly frame: DialogFrame;
	private matches: readonly TreeDialogRow[];
	private query = "";
	private selected = 0;
	private offset = 0;

	/** `height`: the rows the dialog may take (the terminal's), read on each frame so a resize applies. */
	constructor(
		private readonly rows: readonly TreeDialogRow[],
		private readonly styler: Styler,
		private readonly height: () => number,
	) {
		super();
		this.matches = rows;
		const marked = rows.findIndex((r) => r.selected);
		const current = marked >= 0 ? marked : rows.findIndex((r) => r.current);
		this.selected = current >= 0 ? current : Math.max(0, rows.length - 1);
		const body: Component = {
			render: (width) => this.body(width),
			handleInput: (key) => this.key(key),
		};
		this.frame = new DialogFrame({
			styler,
			title: "Session tree",
			body,
			// "type to filter" is on the filter line: the hint fits 80 columns.
			hint: "↑↓ move · enter go here · → continue after · ctrl+e label · esc close",
		});
	}

	private get visible(): number {
		return Math.max(1, this.height() - CHROME_ROWS);
	}

	private key(key: KeyEvent): boolean {
		const to = listMotion(key.id, this.selected, this.matches.length, this.visible);
		if (to !== undefined) {
			this.moveTo(to);
			return true;
		}
		switch (key.id) {
			case "enter":
			case "right": {
				const row = this.matches[this.selected];
				if (row) this.settle({ id: row.id, at: key.id === "enter" ? "node" : "after" });
				return true;
			}
			case "ctrl+e": {
				const row = this.matches[this.selected];
				if (row) this.settle({ id: row.id, at: "label" });
				return true;
			}
			case "escape":
				this.cancel();
				return true;
			case "backspace":
				if (this.query !== "") this.setFilter([...this.query].slice(0, -1).join(""));
				return true;
			case "ctrl+u":
				this.setFilter("");
				return true;
		}
		if (key.text !== undefined) {
			this.setFilter(this.query + key.text);
			return true;
		}
		return false;
	}

	private body(width: number): string[] {
		const { styler } = this;
		const visible = this.visible;
		this.moveTo(this.selected);
		const lines = [this.filterLine(width)];
		const shown = this.matches.slice(this.offset, this.offset + visible);
		const overflow = this.matches.length > visible;
		if (overflow) lines.push(this.moreHint("↑", this.offset, width));
		shown.forEach((row, i) => {
			lines.push(this.row(row, this.offset + i === this.selected, width));
		});
		if (this.matches.length === 0) {
			lines.push(
				styler.fg("muted", truncate(this.rows.length === 0 ? "no messages yet" : "no matches", width)),
			);
		}
		if (overflow) lines.push(this.moreHint("↓", this.matches.length - this.offset - shown.length, width));
		return lines;
	}

	private filterLine(width: number): string {
		const { styler } = this;
		const count = `${this.matches.length}/${this.rows.length}`;
		const text = this.query === "" ? "type to filter" : `filter: ${this.query}`;
		const room = width - visibleWidth(count) - 1;
		if (room < 1) return truncate(count, width);
		return styler.fg("muted", pad(truncate(text, room), room)) + " " + styler.fg("muted", count);
	}

	private moreHint(arrow: string, hidden: number, width: number): string {
		return hidden > 0 ? this.styler.fg("muted", truncate(`  ${arrow} ${hidden} more`, width)) : "";
	}

	private row(row: TreeDialogRow, selected: boolean, width: number): string {
		const { styler } = this;
		const marker = selected ? styler.fg("accent", "› ") : "  ";
		const bullet = row.current
			? styler.fg("accent", "● ")
			: row.kind === "user"
				? styler.fg(row.onPath ? "accent" : "dim", "• ")
				: styler.fg("warning", "◆ ");
		const meta = row.current ? `here · ${row.meta}` : row.meta;
		const shownGuide = fitGuide(row.guide, Math.floor(width * MAX_GUIDE_SHARE));
		const guide = styler.fg("dim", shownGuide);
		const left = 2 + visibleWidth(shownGuide) + 2;
		const metaWidth = visibleWidth(meta);
		// The age gives way first; the text keeps at least a few columns.
		const showMeta = width - left - metaWidth - 2 >= 12;
		const room = Math.max(0, width - left - (showMeta ? metaWidth + 2 : 0));
		const tags = truncate((row.labels ?? []).map((label) => `[${oneLine(label)}] `).join(""), room);
		const text = truncate(oneLine(row.text), room - visibleWidth(tags));
		const painted =
			(tags === "" ? "" : styler.fg("accent", tags)) +
			(row.onPath || row.current ? text : styler.fg("muted", text));
		let line = truncate(marker + guide + bullet + painted, showMeta ? width - metaWidth - 2 : width);
		if (showMeta) {
			line = `${pad(line, width - metaWidth)}${styler.fg(row.current ? "accent" : "muted", meta)}`;
		}
		return selected ? styler.bg("selectionBg", pad(line, width)) : line;
	}

	private moveTo(index: number): void {
		const count = this.matches.length;
		if (count === 0) {
			this.selected = 0;
			this.offset = 0;
			return;
		}
		this.selected = Math.min(Math.max(0, index), count - 1);
		const visible = this.visible;
		if (this.selected < this.offset) this.offset = this.selected;
		if (this.selected >= this.offset + visible) this.offset = this.selected - visible + 1;
		this.offset = Math.max(0, Math.min(this.offset, count - visible));
	}

	private setFilter(query: string): void {
		this.query = query;
		const terms = query.toLowerCase().split(/\s+/).filter(Boolean);
		const previous = this.matches[this.selected]?.id;
		this.matches =
			terms.length === 0
				? this.rows
				: this.rows.filter((r) => {
						const haystack = [...(r.labels ?? []), r.text].join(" ").toLowerCase();
						return terms.every((term) => haystack.includes(term));
					});
		// Keep the highlighted node when it still matches (clearing the filter returns to it).
		const kept = this.matches.findIndex((r) => r.id === previous);
		this.selected = Math.max(kept, 0);
		this.offset = 0;
	}
}

/** The guide's innermost columns, after "…", when the whole guide is wider than `max`. */
function fitGuide(guide: string, max: number): string {
	if (guide.length <= max) return guide;
	if (max <= 1) return "";
	return `…${guide.slice(guide.length - max + 1)}`;
}
