/** A clock the test advances by hand: timers run only inside advance(). */
import type { Clock } from "../../../src/tui/clock.js";

interface Timer {
	at: number;
	seq: number;
	fn: () => void;
}

export class ManualClock implements Clock {
	private time = 0;
	private seq = 0;
	private timers: Timer[] = [];

	now(): number {
		return this.time;
	}

	setTimer(fn: () => void, ms: number): () => void {
		const timer: Timer = { at: this.time + Math.max(0, ms), seq: this.seq++, fn };
		this.timers.push(timer);
		return () => {
			this.timers = this.timers.filter((t) => t !== timer);
		};
	}

	/** Number of timers waiting to run. */
	get pending(): number {
		return this.timers.length;
	}

	/** Moves time forward, running every timer that comes due, in order. */
	advance(ms: number): void {
		const until = this.time + ms;
		for (;;) {
			const due = this.timers.filter((t) => t.at <= until).sort((a, b) => a.at - b.at || a.seq - b.seq)[0];
			if (!due) break;
			this.timers = this.timers.filter((t) => t !== due);
			this.time = Math.max(this.time, due.at);
			due.fn();
		}
		this.time = until;
	}
}
