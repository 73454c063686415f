/** At most `perSecond` events in any one-second window (extensions' notifications, in-process and subprocess). */
export class RateLimit {
	private windowStart = 0;
	private count = 0;

	constructor(readonly perSecond: number) {}

	take(now = Date.now()): boolean {
		if (now - this.windowStart >= 1_000) {
			this.windowStart = now;
			this.count = 0;
		}
		return ++this.count <= this.perSecond;
	}

	/** When the current window ends (ms since the epoch). */
	windowEnd(): number {
		return this.windowStart + 1_000;
	}
}
