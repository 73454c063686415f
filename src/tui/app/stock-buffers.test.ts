import { describe, expect, it } from "vitest";
import { BufferRegistry } from "../primitives/buffer.js";
import { MIRRORED_BLOCKS, mirrorTranscript } from "./stock-buffers.js";

function setup() {
	const buffers = BufferRegistry.withStockBuffers();
	const [transcript, thinking, tools] = ["transcript", "thinking", "tools"].map((name) => buffers.get(name)!);
	const stop = mirrorTranscript(transcript, thinking, tools);
	return { transcript, thinking, tools, stop };
}

describe("mirrorTranscript", () => {
	it("follows thinking and tool blocks as they stream, finish, and are cleared", () => {
		const { transcript, thinking, tools } = setup();
		transcript.appendBlock({ id: "u", kind: "user", data: { text: "hi" } });
		transcript.appendBlock({ id: "t", kind: "thinking", data: { text: "hm", streaming: true } });
		transcript.updateBlock("t", { data: { text: "hmm, yes", streaming: false }, meta: { done: true } });
		transcript.appendBlock({
			id: "c",
			kind: "tool",
			data: { id: "c", name: "read", args: {}, status: "running" },
		});
		transcript.updateBlock("c", { data: { id: "c", name: "read", args: {}, status: "done" } });

		expect(thinking.blocks()).toEqual([
			{
				id: "t",
				kind: "thinking",
				text: "hmm, yes",
				data: { text: "hmm, yes", streaming: false },
				meta: { done: true },
			},
		]);
		expect(tools.blocks().map((b) => [b.text, (b.data as { status: string }).status])).toEqual([
			["read", "done"],
		]);

		transcript.clearBlocks();
		expect(thinking.blocks()).toEqual([]);
		expect(tools.blocks()).toEqual([]);
	});

	it("keeps the newest blocks only, and stops when asked", () => {
		const { transcript, tools, stop } = setup();
		for (let i = 0; i <= MIRRORED_BLOCKS; i++) {
			transcript.appendBlock({
				id: `c${i}`,
				kind: "tool",
				data: { id: `c${i}`, name: "bash", args: {}, status: "done" },
			});
		}
		expect(tools.blocks()).toHaveLength(MIRRORED_BLOCKS);
		expect(tools.blocks()[0].id).toBe("c1");
		stop();
		transcript.removeBlock("c5");
		expect(tools.block("c5")).toBeDefined();
	});
});
