/**
 * The transcript as the inline renderer needs it: blocks that are finished
 * (and all blocks before them) are rendered once and committed to the
 * terminal's scrollback; the rest — the streaming answer, running tools —
 * is the live part drawn in the transcript window every frame.
 *
 * A streaming answer that nothing can rewrite any more (no `turn_result` or
 * `assistant_message` handler; see `canCommitEarly`) is committed as it
 * grows: the markdown before its last top-level block boundary renders the
 * same whatever follows, so it goes to the scrollback at once and only the
 * tail stays live. A flood of text then costs each line once.
 */

import { stablePrefixEnd } from "../chat/markdown/stable-prefix.js";
import type { BlockRenderContext } from "../chat/transcript/block-view.js";
import { renderBlock } from "../chat/transcript/block-view.js";
import { asTranscriptBlock } from "../chat/transcript/blocks.js";
import type { Block, ContentBuffer } from "../primitives/buffer.js";
import type { RenderedWindow } from "../primitives/compose.js";

/** The part of a still-streaming answer already in the scrollback. */
interface Partial {
	id: string;
	/** The answer's text up to here (ending at a block boundary) is committed. */
	text: string;
	/** Whether any line of it was (a blank line separates what follows). */
	drewLines: boolean;
}

export class TranscriptWindow {
	/** How many leading blocks are in the scrollback, and the id of the last one (to notice removals). */
	private committed = 0;
	private lastCommittedId: string | undefined;
	private readonly committedIds = new Set<string>();
	private partial: Partial | undefined;
	/** Blocks `skipAllButTail` marked committed without writing them: a redraw leaves them out too. */
	private readonly skippedIds = new Set<string>();

	constructor(
		private readonly buffer: ContentBuffer,
		private readonly context: (width: number) => BlockRenderContext,
		/** Whether a streaming answer's text is final as it arrives (nothing will rewrite or hide it). */
		private readonly canCommitEarly: () => boolean = () => false,
	) {}

	/** Forgets what was committed (the transcript was cleared for a new session). */
	reset(): void {
		this.committed = 0;
		this.lastCommittedId = undefined;
		this.committedIds.clear();
		this.skippedIds.clear();
		this.partial = undefined;
	}

	/**
	 * The terminal was cleared to write the transcript again (at a new width):
	 * every block that was written is to be written again; the ones skipped
	 * as too old stay skipped. Returns how many those are.
	 */
	rewriteAll(): number {
		this.committed = 0;
		this.lastCommittedId = undefined;
		this.committedIds.clear();
		this.partial = undefined;
		const blocks = this.buffer.blocks();
		while (this.committed < blocks.length && this.skippedIds.has(blocks[this.committed].id)) {
			this.committedIds.add(blocks[this.committed].id);
			this.lastCommittedId = blocks[this.committed].id;
			this.committed++;
		}
		return this.committed;
	}

	/**
	 * Marks the finished blocks at the start of the transcript as committed
	 * without writing them, all but the last ones whose lines fit in `rows`
	 * (at least one): a resumed session of thousands of entries writes one
	 * screenful, not megabytes of scrollback. Returns how many were skipped.
	 */
	skipAllButTail(width: number, rows: number): number {
		const blocks = this.buffer.blocks();
		this.resync(blocks);
		let finished = this.committed;
		while (finished < blocks.length && blocks[finished].meta?.done === true) finished++;
		const ctx = this.context(width);
		let start = finished;
		let used = 0;
		// Rendered from the end, and only as many as fit: the cost is one screenful whatever the length.
		while (start > this.committed) {
			const height = 1 + renderBlock(blocks[start - 1], ctx).length;
			if (used + height > rows && start < finished) break;
			used += height;
			start--;
		}
		const skipped = start - this.committed;
		for (let i = this.committed; i < start; i++) {
			this.committedIds.add(blocks[i].id);
			this.skippedIds.add(blocks[i].id);
		}
		if (skipped > 0) {
			this.committed = start;
			this.lastCommittedId = blocks[start - 1].id;
			this.partial = undefined;
		}
		return skipped;
	}

