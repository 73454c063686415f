/**
 * How the review panes draw: a title row, the list of changed files (with
 * the latest answer as its first entry) and the selected entry's diff or
 * answer, each pane in a rounded frame as tall as the window it is given.
 * Pure functions of the view and the width and height, drawn with the
 * helpers weft hands extensions (`ui.tui.helpers`: widths, truncation,
 * theme colours).
 */
import type { TUIHelpers } from "weft";
import type { ChangedFile } from "./changes.js";

export interface ReviewView {
	files: ChangedFile[];
	/** 0 is the latest answer; 1… the files in the order they were first changed. */
	selected: number;
	/** The detail pane's first shown line. */
	scroll: number;
	focus: "files" | "prompt";
	/** The prompt of the latest run. */
	prompt: string | undefined;
	/** The latest answer (while it streams: what has arrived). */
	answer: string;
	error: string | undefined;
	working: boolean;
}

/** Fits an 80-column title with "0 files changed" before it. */
export const HINTS = "Tab ⇄ list · ↑↓ select · PgUp/PgDn · /panes chat";

export function emptyView(): ReviewView {
	return {
		files: [],
		selected: 0,
		scroll: 0,
		focus: "prompt",
		prompt: undefined,
		answer: "",
		error: undefined,
		working: false,
	};
}

/** The one-row title: what the panes hold, then the keys. */
export function titleLine(view: ReviewView, width: number, h: TUIHelpers): string {
	const count = view.files.length;
	const state = `${count} ${count === 1 ? "file" : "files"} changed${view.working ? " · working…" : ""}`;
	const line = `${h.paint(" weft review ", { inverse: true, bold: true })} ${state}  ${h.fg("muted", HINTS)}`;
	return h.truncate(line, width, "…");
}

/** The left pane: the answer entry, then one row per changed file with its added/removed counts. */
export function listPane(view: ReviewView, width: number, height: number, h: TUIHelpers): string[] {
	const inner = Math.max(0, width - 2);
	const rows = [
		entry(`◆ latest answer${view.working ? " …" : ""}`, "", inner, h),
		...view.files.map((file) =>
			entry(
				file.path,
				`${h.fg("diffAdded", `+${file.added}`)} ${h.fg("diffRemoved", `-${file.removed}`)}`,
				inner,
				h,
			),
		),
	];
	if (view.files.length === 0) rows.push(h.fg("muted", "no changes yet"));
	const visible = Math.max(1, height - 2);
	const offset = Math.max(0, Math.min(view.selected - visible + 1, rows.length - visible));
	const body = rows.slice(offset, offset + visible).map((row, i) => {
		const index = offset + i;
		if (index !== view.selected) return `  ${row}`;
		return view.focus === "files"
			? h.paint(h.pad(`› ${row}`, inner), { inverse: true })
			: `${h.fg("accent", "›")} ${row}`;
	});
	return framed(`Files (${view.files.length})`, body, width, height, view.focus === "files", h);
}

/** The right pane: the selected entry, scrolled to `view.scroll`. */
export function detailPane(view: ReviewView, width: number, height: number, h: TUIHelpers): string[] {
	const lines = detailLines(view, Math.max(1, width - 2), h);
	const visible = Math.max(1, height - 2);
	const scroll = Math.min(view.scroll, Math.max(0, lines.length - visible));
	const file = view.files[view.selected - 1];
	const range =
		lines.length > visible
			? ` ${scroll + 1}–${Math.min(lines.length, scroll + visible)}/${lines.length}`
			: "";
	const title = `${file ? file.path : "Answer"}${range}`;
	return framed(title, lines.slice(scroll, scroll + visible), width, height, false, h);
}

/** The selected entry's whole body at a width: a coloured diff, or the prompt and its answer wrapped. */
export function detailLines(view: ReviewView, width: number, h: TUIHelpers): string[] {
	const file = view.files[view.selected - 1];
	if (file) return file.lines.map((line) => diffLine(line, width, h));
	if (view.prompt === undefined)
		return [h.fg("muted", "No answer yet: type a prompt below and press Enter.")];
	const lines = h.wrap(`› ${view.prompt}`, width).map((l) => h.fg("muted", l));
	lines.push("");
	if (view.answer !== "") lines.push(...h.wrap(view.answer, width));
	else if (view.working) lines.push(h.fg("muted", "working…"));
	if (view.error) lines.push(...h.wrap(view.error, width).map((l) => h.fg("error", l)));
	return lines;
}

/** Lines the detail pane can scroll past at this size (0 when everything fits). */
export function maxScroll(view: ReviewView, width: number, height: number, h: TUIHelpers): number {
	return Math.max(0, detailLines(view, Math.max(1, width - 2), h).length - Math.max(1, height - 2));
}

function entry(label: string, counts: string, inner: number, h: TUIHelpers): string {
	const room = Math.max(1, inner - 2 - (counts ? h.measure(counts) + 1 : 0));
	const name = h.truncate(label, room, "…");
	return counts ? `${h.pad(name, room)} ${counts}` : name;
}

function diffLine(line: string, width: number, h: TUIHelpers): string {
	const text = h.truncate(line, width, "…");
	if (line.startsWith("@@")) return h.fg("diffHunk", text);
	if (line.startsWith("+")) return h.fg("diffAdded", text);
	if (line.startsWith("-")) return h.fg("diffRemoved", text);
	return h.fg("diffContext", text);
}

/** `body` inside a rounded frame exactly `width` × `height`, titled; the focused pane's frame in the accent colour. */
function framed(
	title: string,
	body: string[],
	width: number,
	height: number,
	focused: boolean,
	h: TUIHelpers,
): string[] {
	if (width < 4 || height < 3) return body.slice(0, height).map((l) => h.truncate(l, width));
	const color = focused ? "borderFocus" : "border";
	const inner = width - 2;
	const label = h.truncate(` ${title} `, Math.max(0, inner - 1), "…");
	const top = h.fg(color, `╭─${label}${"─".repeat(Math.max(0, inner - 1 - h.measure(label)))}╮`);
	const side = h.fg(color, "│");
	const rows = Array.from(
		{ length: height - 2 },
		(_, i) => `${side}${h.pad(h.truncate(body[i] ?? "", inner, "…"), inner)}${side}`,
	);
	return [top, ...rows, h.fg(color, `╰${"─".repeat(inner)}╯`)];
}
