/**
 * A subprocess extension's panel (PROTOCOL.md): its title, lines and footer
 * in a box, and every key forwarded to the extension under the protocol's
 * key names — Esc and Ctrl+C too, which the panel manager turns into a
 * close. Like the original agent's panels it may be as tall as the screen;
 * lines beyond that scroll off the top, as in a terminal.
 */
import type { PanelView as PanelState } from "../../../extensions/subprocess/panels.js";
import { PANEL_KEYS } from "../../../extensions/subprocess/protocol.js";
import type { KeyEvent } from "../../input/input-events.js";
import type { Component } from "../../primitives/window.js";
import { clip, truncate } from "../../text/width.js";
import type { Styler } from "../../theme/style.js";
import { drawBox, MIN_BOX_WIDTH } from "./box.js";
import { oneLine } from "./sanitize.js";

/** Sends a key to the panel's extension, as PanelManager.sendKey takes it. */
export type PanelSend = (key: string, text: string) => void;

export interface PanelViewOptions {
	styler: Styler;
	send: PanelSend;
	/** The screen's height in rows (default 24): the panel, its box and footer included, stays within it. */
	screenRows?: () => number;
}

const NAMED: ReadonlySet<string> = new Set(PANEL_KEYS.filter((key) => key !== "rune"));

/** The protocol key for a key event: a named key, "rune" with the typed text, the closing keys, or "unknown". */
export function panelKey(key: KeyEvent): { key: string; text: string } | undefined {
	if (key.action === "release") return undefined;
	if (key.id === "escape" || key.id === "ctrl+c") return { key: key.id, text: "" };
	if (NAMED.has(key.id)) return { key: key.id, text: "" };
	if (key.text !== undefined && key.text !== "") return { key: "rune", text: key.text };
	return { key: "unknown", text: "" };
}

export class PanelView implements Component {
	private view: PanelState | undefined;

	constructor(private readonly options: PanelViewOptions) {}

	/** Shows this panel state (undefined: nothing, the panel closed). */
	update(view: PanelState | undefined): void {
		this.view = view;
	}

	/** Every key goes to the extension while its panel is open. */
	handleInput(key: KeyEvent): boolean {
		if (!this.view) return false;
		const mapped = panelKey(key);
		if (!mapped) return false;
		this.options.send(mapped.key, mapped.text);
		return true;
	}

	render(width: number): string[] {
		const view = this.view;
		if (!view || width <= 0) return [];
		const { styler } = this.options;
		const content: string[] = [];
		const boxed = width >= MIN_BOX_WIDTH;
		const screen = this.options.screenRows?.() ?? 24;
		const maxRows = Math.max(2, screen - (boxed ? 2 : 0) - (view.footer ? 1 : 0));
		if (view.lines.length > maxRows) {
			const hidden = view.lines.length - (maxRows - 1);
			content.push(styler.fg("muted", `↑ ${hidden} earlier lines`), ...view.lines.slice(hidden));
		} else {
			content.push(...view.lines);
		}
		if (view.footer) content.push(styler.fg("muted", oneLine(view.footer)));
		if (!boxed) return content.map((line) => clip(line, width));
		const title = oneLine(view.title || view.extension);
		return drawBox(
			content.map((line) => truncate(line, width - 4)),
			width,
			{ styler, border: "borderFocus", title, bottomLabel: "esc close" },
		);
	}
}