	/**
	 * Lines to commit now, in order: blocks that just finished, each preceded
	 * by a blank line, then the stable part of a streaming answer.
	 */
	takeFinished(width: number): string[] {
		const blocks = this.buffer.blocks();
		this.resync(blocks);
		const out: string[] = [];
		const ctx = this.context(width);
		while (this.committed < blocks.length && blocks[this.committed].meta?.done === true) {
			const block = blocks[this.committed];
			const partial = this.partialOf(block);
			if (partial) this.pushRest(out, partial, this.answerText(block) ?? "", ctx);
			else out.push("", ...renderBlock(block, ctx));
			this.partial = undefined;
			this.committed++;
			this.lastCommittedId = block.id;
			this.committedIds.add(block.id);
		}
		const streaming = blocks[this.committed];
		if (streaming && this.canCommitEarly()) this.commitStable(streaming, out, ctx);
		return out;
	}

	/** Commits the stable prefix of a streaming answer beyond what already is. */
	private commitStable(block: Block, out: string[], ctx: BlockRenderContext): void {
		const text = this.answerText(block);
		if (text === undefined) return;
		const partial = this.partialOf(block) ?? { id: block.id, text: "", drewLines: false };
		if (!text.startsWith(partial.text)) return;
		const end = stablePrefixEnd(text, partial.text.length);
		if (end <= partial.text.length) return;
		const lines = ctx.markdown(text.slice(partial.text.length, end), ctx.width);
		if (lines.length > 0) {
			out.push("", ...lines);
			partial.drewLines = true;
		}
		partial.text = text.slice(0, end);
		this.partial = partial;
	}

	/** The lines of `text` after the committed part, a blank line before them. */
	private pushRest(out: string[], partial: Partial, text: string, ctx: BlockRenderContext): void {
		// Rewritten after all (an extension changed the buffer): show it whole rather than lose any of it.
		if (!text.startsWith(partial.text)) {
			out.push("", ...ctx.markdown(text, ctx.width));
			return;
		}
		const rest = text.slice(partial.text.length);
		const lines = rest.trim() === "" ? [] : ctx.markdown(rest, ctx.width);
		if (lines.length > 0 || !partial.drewLines) out.push("", ...lines);
	}

	private partialOf(block: Block): Partial | undefined {
		return this.partial?.id === block.id ? this.partial : undefined;
	}

	private answerText(block: Block): string | undefined {
		return asTranscriptBlock(block, "assistant")?.data.text;
	}

	/**
	 * The scrollback cannot be redrawn, so expanding (Ctrl+O) prints again,
	 * in full, the tool calls and thinking of the latest committed turn that
	 * had any (a turn that only answered does not hide the one before it).
	 * Empty when the scrollback holds none.
	 */
	expandedReprint(width: number): string[] {
		const blocks = this.buffer.blocks();
		this.resync(blocks);
		const shown = (b: Block) => b.kind === "tool" || b.kind === "thinking";
		let last = this.committed - 1;
		while (last >= 0 && !shown(blocks[last])) last--;
		if (last < 0) return [];
		let start = last;
		while (start >= 0 && blocks[start].kind !== "user") start--;
		const ctx = this.context(width);
		return blocks
			.slice(start + 1, last + 1)
			.filter(shown)
			.flatMap((b) => ["", ...renderBlock(b, ctx)]);
	}

	/** The live blocks, drawn in the transcript window. */
	renderLive(width: number): RenderedWindow {
		const blocks = this.buffer.blocks();
		this.resync(blocks);
		if (this.committed >= blocks.length) return { lines: [] };
		const ctx = this.context(width);
		const lines: string[] = [];
		for (let i = this.committed; i < blocks.length; i++) {
			const partial = this.partialOf(blocks[i]);
			if (partial) this.pushRest(lines, partial, this.answerText(blocks[i]) ?? "", ctx);
			else lines.push("", ...renderBlock(blocks[i], ctx));
		}
		return { lines };
	}

	/** Blocks may have been removed by someone else: find where the committed ones end now. */
	private resync(blocks: readonly { id: string }[]): void {
		if (this.committed > 0 && blocks[this.committed - 1]?.id !== this.lastCommittedId) {
			this.committed = 0;
			while (this.committed < blocks.length && this.committedIds.has(blocks[this.committed].id))
				this.committed++;
			this.lastCommittedId = blocks[this.committed - 1]?.id;
		}
		// The partly committed answer is gone (removed, or the transcript rebuilt): nothing of it is pending.
		if (this.partial && blocks[this.committed]?.id !== this.partial.id) this.partial = undefined;
	}
}
