/**
 * Time for the terminal layer, injectable so that tests drive escape-key
 * timeouts and frame pacing by hand instead of sleeping.
 */

export interface Clock {
	/** Milliseconds on a monotonic scale. */
	now(): number;
	/** Run `fn` after `ms` (0 means "after the current I/O batch"); returns a cancel function. */
	setTimer(fn: () => void, ms: number): () => void;
}

export const systemClock: Clock = {
	now: () => performance.now(),
	setTimer(fn, ms) {
		if (ms <= 0) {
			const immediate = setImmediate(fn);
			return () => clearImmediate(immediate);
		}
		const timer = setTimeout(fn, ms);
		return () => clearTimeout(timer);
	},
};
