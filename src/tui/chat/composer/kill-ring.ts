/**
 * The emacs kill ring: killed text is kept so that yank can put it back and
 * yank-pop can cycle to older kills. Consecutive kills grow one entry, so
 * Ctrl+K Ctrl+K yanks back both pieces at once.
 */
const KILL_RING_LIMIT = 30;

export type KillDirection = "forward" | "backward";

export class KillRing {
	private entries: string[] = [];
	private rotation = 0;

	/** Adds a kill; with `joinWith`, grows the newest entry instead (backward kills go in front). */
	add(text: string, joinWith?: KillDirection): void {
		if (joinWith && this.entries.length > 0) {
			this.entries[0] = joinWith === "forward" ? this.entries[0] + text : text + this.entries[0];
		} else {
			this.entries.unshift(text);
			if (this.entries.length > KILL_RING_LIMIT) this.entries.pop();
		}
		this.rotation = 0;
	}

	/** The newest kill; resets yank-pop's position. */
	newest(): string | undefined {
		this.rotation = 0;
		return this.entries[0];
	}

	/** The next older kill after the one last returned, wrapping around. */
	older(): string | undefined {
		if (this.entries.length === 0) return undefined;
		this.rotation = (this.rotation + 1) % this.entries.length;
		return this.entries[this.rotation];
	}
}
