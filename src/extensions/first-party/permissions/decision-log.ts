/** The decisions of this session: counts and the latest few, for `/permissions` and the extension's log. */

export interface DecisionNote {
	tool: string;
	source: string;
	verdict: "allow" | "deny";
	/** Whether the user was asked (or would have been, with no one to ask). */
	asked: boolean;
	why: string;
}

const KEPT = 5;

export class DecisionLog {
	private readonly tally = { allow: 0, deny: 0, asked: 0 };
	private readonly latest: DecisionNote[] = [];

	add(note: DecisionNote): void {
		this.tally[note.verdict]++;
		if (note.asked) this.tally.asked++;
		this.latest.push(note);
		if (this.latest.length > KEPT) this.latest.shift();
	}

	/** "3 allowed, 1 denied, 2 asked". */
	counts(): string {
		const { allow, deny, asked } = this.tally;
		return `${allow} allowed, ${deny} denied, ${asked} asked`;
	}

	/** Oldest first. */
	recent(): readonly DecisionNote[] {
		return this.latest;
	}
}
