/**
 * Panels of subprocess extensions, host side. At most one panel is open at
 * a time; only a command's `open_panel` action opens one; `panel_render`
 * and `panel_close` from an extension apply only to its own open panel. The
 * terminal UI draws `current()` (and redraws on `onChange`) and forwards
 * keys with `sendKey`; Esc and Ctrl+C close the panel here and tell its
 * extension.
 *
 *   const off = panels.onChange((panel) => redraw(panel));
 *   panels.sendKey("down");               // → panel_key to the owner
 *   panels.sendKey("rune", "x");
 *   panels.sendKey("escape");             // closes; → panel_close to the owner
 */
import { PANEL_KEYS, type PanelKey, str, strings } from "./protocol.js";

export interface PanelView {
	/** The extension that owns the panel. */
	extension: string;
	id: string;
	title: string;
	lines: string[];
	footer: string;
}

export type PanelFrame =
	| { type: "panel_key"; panel_id: string; key: PanelKey; text: string }
	| { type: "panel_close"; panel_id: string };

/** How the manager talks back to the extension that owns a panel. */
export interface PanelOwner {
	name: string;
	send(frame: PanelFrame): void;
}

const MAX_LINES = 2_000;
const CLOSE_KEYS = new Set(["escape", "esc", "ctrl+c", "c-c"]);

export class PanelManager {
	private open: { view: PanelView; owner: PanelOwner } | undefined;
	private readonly listeners = new Set<(panel: PanelView | undefined) => void>();

	/** The open panel (a copy), or undefined. */
	current(): PanelView | undefined {
		return this.open ? copy(this.open.view) : undefined;
	}

	/** Called with the new state whenever the panel opens, changes or closes; returns an unsubscribe. */
	onChange(listener: (panel: PanelView | undefined) => void): () => void {
		this.listeners.add(listener);
		return () => this.listeners.delete(listener);
	}

	/**
	 * A key for the open panel: Esc/Ctrl+C ("escape", "esc", "ctrl+c") close
	 * it; other names outside the protocol's list are sent as "unknown";
	 * "rune" carries the typed text. False when no panel is open.
	 */
	sendKey(key: string, text = ""): boolean {
		const open = this.open;
		if (!open) return false;
		if (CLOSE_KEYS.has(key.toLowerCase())) return this.close();
		const known = (PANEL_KEYS as readonly string[]).includes(key) ? (key as PanelKey) : "unknown";
		open.owner.send({ type: "panel_key", panel_id: open.view.id, key: known, text });
		return true;
	}

	/** Closes the open panel from the host side and tells its extension. False when none is open. */
	close(): boolean {
		const open = this.open;
		if (!open) return false;
		this.open = undefined;
		open.owner.send({ type: "panel_close", panel_id: open.view.id });
		this.changed();
		return true;
	}

	/** An `open_panel` command action. A panel that was open closes first (its extension is told). */
	openFrom(owner: PanelOwner, spec: Record<string, unknown>): string | undefined {
		const id = str(spec, "id");
		if (!id) return 'open_panel needs a panel with an "id"';
		if (this.open) this.close();
		this.open = { owner, view: { extension: owner.name, id, title: "", lines: [], footer: "" } };
		apply(this.open.view, spec);
		this.changed();
		return undefined;
	}

	/** A `panel_render`; false when it is not for this extension's open panel. */
	renderFrom(owner: string, frame: Record<string, unknown>): boolean {
		const open = this.open;
		if (!open || open.owner.name !== owner || open.view.id !== str(frame, "panel_id")) return false;
		apply(open.view, frame);
		this.changed();
		return true;
	}

	/** A `panel_close` from the extension; false when it is not its open panel. */
	closeFrom(owner: string, panelId: string | undefined): boolean {
		const open = this.open;
		if (!open || open.owner.name !== owner || open.view.id !== panelId) return false;
		this.open = undefined;
		this.changed();
		return true;
	}

	/** The extension stopped or crashed: its panel goes away without a frame to it. */
	closeFor(owner: string): void {
		if (this.open?.owner.name !== owner) return;
		this.open = undefined;
		this.changed();
	}

	private changed(): void {
		const view = this.current();
		for (const listener of this.listeners) {
			try {
				listener(view);
			} catch {
				// A failing redraw must not break the protocol handling that triggered it.
			}
		}
	}
}

/**
 * A panel spec or `panel_render` is the whole new frame, as in the original
 * protocol: missing `lines` or `footer` clear them; a missing or empty
 * `title` keeps the one shown.
 */
function apply(view: PanelView, fields: Record<string, unknown>): void {
	const title = str(fields, "title");
	if (title) view.title = title;
	view.footer = str(fields, "footer") ?? "";
	view.lines = (strings(fields, "lines") ?? []).slice(0, MAX_LINES);
}

function copy(view: PanelView): PanelView {
	return { ...view, lines: [...view.lines] };
}
