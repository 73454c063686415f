/**
 * review-panes — weft without the chat: the whole layout replaced by a
 * two-pane review UI. Left, the files the agent changed this session (from
 * the `edit` and `write` tool results) under an entry for the latest answer;
 * right, the selected file's diff or the answer as it streams; below them
 * the prompt and the status line. The conversation still reaches the
 * terminal's scrollback. `/panes` switches back to the stock chat and
 * again; unloading the extension (or `/reload` without it) restores the
 * chat too, since weft takes back every window an extension made.
 *
 * Keys: Tab moves between the file list and the prompt; in the list ↑/↓
 * (k/j) select, Home/End jump, Enter goes to the prompt (with `@path ` when
 * a file is selected and the prompt is empty); PgUp/PgDn scroll the right
 * pane from either.
 *
 * Shows: `ui.tui` only — `layout.replace` with a row split of two fill
 * windows and stock windows kept by id, component windows drawn at the
 * height they are given, `layout.focus` between a focusable window and the
 * composer, keymaps on the composer target, the composer's buffer, the
 * helpers (widths, truncation, theme colours), the `resize` event; observe
 * events (`agent_start`, `message_update`, `agent_end`) and `tool_result`.
 *
 * Try:  weft -e examples/extensions/review-panes
 */
import type { ExtensionAPI, TUISurface, UIComponent, UIKey, UILayoutSnapshot, UILayoutSpec } from "weft";
import { changeOf, recordChange } from "./changes.js";
import { detailPane, emptyView, listPane, maxScroll, titleLine } from "./panes.js";

export const WINDOWS = {
	title: "review-title",
	panes: "review-panes",
	files: "review-files",
	detail: "review-detail",
} as const;

/** The stock windows kept under the panes: toasts, queued messages, the prompt, widgets, the status line. */
const KEPT = ["notifications", "widgets-above", "composer", "widgets-below", "status"];

/** The file list's width: a third of the terminal, at least 24 and at most 40 columns. */
export function listWidth(columns: number): number {
	return Math.min(40, Math.max(24, Math.floor(columns * 0.3)));
}

