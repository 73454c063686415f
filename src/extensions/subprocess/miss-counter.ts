/**
 * Missed reply deadlines of one subprocess extension, in a row: a tool call
 * or command not answered within its timeout, an intercept not answered
 * within the bus's deadline. Each request counts at most once, and a reply
 * in time resets the count. The `breakAfter`-th miss in a row trips it (0:
 * never); what that means (restart once, then suspend) is the host's call.
 */
export class MissCounter {
	private inARow = 0;

	constructor(
		private readonly breakAfter: number,
		private readonly trip: (reason: string) => void,
	) {}

	/** Missed deadlines since the last reply in time. */
	get count(): number {
		return this.inARow;
	}

	/** `what` names the request that missed its deadline ("tool \"grep\"", "tool_call intercept"). */
	missed(what: string): void {
		this.inARow++;
		if (this.breakAfter <= 0 || this.inARow < this.breakAfter) return;
		const times = this.inARow === 1 ? "once" : `${this.inARow} times in a row`;
		this.inARow = 0;
		this.trip(`it missed its reply deadline ${times} (last: ${what})`);
	}

	answered(): void {
		this.inARow = 0;
	}
}
