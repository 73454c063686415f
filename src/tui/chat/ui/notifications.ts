/**
 * Transient messages ("Press Ctrl+C again to exit", an extension's notify):
 * each shows for a few seconds, then goes; at most a few at once, the
 * newest last. Errors and warnings stay twice as long.
 */
import type { NotifyLevel } from "../../../kernel/ui-port.js";
import { type Clock, systemClock } from "../../clock.js";
import { truncate } from "../../text/width.js";
import { wrap } from "../../text/wrap.js";
import type { Styler } from "../../theme/style.js";

export interface Notification {
	message: string;
	level: NotifyLevel;
}

export interface NotificationsOptions {
	/** How long an info or success message shows. Default 4 s. */
	durationMs?: number;
	/** Messages shown at once; older ones give way. Default 3. */
	maxVisible?: number;
}

const ICONS: Record<NotifyLevel, string> = { info: "•", success: "✓", warning: "!", error: "✗" };

/** Rows one message may take; a longer one is cut. */
const MAX_ROWS_EACH = 3;

export function renderNotifications(items: readonly Notification[], width: number, styler: Styler): string[] {
	if (width < 3) return [];
	return items.flatMap(({ message, level }) => {
		let rows = wrap(message.replace(/\r\n?/g, "\n"), width - 2);
		if (rows.length > MAX_ROWS_EACH) {
			rows = rows.slice(0, MAX_ROWS_EACH);
			rows[MAX_ROWS_EACH - 1] = truncate(`${rows[MAX_ROWS_EACH - 1]}…`, width - 2);
		}
		return rows.map((row, i) => styler.fg(level, `${i === 0 ? ICONS[level] : " "} `) + row);
	});
}

interface Shown extends Notification {
	cancel: () => void;
}

export class Notifications {
	private shown: Shown[] = [];
	private readonly durationMs: number;
	private readonly maxVisible: number;

	/** `onChange` is called when a message appears or goes, so the app can draw a frame. */
	constructor(
		private readonly clock: Clock = systemClock,
		private readonly onChange: () => void = () => {},
		options: NotificationsOptions = {},
	) {
		this.durationMs = options.durationMs ?? 4000;
		this.maxVisible = Math.max(1, options.maxVisible ?? 3);
	}

	notify(message: string, level: NotifyLevel = "info"): void {
		const duration = level === "error" || level === "warning" ? this.durationMs * 2 : this.durationMs;
		const shown: Shown = { message, level, cancel: () => {} };
		shown.cancel = this.clock.setTimer(() => this.drop(shown), duration);
		this.shown.push(shown);
		for (const old of this.shown.splice(0, Math.max(0, this.shown.length - this.maxVisible))) old.cancel();
		this.onChange();
	}

	/** What shows now, oldest first. */
	get visible(): Notification[] {
		return this.shown.map(({ message, level }) => ({ message, level }));
	}

	render(width: number, styler: Styler): string[] {
		return renderNotifications(this.shown, width, styler);
	}

	/** Removes every message and its timer (when the app shuts down). */
	clear(): void {
		for (const shown of this.shown) shown.cancel();
		const had = this.shown.length > 0;
		this.shown = [];
		if (had) this.onChange();
	}

	private drop(shown: Shown): void {
		this.shown = this.shown.filter((s) => s !== shown);
		this.onChange();
	}
}
