/** Undo and redo as stacks of editor snapshots. */
const UNDO_LIMIT = 200;

export interface Position {
	line: number;
	col: number;
}

export interface Snapshot {
	lines: readonly string[];
	cursor: Position;
}

export class UndoHistory {
	private undos: Snapshot[] = [];
	private redos: Snapshot[] = [];

	/**
	 * Remembers the state before an edit. With `merge`, the edit joins the
	 * previous undo step (a run of typing), so only the redo stack is dropped.
	 */
	record(before: Snapshot, merge: boolean): void {
		this.redos = [];
		if (merge && this.undos.length > 0) return;
		this.undos.push(before);
		if (this.undos.length > UNDO_LIMIT) this.undos.shift();
	}

	/** The state to go back to, given the current one (kept for redo). */
	undo(current: Snapshot): Snapshot | undefined {
		const previous = this.undos.pop();
		if (previous) this.redos.push(current);
		return previous;
	}

	redo(current: Snapshot): Snapshot | undefined {
		const next = this.redos.pop();
		if (next) this.undos.push(current);
		return next;
	}
}
