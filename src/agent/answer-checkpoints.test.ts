import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type AssistantMessage, emptyUsage } from "../kernel/messages.js";
import { AnswerCheckpoints } from "./answer-checkpoints.js";
import { SessionStore } from "./session-store.js";

/** Time the test moves by hand; scheduled runs happen when it passes their time. */
class ManualClock {
	time = 0;
	private tasks: Array<{ at: number; run: () => void; live: boolean }> = [];
	schedule = (run: () => void, ms: number) => {
		const task = { at: this.time + ms, run, live: true };
		this.tasks.push(task);
		return () => {
			task.live = false;
		};
	};
	get pending(): number {
		return this.tasks.filter((task) => task.live).length;
	}
	advance(ms: number): void {
		this.time += ms;
		for (const task of this.tasks.splice(0)) {
			if (!task.live) continue;
			if (task.at <= this.time) task.run();
			else this.tasks.push(task);
		}
	}
}

let dir: string;
let store: SessionStore;
let clock: ManualClock;
beforeEach(() => {
	dir = mkdtempSync(join(tmpdir(), "weft-checkpoints-"));
	store = SessionStore.create({ home: dir, cwd: dir, persist: true });
	store.append({ type: "message", message: { role: "user", content: "go", timestamp: 1 } });
	clock = new ManualClock();
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function streaming(): AssistantMessage {
	return {
		role: "assistant",
		content: [],
		provider: "p",
		model: "m",
		usage: emptyUsage(),
		stopReason: "end",
		timestamp: 1,
	};
}

/** Adds text to the message as the stock loop does, then reports it. */
function delta(
	checkpoints: AnswerCheckpoints,
	message: AssistantMessage,
	text: string,
	kind: "text" | "thinking" = "text",
) {
	const last = message.content.at(-1);
	if (kind === "text" && last?.type === "text") last.text += text;
	else if (kind === "thinking" && last?.type === "thinking") last.thinking += text;
	else message.content.push(kind === "text" ? { type: "text", text } : { type: "thinking", thinking: text });
	checkpoints.update(message);
}

function partialLines(): any[] {
	return readFileSync(store.file!, "utf8")
		.trimEnd()
		.split("\n")
		.map((line) => JSON.parse(line))
		.filter((entry) => entry.type === "partial");
}

describe("AnswerCheckpoints", () => {
	it("20,000 deltas in one interval cost one write when the interval ends, holding the whole text", () => {
		const checkpoints = new AnswerCheckpoints(store, 250, clock.schedule);
		const message = streaming();
		let expected = "";
		for (let i = 0; i < 20_000; i++) {
			delta(checkpoints, message, `w${i} `);
			expected += `w${i} `;
		}
		expect(partialLines()).toHaveLength(0);
		expect(clock.pending).toBe(1);
		clock.advance(250);
		const lines = partialLines();
		expect(lines).toHaveLength(1);
		expect(lines[0].content).toEqual([{ type: "text", text: expected }]);
	});

	it("writes at most once per interval however fast deltas come, and the file grows with the answer only", () => {
		const checkpoints = new AnswerCheckpoints(store, 250, clock.schedule);
		const message = streaming();
		for (let ms = 0; ms < 2_000; ms++) {
			delta(checkpoints, message, "abcd");
			clock.advance(1);
		}
		clock.advance(250);
		const lines = partialLines();
		expect(lines.length).toBeGreaterThanOrEqual(8);
		expect(lines.length).toBeLessThanOrEqual(2_250 / 250);
		const stored = lines.reduce((n, line) => n + line.content[0].text.length, 0);
		expect(stored).toBe(4 * 2_000);
	});

	it("an answer that ends within one interval writes nothing", () => {
		const checkpoints = new AnswerCheckpoints(store, 250, clock.schedule);
		const message = streaming();
		delta(checkpoints, message, "Short.");
		const id = checkpoints.finish();
		store.append({ type: "message", message }, id);
		clock.advance(1_000);
		expect(partialLines()).toEqual([]);
	});

	it("a stream that stalls still gets its last text written when the interval passes", () => {
		const checkpoints = new AnswerCheckpoints(store, 250, clock.schedule);
		const message = streaming();
		delta(checkpoints, message, "first ");
		clock.advance(250);
		delta(checkpoints, message, "then stalls");
		expect(partialLines()).toHaveLength(1);
		clock.advance(250);
		expect(partialLines().map((line) => line.content[0].text)).toEqual(["first ", "then stalls"]);
	});

	it("checkpoints hang under the entry the answer follows and name the answer", () => {
		const checkpoints = new AnswerCheckpoints(store, 250, clock.schedule);
		const leaf = store.leafId;
		delta(checkpoints, streaming(), "x");
		clock.advance(250);
		const [line] = partialLines();
		expect(line).toMatchObject({
			parentId: leaf,
			provider: "p",
			model: "m",
			content: [{ type: "text", text: "x" }],
		});
		expect(line.answerId).toMatch(/^[0-9a-f]{8}$/);
		expect(store.leafId).toBe(leaf);
	});

	it("keeps thinking and text apart, continuing each block where the last write stopped", () => {
		const checkpoints = new AnswerCheckpoints(store, 250, clock.schedule);
		const message = streaming();
		delta(checkpoints, message, "hmm ", "thinking");
		clock.advance(250);
		delta(checkpoints, message, "ok", "thinking");
		delta(checkpoints, message, "Answer", "text");
		clock.advance(250);
		expect(partialLines().map((line) => line.content)).toEqual([
			[{ type: "thinking", thinking: "hmm " }],
			[
				{ type: "thinking", thinking: "ok" },
				{ type: "text", text: "Answer" },
			],
		]);
	});

	it("finish cancels the pending write and gives the id the answer's entry takes, superseding the checkpoints", () => {
		const checkpoints = new AnswerCheckpoints(store, 250, clock.schedule);
		const message = streaming();
		delta(checkpoints, message, "The ");
		clock.advance(250);
		delta(checkpoints, message, "end.");
		const id = checkpoints.finish();
		expect(clock.pending).toBe(0);
		clock.advance(1_000);
		expect(partialLines()).toHaveLength(1);
		expect(partialLines()[0].answerId).toBe(id);
		store.append({ type: "message", message }, id);
		expect(checkpoints.finish()).toBeUndefined();

		const reopened = SessionStore.open(store.file!, { persist: true });
		expect(reopened.repairs).toEqual([]);
		expect(reopened.buildContext().messages.at(-1)).toEqual(message);
	});

	it("a new message starts a new answer with its own id", () => {
		const checkpoints = new AnswerCheckpoints(store, 250, clock.schedule);
		delta(checkpoints, streaming(), "one");
		clock.advance(250);
		delta(checkpoints, streaming(), "two");
		clock.advance(250);
		const ids = partialLines().map((line) => line.answerId);
		expect(ids).toHaveLength(2);
		expect(ids[0]).not.toBe(ids[1]);
	});

	it("after a failed write (disk full) the answer is not retried and still gets its id", () => {
		let attempts = 0;
		store.checkpoint = () => {
			attempts++;
			throw new Error("ENOSPC: no space left on device");
		};
		const checkpoints = new AnswerCheckpoints(store, 250, clock.schedule);
		const message = streaming();
		delta(checkpoints, message, "one ");
		clock.advance(250);
		delta(checkpoints, message, "two ");
		clock.advance(250);
		expect(attempts).toBe(1);
		expect(clock.pending).toBe(0);
		expect(checkpoints.finish()).toMatch(/^[0-9a-f]{8}$/);
	});

	it("does nothing for a session without a file", () => {
		const memory = SessionStore.create({ home: dir, cwd: dir, persist: false });
		const checkpoints = new AnswerCheckpoints(memory, 250, clock.schedule);
		delta(checkpoints, streaming(), "x");
		expect(clock.pending).toBe(0);
		expect(checkpoints.finish()).toBeUndefined();
	});
});
