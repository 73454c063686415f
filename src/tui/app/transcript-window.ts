/**
 * The transcript as the inline renderer needs it: blocks that are finished
 * (and all blocks before them) are rendered once and committed to the
 * terminal's scrollback; the rest — the streaming answer, running tools —
 * is the live part drawn in the transcript window every frame.
 */

import type { BlockRenderContext } from "../chat/transcript/block-view.js";
import { renderBlock } from "../chat/transcript/block-view.js";
import type { ContentBuffer } from "../primitives/buffer.js";
import type { RenderedWindow } from "../primitives/compose.js";

export class TranscriptWindow {
	/** How many leading blocks are in the scrollback, and the id of the last one (to notice removals). */
	private committed = 0;
	private lastCommittedId: string | undefined;
	private readonly committedIds = new Set<string>();

	constructor(
		private readonly buffer: ContentBuffer,
		private readonly context: (width: number) => BlockRenderContext,
	) {}

	/** Forgets what was committed (the transcript was cleared for a new session). */
	reset(): void {
		this.committed = 0;
		this.lastCommittedId = undefined;
		this.committedIds.clear();
	}

	/** Lines of blocks that just finished, in order, each block preceded by a blank line; marks them committed. */
	takeFinished(width: number): string[] {
		const blocks = this.buffer.blocks();
		this.resync(blocks);
		const out: string[] = [];
		const ctx = this.context(width);
		while (this.committed < blocks.length && blocks[this.committed].meta?.done === true) {
			const block = blocks[this.committed];
			out.push("", ...renderBlock(block, ctx));
			this.committed++;
			this.lastCommittedId = block.id;
			this.committedIds.add(block.id);
		}
		return out;
	}

	/**
	 * The scrollback cannot be redrawn, so expanding (Ctrl+O) prints the
	 * latest turn's committed tool calls and thinking again, in full, below.
	 */
	expandedReprint(width: number): string[] {
		const blocks = this.buffer.blocks();
		this.resync(blocks);
		let start = this.committed - 1;
		while (start >= 0 && blocks[start].kind !== "user") start--;
		const ctx = this.context(width);
		return blocks
			.slice(start + 1, this.committed)
			.filter((b) => b.kind === "tool" || b.kind === "thinking")
			.flatMap((b) => ["", ...renderBlock(b, ctx)]);
	}

	/** The live blocks, drawn in the transcript window. */
	renderLive(width: number): RenderedWindow {
		const blocks = this.buffer.blocks();
		this.resync(blocks);
		if (this.committed >= blocks.length) return { lines: [] };
		const ctx = this.context(width);
		const lines: string[] = [];
		for (let i = this.committed; i < blocks.length; i++) lines.push("", ...renderBlock(blocks[i], ctx));
		return { lines };
	}

	/** Blocks may have been removed by someone else: find where the committed ones end now. */
	private resync(blocks: readonly { id: string }[]): void {
		if (this.committed === 0) return;
		if (blocks[this.committed - 1]?.id === this.lastCommittedId) return;
		this.committed = 0;
		while (this.committed < blocks.length && this.committedIds.has(blocks[this.committed].id))
			this.committed++;
		this.lastCommittedId = blocks[this.committed - 1]?.id;
	}
}