export default function reviewPanes(weft: ExtensionAPI) {
	const view = emptyView();
	const tui: TUISurface | undefined = weft.ui.tui;
	let active = false;
	/** The detail pane's size at its last frame: what scrolling clamps against. */
	let detailSize = { width: 0, height: 0 };
	/** The current model step's text so far (an answer can follow a step that only called tools). */
	let streamed = "";

	const redraw = () => tui?.requestRender();

	const select = (index: number) => {
		const next = Math.max(0, Math.min(index, view.files.length));
		if (next !== view.selected) view.scroll = 0;
		view.selected = next;
		redraw();
	};

	const scrollBy = (rows: number) => {
		if (!tui) return;
		const limit = maxScroll(view, detailSize.width, detailSize.height, tui.helpers);
		view.scroll = Math.max(0, Math.min(view.scroll + rows, limit));
		redraw();
	};
	const page = () => Math.max(1, detailSize.height - 3);

	const focus = (target: "files" | "prompt") => {
		if (!tui) return;
		view.focus = target;
		tui.layout.focus(target === "files" ? WINDOWS.files : "composer");
		redraw();
	};

	/** Enter in the list: to the prompt, naming the selected file there when the prompt is empty. */
	const ask = () => {
		const file = view.files[view.selected - 1];
		const composer = tui?.buffers.get("composer");
		if (file && composer && composer.getText() === "") composer.setText(`@${file.path} `);
		focus("prompt");
	};

	const listKey = (key: UIKey): boolean => {
		if (key.action === "release") return false;
		switch (key.id) {
			case "up":
			case "k":
				select(view.selected - 1);
				return true;
			case "down":
			case "j":
				select(view.selected + 1);
				return true;
			case "home":
				select(0);
				return true;
			case "end":
				select(view.files.length);
				return true;
			case "pageup":
				scrollBy(-page());
				return true;
			case "pagedown":
				scrollBy(page());
				return true;
			case "enter":
				ask();
				return true;
			case "tab":
				focus("prompt");
				return true;
			default:
				return false;
		}
	};

	const title: UIComponent = { render: (width) => (tui ? [titleLine(view, width, tui.helpers)] : []) };
	const files: UIComponent = {
		render: (width, height = 3) => (tui ? listPane(view, width, height, tui.helpers) : []),
		handleInput: listKey,
	};
	const detail: UIComponent = {
		render: (width, height = 3) => {
			detailSize = { width, height };
			return tui ? detailPane(view, width, height, tui.helpers) : [];
		},
	};

	/** The review layout at a width; stock windows are named by id only, so they keep their renderers. */
	const layout = (columns: number, present: ReadonlySet<string>): UILayoutSpec[] => [
		{ id: WINDOWS.title, renderer: title, height: { type: "fixed", rows: 1 } },
		{
			split: "row",
			id: WINDOWS.panes,
			sizes: [listWidth(columns), undefined],
			children: [
				{ id: WINDOWS.files, renderer: files, height: { type: "fill", min: 3 }, focusable: true },
				{ id: WINDOWS.detail, renderer: detail, height: { type: "fill", min: 3 } },
			],
		},
		...KEPT.filter((id) => present.has(id)).map((id) => ({ id })),
	];

	const show = () => {
		if (!tui) return;
		tui.layout.replace(layout(tui.size.columns, ids(tui.layout.read())));
		active = true;
		focus("prompt");
	};

	const hide = () => {
		if (!tui) return;
		active = false;
		tui.layout.reset();
	};

	weft.registerCommand("panes", {
		description: "Switch between the review panes and the stock chat",
		handler: (_args, ctx) => {
			if (!tui) {
				ctx.ui.notify("review-panes draws in the terminal UI only (weft without -p)", "warning");
				return;
			}
			if (active) hide();
			else show();
		},
	});

	// Keys while the prompt has focus; a key the panes do not use passes on (return false).
	weft.registerKeymap({
		key: "tab",
		target: "composer",
		priority: 50,
		description: "review-panes: to the file list",
		handler: () => {
			if (!active) return false;
			focus("files");
			return true;
		},
	});
	for (const [key, direction] of [
		["pageup", -1],
		["pagedown", 1],
	] as const) {
		weft.registerKeymap({
			key,
			target: "composer",
			priority: 50,
			description: `review-panes: scroll the right pane ${direction < 0 ? "up" : "down"}`,
			handler: () => {
				if (!active) return false;
				scrollBy(direction * page());
				return true;
			},
		});
	}

	// The split's widths follow the terminal's.
	weft.on("resize", (event) => {
		if (active && tui) tui.layout.replace(layout(event.columns, ids(tui.layout.read())));
	});

	weft.on("tool_result", (event, ctx) => {
		const change = changeOf(event, ctx.cwd);
		if (!change) return;
		recordChange(view.files, change);
		redraw();
	});
	weft.on("agent_start", (event) => {
		view.prompt = event.prompt;
		view.answer = "";
		view.error = undefined;
		view.working = true;
		if (view.selected === 0) view.scroll = 0;
		redraw();
	});
	weft.on("message_start", () => {
		streamed = "";
	});
	weft.on("message_update", (event) => {
		if (event.delta.type !== "text") return;
		streamed += event.delta.text;
		view.answer = streamed;
		redraw();
	});
	weft.on("agent_end", (event) => {
		view.working = false;
		if (event.response) view.answer = event.response;
		view.error = event.error;
		redraw();
	});

	show();
}

/** Every window and split id in a layout snapshot. */
function ids(nodes: readonly UILayoutSnapshot[], into = new Set<string>()): Set<string> {
	for (const node of nodes) {
		into.add(node.id);
		if ("children" in node) ids(node.children, into);
	}
	return into;
}
