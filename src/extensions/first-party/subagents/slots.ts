/**
 * At most `limit` sub-agents at once: the model may ask for many `task`
 * calls in one answer, and each is a stream of model requests and tools.
 * The rest wait their turn in order; a wait ends early when its call is
 * aborted.
 */
export class Slots {
	private running = 0;
	private readonly waiting: Array<() => void> = [];

	constructor(private readonly limit: number) {}

	/** Resolves true when a slot is taken (release it with `release`), false when `signal` aborted first. */
	acquire(signal: AbortSignal): Promise<boolean> {
		if (signal.aborted) return Promise.resolve(false);
		if (this.running < this.limit) {
			this.running++;
			return Promise.resolve(true);
		}
		return new Promise((resolve) => {
			const take = () => {
				signal.removeEventListener("abort", give);
				this.running++;
				resolve(true);
			};
			const give = () => {
				this.waiting.splice(this.waiting.indexOf(take), 1);
				resolve(false);
			};
			this.waiting.push(take);
			signal.addEventListener("abort", give, { once: true });
		});
	}

	release(): void {
		this.running--;
		this.waiting.shift()?.();
	}
}
