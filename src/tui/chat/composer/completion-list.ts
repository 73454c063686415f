/** Draws the completion list under the composer: a window of items around the selection. */
import { truncate, visibleWidth } from "../../text/width.js";
import type { Styler } from "../../theme/style.js";
import type { CompletionItem } from "./completion.js";

export const COMPLETION_ROWS = 8;

export function renderCompletionList(
	items: readonly CompletionItem[],
	selected: number,
	width: number,
	styler: Styler,
): string[] {
	if (width <= 0 || items.length === 0) return [];
	// Scrolls only once the selection passes the last visible row.
	const start = Math.max(0, Math.min(selected - COMPLETION_ROWS + 1, items.length - COMPLETION_ROWS));
	const shown = items.slice(start, start + COMPLETION_ROWS);
	const labelWidth = Math.min(
		Math.max(...shown.map((item) => visibleWidth(item.label))),
		Math.floor(width / 2),
	);
	return shown.map((item, i) => {
		const isSelected = start + i === selected;
		const label = truncate(item.label, labelWidth);
		const gap = " ".repeat(labelWidth - visibleWidth(label) + 2);
		const detail = [item.description, item.source && `· ${item.source}`].filter(Boolean).join(" ");
		const plainRow = truncate(` ${label}${detail ? gap + detail : ""}`, width);
		// Style after truncating, so the width is measured on plain text.
		const labelPart = plainRow.slice(0, 1 + label.length);
		const detailPart = plainRow.slice(1 + label.length);
		const row =
			styler.fg(isSelected ? "accent" : "text", labelPart) +
			(detailPart ? styler.fg("muted", detailPart) : "");
		if (!isSelected) return row;
		const fill = " ".repeat(Math.max(0, width - visibleWidth(plainRow)));
		return styler.bg("selectionBg", row + fill);
	});
}
