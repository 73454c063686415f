/**
 * The transcript controller fed by a real AgentSession on a scripted
 * provider: the blocks a user would see while a run streams, and once it ends.
 */
import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { emptyUsage, type Message } from "../../../src/kernel/messages.js";
import { BUILTIN_OWNER } from "../../../src/kernel/owner.js";
import type { ToolDefinition } from "../../../src/kernel/tool.js";
import { type ScriptedProviderEntry, scriptedProvider } from "../../../src/testing/scripted-provider.js";
import type {
	AssistantBlockData,
	NoticeBlockData,
	ThinkingBlockData,
	ToolBlockData,
	UserBlockData,
} from "../../../src/tui/chat/transcript/blocks.js";
import { TranscriptController } from "../../../src/tui/chat/transcript/transcript-controller.js";
import { type Block, ContentBuffer } from "../../../src/tui/primitives/buffer.js";
import { createScriptedSession, SCRIPTED_MODEL } from "../../support/scripted-session.js";

const dirs: string[] = [];
afterEach(() => {
	for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function setup(script: ScriptedProviderEntry[]) {
	const provider = scriptedProvider(script, { name: SCRIPTED_MODEL.provider, model: SCRIPTED_MODEL });
	const { kernel, session, dir } = createScriptedSession({ provider, prefix: "weft-transcript-", dirs });
	const buffer = new ContentBuffer("transcript", "blocks", "weft");
	const controller = new TranscriptController(buffer);
	session.subscribe((event) => controller.handle(event));
	return { kernel, session, dir, buffer, controller };
}

/** A tool that streams two partial outputs and waits between them until the test lets it go on. */
function watchTool(onFirstUpdate: () => Promise<void> | void): ToolDefinition {
	return {
		name: "watch",
		description: "test tool",
		parameters: { type: "object", properties: {} },
		async execute(_args, ctx) {
			ctx.onUpdate([{ type: "text", text: "step 1" }]);
			await onFirstUpdate();
			ctx.onUpdate([{ type: "text", text: "step 1\nstep 2" }]);
			return { content: "step 1\nstep 2\nfinished", details: { steps: 2 } };
		},
	};
}

const data = <T>(block: Block | undefined) => block?.data as T;
const kinds = (buffer: ContentBuffer) => buffer.blocks().map((b) => b.kind);
const allDone = (buffer: ContentBuffer) => buffer.blocks().every((b) => b.meta?.done === true);

describe("TranscriptController over a session's events", () => {
	it("streams thinking and text into separate blocks, then tool calls with live output and final results", async () => {
		const snapshots: Record<string, Block[]> = {};
		const h = setup([
			{
				thinking: "Plan:\nlook at the file",
				text: "Let me check.",
				toolCalls: [
					{ name: "watch", args: {} },
					{ name: "edit", args: { path: "a.txt", oldText: "two", newText: "TWO" } },
				],
			},
			{ text: "All **done**." },
		]);
		writeFileSync(join(h.dir, "a.txt"), "one\ntwo\nthree\n");
		h.kernel.tools.register(
			"watch",
			watchTool(() => {
				snapshots.tool = h.buffer.blocks().map((b) => structuredClone(b));
				snapshots.busy = [{ id: "busy", kind: String(h.controller.busy) }];
			}),
			BUILTIN_OWNER,
		);
		h.session.subscribe((event) => {
			if (event.type === "message_update" && event.delta.type === "text" && !snapshots.text) {
				snapshots.text = h.buffer.blocks().map((b) => structuredClone(b));
			}
		});

		await h.session.prompt("check a.txt");

		// While the answer streams: the thinking is finished, the answer is still coming.
		const [user, thinking, answer] = snapshots.text;
		expect(data<UserBlockData>(user)).toEqual({ text: "check a.txt" });
		expect(thinking.meta?.done).toBe(true);
		expect(data<ThinkingBlockData>(thinking)).toEqual({ text: "Plan:\nlook at the file", streaming: false });
		expect(answer.kind).toBe("assistant");
		expect(answer.meta?.done).toBe(false);
		expect(data<AssistantBlockData>(answer).streaming).toBe(true);

		// While the first tool runs: its partial output is in, the second call waits.
		const running = snapshots.tool.filter((b) => b.kind === "tool");
		expect(data<ToolBlockData>(running[0])).toMatchObject({
			name: "watch",
			status: "running",
			partial: [{ type: "text", text: "step 1" }],
		});
		expect(running[0].meta?.done).toBe(false);
		expect(data<ToolBlockData>(running[1])).toMatchObject({ name: "edit", status: "pending" });
		expect(snapshots.busy[0].kind).toBe("true");

		// Finished: every block final, results in place.
		expect(kinds(h.buffer)).toEqual(["user", "thinking", "assistant", "tool", "tool", "assistant"]);
		expect(allDone(h.buffer)).toBe(true);
		const blocks = h.buffer.blocks();
		expect(data<AssistantBlockData>(blocks[2])).toEqual({ text: "Let me check.", streaming: false });
		const watch = data<ToolBlockData>(blocks[3]);
		expect(watch.status).toBe("done");
		expect(watch.partial).toBeUndefined();
		expect(watch.result).toEqual({
			content: [{ type: "text", text: "step 1\nstep 2\nfinished" }],
			isError: false,
			details: { steps: 2 },
		});
		const edit = data<ToolBlockData>(blocks[4]);
		expect(edit.status).toBe("done");
		expect((edit.result!.details as { diff: string }).diff).toContain("+TWO");
		expect(data<AssistantBlockData>(blocks[5])).toEqual({ text: "All **done**.", streaming: false });
		expect(h.controller.busy).toBe(false);
	});

	it("shows the text an assistant_message handler chose, and nothing when it hides the answer", async () => {
		const h = setup([{ text: "a secret plan" }, { text: "hello there" }, { text: "dropped by turn_result" }]);
		h.kernel.bus.on(
			"assistant_message",
			(e) => (e.text.includes("secret") ? { hide: true } : { text: "HELLO" }),
			{
				owner: "display-ext",
			},
		);
		h.kernel.bus.on("turn_result", (e) => (e.content.startsWith("dropped") ? { content: "" } : undefined), {
			owner: "display-ext",
		});

		await h.session.prompt("one");
		await h.session.prompt("two");
		await h.session.prompt("three");

		expect(kinds(h.buffer)).toEqual(["user", "user", "assistant", "user"]);
		expect(data<AssistantBlockData>(h.buffer.blocks()[2]).text).toBe("HELLO");
		expect(allDone(h.buffer)).toBe(true);
	});

	it("shows a tool result as extensions rewrote it, and a refused call as blocked with the reason", async () => {
		const h = setup([
			{
				toolCalls: [
					{ name: "ls", args: {} },
					{ name: "bash", args: { command: "rm -rf /" } },
				],
			},
			{ text: "ok" },
		]);
		h.kernel.bus.on(
			"tool_call",
			(e) => (e.name === "bash" ? { block: true, reason: "not on my watch" } : undefined),
			{
				owner: "guard",
			},
		);
		h.kernel.bus.on("tool_result", (e) => (e.name === "ls" ? { content: "(listing hidden)" } : undefined), {
			owner: "guard",
		});

		await h.session.prompt("clean up");

		const tools = h.buffer.blocks().filter((b) => b.kind === "tool");
		expect(data<ToolBlockData>(tools[0]).result?.content).toEqual([
			{ type: "text", text: "(listing hidden)" },
		]);
		expect(data<ToolBlockData>(tools[0]).status).toBe("done");
		const blocked = data<ToolBlockData>(tools[1]);
		expect(blocked.status).toBe("blocked");
		expect(blocked.result?.content[0]).toMatchObject({ text: expect.stringContaining("not on my watch") });
		expect(allDone(h.buffer)).toBe(true);
	});

	it("finishes every open block when the run is aborted mid-stream and says it was aborted", async () => {
		const h = setup([{ text: "one two three four five six", stallAfterChunks: 2 }]);
		let aborting: Promise<void> | undefined;
		let deltas = 0;
		h.session.subscribe((event) => {
			if (event.type === "message_update" && ++deltas === 2) aborting = h.session.abort();
		});

		await h.session.prompt("count");
		await aborting;

		expect(kinds(h.buffer)).toEqual(["user", "assistant", "notice"]);
		expect(data<AssistantBlockData>(h.buffer.blocks()[1])).toEqual({ text: "one two ", streaming: false });
		expect(data<NoticeBlockData>(h.buffer.blocks()[2])).toEqual({ level: "warning", text: "Aborted." });
		expect(allDone(h.buffer)).toBe(true);
		expect(h.controller.busy).toBe(false);
	});

	it("ends a failed run with an error notice carrying the provider's message", async () => {
		const h = setup([{ error: { status: 400, message: "prompt is too long" } }]);

		await h.session.prompt("hi");

		const notice = h.buffer.blocks().at(-1)!;
		expect(notice.kind).toBe("notice");
		expect(data<NoticeBlockData>(notice).level).toBe("error");
		expect(data<NoticeBlockData>(notice).text).toContain("prompt is too long");
		expect(allDone(h.buffer)).toBe(true);
	});

	it("shows a message steered in while a tool runs once, after that tool, when the loop takes it", async () => {
		const h = setup([{ toolCalls: [{ name: "watch", args: {} }] }, { text: "noted" }]);
		let queuedWhileRunning: readonly unknown[] = [];
		h.kernel.tools.register(
			"watch",
			watchTool(async () => {
				await h.session.steer("also check b");
				queuedWhileRunning = [...h.controller.queued];
			}),
			BUILTIN_OWNER,
		);

		await h.session.prompt("check a");

		expect(queuedWhileRunning).toEqual([{ delivery: "steer", text: "also check b" }]);
		expect(kinds(h.buffer)).toEqual(["user", "tool", "user", "assistant"]);
		expect(data<UserBlockData>(h.buffer.blocks()[2]).text).toBe("also check b");
		expect(h.controller.queued).toEqual([]);
	});

	it("adds no block for input an input handler took over", async () => {
		const h = setup([]);
		h.kernel.bus.on("input", () => ({ action: "handled" }), { owner: "commands" });

		await h.session.prompt("/stats");

		expect(h.buffer.blocks()).toEqual([]);
		expect(h.controller.busy).toBe(false);
	});

	it("loads a resumed conversation as finished blocks, pairing tool calls with their results", () => {
		const buffer = new ContentBuffer("transcript", "blocks", "weft");
		const controller = new TranscriptController(buffer);
		const usage = emptyUsage();
		const assistant = { provider: "p", model: "m", usage, timestamp: 0 };
		const messages: Message[] = [
			{ role: "user", content: "fix it", timestamp: 0 },
			{
				role: "assistant",
				content: [
					{ type: "thinking", thinking: "hmm" },
					{ type: "text", text: "Reading." },
					{ type: "toolCall", id: "c1", name: "read", args: { path: "a.ts" } },
					{ type: "toolCall", id: "c2", name: "bash", args: { command: "false" } },
				],
				stopReason: "tool_use",
				...assistant,
			},
			{
				role: "toolResult",
				toolCallId: "c1",
				toolName: "read",
				content: [{ type: "text", text: "x" }],
				isError: false,
				timestamp: 0,
			},
			{
				role: "toolResult",
				toolCallId: "c2",
				toolName: "bash",
				content: [{ type: "text", text: "[exit code 1]" }],
				isError: true,
				timestamp: 0,
			},
			{ role: "custom", customType: "memo", content: "internal", display: false, timestamp: 0 },
			{ role: "custom", customType: "todo", content: "1. fix", display: true, timestamp: 0 },
			{ role: "assistant", content: [{ type: "text", text: "Fixed." }], stopReason: "end", ...assistant },
		];

		controller.loadHistory(messages);

		expect(kinds(buffer)).toEqual(["user", "thinking", "assistant", "tool", "tool", "custom", "assistant"]);
		expect(allDone(buffer)).toBe(true);
		const [read, bash] = buffer.blocks().filter((b) => b.kind === "tool");
		expect(data<ToolBlockData>(read)).toMatchObject({ name: "read", args: { path: "a.ts" }, status: "done" });
		expect(data<ToolBlockData>(read).result?.content).toEqual([{ type: "text", text: "x" }]);
		expect(data<ToolBlockData>(bash).status).toBe("error");
		expect(controller.busy).toBe(false);
	});

	it("appends notices and print blocks finished, and starts afresh when the transcript is cleared", () => {
		const buffer = new ContentBuffer("transcript", "blocks", "weft");
		const controller = new TranscriptController(buffer);
		controller.handle({ type: "input", text: "hi", images: [], source: "interactive" });
		expect(controller.busy).toBe(true);

		const id = controller.add("print", { block: { kind: "info", text: "hello", title: "Greeting" } });

		expect(buffer.block(id)?.meta).toEqual({ done: true });
		buffer.clearBlocks();
		expect(controller.busy).toBe(false);
	});
});
