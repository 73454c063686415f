/**
 * An in-process extension's notifications, rate-limited like a subprocess
 * extension's: at most 10 in any one second are shown; the rest are counted,
 * and when the second is over (or the extension unloads) one line says how
 * many were not shown. A loop that calls `ui.notify` cannot bury the user's
 * screen or stderr, and costs only itself.
 */
import { decoratePort, type NotifyLevel, type UIPort } from "../kernel/ui-port.js";
import { RateLimit } from "./rate-limit.js";

export const NOTIFICATIONS_PER_SECOND = 10;

export interface NotifyLimit {
	/** The port the extension gets: `ui` with `notify` limited; everything else passed through. */
	readonly ui: UIPort;
	/** Notifications not shown so far. */
	readonly dropped: number;
	/** Shows the line about notifications not shown yet, if any (the extension is unloading). */
	flush(): void;
}

export function limitNotifications(
	ui: UIPort,
	onSummary: (line: string) => void = () => {},
	perSecond = NOTIFICATIONS_PER_SECOND,
): NotifyLimit {
	const limit = new RateLimit(perSecond);
	let dropped = 0;
	let unreported = 0;
	let timer: ReturnType<typeof setTimeout> | undefined;
	const summarise = () => {
		if (timer) clearTimeout(timer);
		timer = undefined;
		if (unreported === 0) return;
		const line = `${unreported} more notification${unreported === 1 ? " was" : "s were"} not shown (more than ${perSecond} a second)`;
		unreported = 0;
		ui.notify(line, "warning");
		onSummary(line);
	};
	const notify = (message: string, level?: NotifyLevel) => {
		if (limit.take()) {
			ui.notify(message, level);
			return;
		}
		dropped++;
		unreported++;
		if (!timer) {
			// Not kept alive for this: an exit flushes it through unload instead.
			timer = setTimeout(summarise, Math.max(1, limit.windowEnd() - Date.now()));
			timer.unref();
		}
	};
	const port = decoratePort(ui, { notify });
	return {
		ui: port,
		get dropped() {
			return dropped;
		},
		flush: summarise,
	};
}
