/**
 * How the working indicator looks while the agent runs, as extensions set
 * it (`setWorkingMessage`, `setWorkingVisible`, `setWorkingIndicator`):
 * weft's spinner and "Working" unless one of them changed it. Compaction
 * keeps weft's own look whatever is set here, so a custom message never
 * claims the agent is answering while it summarises.
 */
import type { WorkingIndicator } from "../../../kernel/ui-port.js";

/** weft's own spinner: one frame every 80 ms. */
export const DEFAULT_WORKING_INTERVAL_MS = 80;

/** Faster than this redraws the status line more often than a terminal shows it. */
const MIN_INTERVAL_MS = 16;

export class WorkingLook {
	/** Replaces "Working"; undefined is weft's. */
	message: string | undefined;
	/** False hides the indicator, spinner and text. */
	visible = true;
	private frames: string[] | undefined;
	private interval = DEFAULT_WORKING_INTERVAL_MS;

	setIndicator(indicator: WorkingIndicator | undefined): void {
		if (indicator === undefined) {
			this.frames = undefined;
			this.interval = DEFAULT_WORKING_INTERVAL_MS;
			return;
		}
		if (!Array.isArray(indicator.frames))
			throw new Error(
				"setWorkingIndicator needs { frames: string[], intervalMs? } (frames [] hides the spinner)",
			);
		this.frames = indicator.frames.map(String);
		const wanted = indicator.intervalMs;
		this.interval =
			typeof wanted === "number" && Number.isFinite(wanted)
				? Math.max(MIN_INTERVAL_MS, wanted)
				: DEFAULT_WORKING_INTERVAL_MS;
	}

	/** The frame to draw verbatim for spinner tick `tick`: undefined for weft's spinner, "" for none. */
	frame(tick: number): string | undefined {
		if (this.frames === undefined) return undefined;
		if (this.frames.length === 0) return "";
		return this.frames[Math.abs(Math.trunc(tick)) % this.frames.length];
	}

	/** How long each frame shows. */
	get intervalMs(): number {
		return this.interval;
	}
}
