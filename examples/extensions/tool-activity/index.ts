/**
 * tool-activity — a small window above the composer, drawn by the extension
 * itself, counting the tools the model used in this session; `/activity`
 * shows or hides it. Without the terminal UI (print / JSON mode) the counts
 * go to a status segment instead.
 *
 * Shows: `ui.tui` (only in the terminal UI) — inserting a window whose
 * renderer is "extension", drawing it with draw operations (a box with a
 * title, styled spans), and updating the layout; observe events; a command.
 *
 * Try:  weft -e examples/extensions/tool-activity
 */
import type { ExtensionAPI, ExtensionContext, UIDrawOp } from "weft";

export const WINDOW_ID = "tool-activity";

/** The window's drawing: a rounded box titled "tools" with one `name ×count` span per tool. */
export function drawActivity(counts: ReadonlyMap<string, number>, width: number): UIDrawOp[] {
	const spans =
		counts.size === 0
			? [{ text: "no tool calls yet", style: { fg: "muted" } }]
			: [...counts].flatMap(([name, count], i) => [
					...(i > 0 ? [{ text: " · ", style: { fg: "dim" } }] : []),
					{ text: name, style: { fg: "accent", bold: true } },
					{ text: ` ×${count}`, style: { fg: "muted" } },
				]);
	return [
		{
			op: "box",
			row: 0,
			col: 0,
			width,
			height: 3,
			border: "rounded",
			title: "tools",
			style: { fg: "border" },
		},
		{ op: "spans", row: 1, col: 2, spans },
	];
}

export function summary(counts: ReadonlyMap<string, number>): string {
	return [...counts].map(([name, count]) => `${name} ×${count}`).join(", ");
}

export default function toolActivity(weft: ExtensionAPI) {
	const counts = new Map<string, number>();
	let visible = true;

	const redraw = (ctx: ExtensionContext) => {
		const tui = ctx.ui.tui;
		if (!tui) {
			ctx.ui.setStatus("tool-activity", counts.size > 0 ? summary(counts) : undefined);
			return;
		}
		if (!tui.layout.read().some((node) => node.id === WINDOW_ID)) {
			tui.layout.insert(
				{ id: WINDOW_ID, renderer: "extension", height: { type: "fixed", rows: 3 }, visible },
				{ before: "composer" },
			);
		}
		tui.layout.draw(WINDOW_ID, drawActivity(counts, Math.min(tui.size.columns, 80)));
	};

	weft.on("session_start", (_event, ctx) => redraw(ctx));
	weft.on("tool_execution_start", (event, ctx) => {
		counts.set(event.name, (counts.get(event.name) ?? 0) + 1);
		redraw(ctx);
	});

	weft.registerCommand("activity", {
		description: "Show or hide the tool activity window",
		handler: (_args, ctx) => {
			visible = !visible;
			if (ctx.ui.tui) ctx.ui.tui.layout.update(WINDOW_ID, { visible });
			else ctx.ui.notify(counts.size > 0 ? summary(counts) : "no tool calls yet");
		},
	});
}
