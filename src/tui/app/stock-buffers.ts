/**
 * Fills the stock `thinking` and `tools` buffers from the transcript, so an
 * extension reads the thinking text and the tool calls without walking the
 * whole conversation: each holds the transcript's blocks of its kind, newest
 * last, at most MIRRORED_BLOCKS of them, kept in step as they stream and
 * finish. The blocks share the transcript's `data` (a `ToolBlockData` or
 * `ThinkingBlockData`); `recentBlocks` hands out copies.
 */
import type { Block, ContentBuffer } from "../primitives/buffer.js";

/** Enough for a long turn of tool calls; older ones stay readable in the transcript. */
export const MIRRORED_BLOCKS = 100;

/** Starts mirroring; the returned function stops it. */
export function mirrorTranscript(
	transcript: ContentBuffer,
	thinking: ContentBuffer,
	tools: ContentBuffer,
): () => void {
	const targetOf = (kind: string) => (kind === "thinking" ? thinking : kind === "tool" ? tools : undefined);
	return transcript.onChange((change) => {
		if (change.type !== "blocks") return;
		if (change.action === "clear") {
			thinking.clearBlocks();
			tools.clearBlocks();
			return;
		}
		const id = change.id;
		if (id === undefined) return;
		if (change.action === "remove") {
			thinking.removeBlock(id);
			tools.removeBlock(id);
			return;
		}
		const block = transcript.block(id);
		const target = block && targetOf(block.kind);
		if (!block || !target) return;
		const copy = mirrored(block);
		if (target.block(id)) {
			target.updateBlock(id, copy);
			return;
		}
		target.appendBlock({ id, ...copy });
		const blocks = target.blocks();
		if (blocks.length > MIRRORED_BLOCKS) target.removeBlock(blocks[0].id);
	});
}

/** The block with `text` filled in: the thinking text, or the tool's name. */
function mirrored(block: Block): Omit<Block, "id"> {
	const data = block.data as { text?: unknown; name?: unknown } | undefined;
	const text = block.kind === "thinking" ? data?.text : data?.name;
	return {
		kind: block.kind,
		data: block.data,
		...(typeof text === "string" ? { text } : {}),
		...(block.meta ? { meta: block.meta } : {}),
	};
}
