/**
 * A list to pick from: type to filter, arrows and page keys to move (the
 * view scrolls, with "↑ n more" / "↓ n more" hints), Enter to choose, Esc to
 * cancel. In multi-select mode Space ticks items and Enter confirms the set.
 * Pickers (/model, /resume, extension select dialogs) are built on it.
 */
import type { SelectItem } from "../../../kernel/ui-port.js";
import type { KeyEvent } from "../../input/input-events.js";
import type { Component } from "../../primitives/window.js";
import { pad, truncate, visibleWidth } from "../../text/width.js";
import type { Styler } from "../../theme/style.js";
import { listMotion } from "./list-motion.js";
import { oneLine } from "./sanitize.js";

export interface SelectListOptions {
	styler: Styler;
	/** Rows of items shown at once. Default 10. */
	maxVisible?: number;
	/** Space ticks items, Enter confirms the ticked set. */
	multi?: boolean;
	/** Values ticked at the start (multi-select). */
	checked?: readonly string[];
	/** The value highlighted at the start. */
	initial?: string;
	/** Typing filters the list, shown in a filter line. Default true. */
	filterable?: boolean;
	onSelect?: (value: string) => void;
	onConfirm?: (values: string[]) => void;
	onCancel?: () => void;
}

interface Entry {
	value: string;
	label: string;
	description: string;
	/** Lower-cased label and value, what the filter matches against. */
	haystack: string;
}

/** Descriptions are dropped when less than this many columns are left for them. */
const MIN_DESCRIPTION_WIDTH = 8;

export class SelectList implements Component {
	private readonly entries: Entry[];
	private readonly checked: Set<string>;
	private readonly maxVisible: number;
	private readonly labelWidth: number;
	private matches: Entry[];
	private query = "";
	private selected = 0;
	private offset = 0;

	constructor(
		items: ReadonlyArray<string | SelectItem>,
		private readonly options: SelectListOptions,
	) {
		this.entries = items.map(toEntry);
		this.checked = new Set(options.checked ?? []);
		this.maxVisible = Math.max(1, options.maxVisible ?? 10);
		this.labelWidth = Math.max(0, ...this.entries.map((e) => visibleWidth(e.label)));
		this.matches = this.entries;
		const initial = this.entries.findIndex((e) => e.value === options.initial);
		if (initial >= 0) this.moveTo(initial);
	}

	/** The highlighted item's value, or undefined when nothing matches. */
	get selectedValue(): string | undefined {
		return this.matches[this.selected]?.value;
	}

	/** Ticked values, in the order of the items. */
	get checkedValues(): string[] {
		return this.entries.filter((e) => this.checked.has(e.value)).map((e) => e.value);
	}

	handleInput(key: KeyEvent): boolean {
		if (key.action === "release") return false;
		const to = listMotion(key.id, this.selected, this.matches.length, this.maxVisible);
		if (to !== undefined) {
			this.moveTo(to);
			return true;
		}
		switch (key.id) {
			case "enter":
				this.choose();
				return true;
			case "escape":
				this.options.onCancel?.();
				return true;
			case "space":
				if (this.options.multi) {
					this.toggle();
					return true;
				}
				break;
			case "backspace":
				if (this.query !== "") this.setFilter([...this.query].slice(0, -1).join(""));
				return true;
			case "ctrl+u":
				this.setFilter("");
				return true;
		}
		if (key.text !== undefined && this.options.filterable !== false) {
			this.setFilter(this.query + key.text);
			return true;
		}
		return false;
	}

	render(width: number): string[] {
		if (width <= 0) return [];
		const { styler } = this.options;
		const lines: string[] = [];
		if (this.options.filterable !== false) lines.push(this.filterLine(width));
		const overflow = this.matches.length > this.maxVisible;
		if (overflow) lines.push(this.moreHint("↑", this.offset, width));
		const visible = this.matches.slice(this.offset, this.offset + this.maxVisible);
		visible.forEach((entry, i) => {
			lines.push(this.row(entry, this.offset + i === this.selected, width));
		});
		if (overflow) lines.push(this.moreHint("↓", this.matches.length - this.offset - visible.length, width));
		if (this.matches.length === 0) {
			lines.push(styler.fg("muted", truncate(this.entries.length === 0 ? "no items" : "no matches", width)));
		}
		if (this.options.multi) {
			lines.push(styler.fg("muted", truncate(`${this.checked.size} selected`, width)));
		}
		return lines;
	}

	private filterLine(width: number): string {
		const { styler } = this.options;
		if (this.query === "") return styler.fg("muted", truncate("type to filter", width));
		const label = "filter: ";
		if (width <= label.length) return truncate(this.query, width);
		return styler.fg("muted", label) + truncate(this.query, width - label.length);
	}

	private moreHint(arrow: string, hidden: number, width: number): string {
		return hidden > 0 ? this.options.styler.fg("muted", truncate(`  ${arrow} ${hidden} more`, width)) : "";
	}

	private row(entry: Entry, selected: boolean, width: number): string {
		const { styler } = this.options;
		const marker = selected ? styler.fg("accent", "› ") : "  ";
		const box = this.options.multi ? (this.checked.has(entry.value) ? "[x] " : "[ ] ") : "";
		const prefixWidth = 2 + box.length;
		const room = width - prefixWidth;
		if (room <= 0) return truncate(marker + box, width);
		const labelWidth = Math.min(this.labelWidth, Math.max(10, Math.floor(room / 2)));
		const descriptionRoom = room - labelWidth - 2;
		let body: string;
		if (entry.description !== "" && descriptionRoom >= MIN_DESCRIPTION_WIDTH) {
			const label = pad(truncate(entry.label, labelWidth), labelWidth);
			body = `${label}  ${styler.fg("muted", truncate(entry.description, descriptionRoom))}`;
		} else {
			body = truncate(entry.label, room);
		}
		// Bold closed with 22, not a full reset, so the selection background carries on to the edge.
		const line = marker + box + (selected ? `${styler.sgr({ bold: true })}${body}\x1b[22m` : body);
		return selected ? styler.bg("selectionBg", pad(line, width)) : line;
	}

	private moveTo(index: number): void {
		if (index < 0 || index >= this.matches.length) return;
		this.selected = index;
		if (index < this.offset) this.offset = index;
		if (index >= this.offset + this.maxVisible) this.offset = index - this.maxVisible + 1;
	}

	private setFilter(query: string): void {
		this.query = query;
		const terms = query.toLowerCase().split(/\s+/).filter(Boolean);
		this.matches = this.entries.filter((e) => terms.every((term) => e.haystack.includes(term)));
		this.selected = 0;
		this.offset = 0;
	}

	private toggle(): void {
		const entry = this.matches[this.selected];
		if (!entry) return;
		if (this.checked.has(entry.value)) this.checked.delete(entry.value);
		else this.checked.add(entry.value);
	}

	private choose(): void {
		if (this.options.multi) {
			this.options.onConfirm?.(this.checkedValues);
			return;
		}
		const value = this.selectedValue;
		if (value !== undefined) this.options.onSelect?.(value);
	}
}

function toEntry(item: string | SelectItem): Entry {
	const { value, label, description } = typeof item === "string" ? { value: item } : item;
	const shown = oneLine(label ?? value);
	return {
		value,
		label: shown,
		description: description ? oneLine(description) : "",
		haystack: `${shown}\n${value}`.toLowerCase(),
	};
}
