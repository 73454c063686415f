/**
 * A subprocess extension's panel (PROTOCOL.md): its title, lines and footer
 * in a box, and every key forwarded to the extension under the protocol's
 * key names — Esc and Ctrl+C too, which the panel manager turns into a
 * close. Lines beyond `maxRows` scroll off the top, as in a terminal.
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
	/** Rows of panel lines shown at most. Default 20. */
	maxRows?: number;
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
	private readonly maxRows: number;

	constructor(private readonly options: PanelViewOptions) {
		this.maxRows = Math.max(2, options.maxRows ?? 20);
	}

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
		if (view.lines.length > this.maxRows) {
			const hidden = view.lines.length - (this.maxRows - 1);
			content.push(styler.fg("muted", `↑ ${hidden} earlier lines`), ...view.lines.slice(hidden));
		} else {
			content.push(...view.lines);
		}
		if (view.footer) content.push(styler.fg("muted", oneLine(view.footer)));
		if (width < MIN_BOX_WIDTH) return content.map((line) => clip(line, width));
		const title = oneLine(view.title || view.extension);
		return drawBox(
			content.map((line) => truncate(line, width - 4)),
			width,
			{ styler, border: "borderFocus", title, bottomLabel: "esc close" },
		);
	}
}
