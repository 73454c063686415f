/**
 * Large pastes stand in the composer as one short marker, `[paste #1 +42
 * lines]`, so a pasted log does not push everything else off screen. The
 * marker behaves as one character for deletion and cursor motion, and the
 * real text replaces it when the prompt is sent. A marker the user has
 * edited no longer matches and stays as typed.
 */
export const PASTE_LINE_LIMIT = 10;
export const PASTE_CHAR_LIMIT = 1000;

const MARKER = /\[paste #(\d+) (?:\+\d+ lines|\d+ chars)\]/g;

export interface MarkerRange {
	start: number;
	end: number;
}

export class PasteMarkers {
	private readonly pastes = new Map<number, string>();
	private counter = 0;

	/** Whether a paste is large enough to collapse. */
	static isLarge(text: string): boolean {
		return text.length > PASTE_CHAR_LIMIT || text.split("\n").length > PASTE_LINE_LIMIT;
	}

	/** Stores `text` and returns the marker that stands for it. */
	add(text: string): string {
		const id = ++this.counter;
		this.pastes.set(id, text);
		const lines = text.split("\n").length;
		return lines > 1 ? `[paste #${id} +${lines} lines]` : `[paste #${id} ${text.length} chars]`;
	}

	/** `text` with every known marker replaced by its paste. */
	expand(text: string): string {
		return text.replace(MARKER, (marker, id: string) => this.pastes.get(Number(id)) ?? marker);
	}

	/** Where known markers sit in one line. */
	ranges(line: string): MarkerRange[] {
		const out: MarkerRange[] = [];
		for (const match of line.matchAll(MARKER)) {
			if (this.pastes.has(Number(match[1])))
				out.push({ start: match.index, end: match.index + match[0].length });
		}
		return out;
	}

	/** The marker that `col` lies strictly inside, or ends at (`edge: "end"`) / starts at (`edge: "start"`). */
	at(line: string, col: number, edge?: "start" | "end"): MarkerRange | undefined {
		return this.ranges(line).find(
			(r) =>
				(r.start < col && col < r.end) ||
				(edge === "end" && r.end === col) ||
				(edge === "start" && r.start === col),
		);
	}

	/** Forgets the pastes; numbering goes on, so an old marker brought back by undo never expands to a new paste. */
	clear(): void {
		this.pastes.clear();
	}
}
