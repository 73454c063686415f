/**
 * What the terminal's scrollback gets beyond the finished blocks written as
 * they finish: the header at its top (conversation-header.ts); after the
 * terminal got narrower, or an extension's header changed, the header and
 * the whole transcript again at the new width (the "redraw" resize setting,
 * the default, for a size change); for a
 * resumed session only the blocks that fit on the screen, under a line that
 * says how many earlier ones there are; and the latest turn's tool output
 * again, in full, when Ctrl+O expands it. The trade-offs are in docs/tui.md
 * ("Resizing", "Resuming a long session").
 */
import type { Clock } from "../clock.js";
import type { Styler } from "../theme/style.js";
import { ConversationHeader, type HeaderFirstRenderer } from "./conversation-header.js";
import type { DrawFailureReport } from "./draw-failure.js";
import type { TranscriptWindow } from "./transcript-window.js";

/** A rewrite waits until the size stops changing (a window being dragged), then writes once. */
const RESIZE_SETTLE_MS = 200;

export interface ScrollbackWriterOptions {
	renderer: HeaderFirstRenderer;
	transcriptWindow: TranscriptWindow;
	clock: Clock;
	size: () => { columns: number; rows: number };
	styler: () => Styler;
	/** Settings `resize`: "keep" never rewrites. */
	resize?: "keep" | "redraw";
	/** Shows that an extension's header failed to draw. */
	report?: DrawFailureReport;
}

export class ScrollbackWriter {
	/** The width at the last resize, whether it got narrower since the last rewrite, and a rewrite waiting for the size to settle. */
	private lastColumns: number;
	private narrowed = false;
	private cancelRewrite: (() => void) | undefined;
	/** The start-up header or an extension's in its place, first in the scrollback and in every rewrite. */
	readonly header: ConversationHeader;

	constructor(private readonly options: ScrollbackWriterOptions) {
		this.lastColumns = options.size().columns;
		this.header = new ConversationHeader({
			renderer: options.renderer,
			width: () => options.size().columns,
			rewrite: () => this.rewriteSoon(),
			report: options.report ?? (() => {}),
		});
	}

	/**
	 * The terminal changed size. When it got narrower, terminals re-wrap every
	 * row wider than the new width where the row ends, splitting words, and
	 * place the cursor differently afterwards (so a relative redraw of the
	 * live region can miss rows). Unless the setting is "keep", the
	 * conversation is then written again at the new width once the size
	 * settles, after clearing the screen and the scrollback.
	 */
	resized(): void {
		const columns = this.options.size().columns;
		if (columns < this.lastColumns) this.narrowed = true;
		this.lastColumns = columns;
		if (!this.narrowed || this.options.resize === "keep") return;
		this.rewriteSoon();
	}

	/** Writes everything again once the changes stop coming (a size being dragged, a header taken down and set again). */
	private rewriteSoon(): void {
		this.cancelRewrite?.();
		this.cancelRewrite = this.options.clock.setTimer(() => {
			this.cancelRewrite = undefined;
			this.narrowed = false;
			this.rewriteAll();
		}, RESIZE_SETTLE_MS);
	}

	/** Clears the terminal and writes the header and the transcript again at the current width. */
	rewriteAll(): void {
		this.options.renderer.clearAll();
		this.options.renderer.commit(this.header.lines(this.options.size().columns));
		const skipped = this.options.transcriptWindow.rewriteAll();
		if (skipped > 0) this.options.renderer.commit(this.skippedNote(skipped));
	}

	/**
	 * Called once a resumed session's history is in the transcript: only the
	 * blocks that fit on the screen are written, under one line that says how
	 * many earlier ones there are (the model still sees them all).
	 */
	writeRecentHistoryOnly(): void {
		const { columns, rows } = this.options.size();
		const skipped = this.options.transcriptWindow.skipAllButTail(columns, rows);
		if (skipped > 0) this.options.renderer.commit(this.skippedNote(skipped));
	}

	/**
	 * Ctrl+O expanded tool output: the scrollback cannot be redrawn, so the
	 * latest committed turn's tool calls and thinking are printed again, in
	 * full, under a heading. False when the scrollback holds none.
	 */
	reprintExpanded(): boolean {
		const again = this.options.transcriptWindow.expandedReprint(this.options.size().columns);
		if (again.length === 0) return false;
		const heading = "── latest tool output, expanded (ctrl+o to collapse) ──";
		this.options.renderer.commit(["", this.options.styler().fg("dim", heading), ...again]);
		return true;
	}

	/** A line under the conversation so far that says where a new one (or another branch) begins. */
	writeBoundary(boundary: string): void {
		const { columns } = this.options.size();
		// What finished since the last frame belongs above the line, not dropped with the live blocks.
		const finished = this.options.transcriptWindow.takeFinished(columns);
		const rule = "─".repeat(Math.max(0, Math.min(columns, 80) - boundary.length - 4));
		this.options.renderer.commit([
			...finished,
			"",
			this.options.styler().fg("accent", `── ${boundary} ${rule}`),
			"",
		]);
	}

	private skippedNote(skipped: number): string[] {
		const count = `${skipped.toLocaleString("en-US")} earlier ${skipped === 1 ? "block" : "blocks"}`;
		return [
			"",
			this.options.styler().fg("dim", `⋯ ${count} of this conversation not shown · /export writes it all`),
		];
	}
}
