import { PassThrough, Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { FrameQueue } from "./frame-queue.js";

const events = () => {
	const seen = { overflow: [] as number[], unserializable: [] as string[] };
	return {
		seen,
		events: {
			overflow: (bytes: number) => seen.overflow.push(bytes),
			unserializable: (type: string) => seen.unserializable.push(type),
		},
	};
};

describe("the frame queue", () => {
	it("writes frames as lines in the order they were sent", () => {
		const out = new PassThrough();
		const { events: e } = events();
		const queue = new FrameQueue(out, e);
		queue.send({ type: "a" });
		queue.send({ type: "b", text: "line\u2028sep" });
		expect(out.read().toString()).toBe('{"type":"a"}\n{"type":"b","text":"line\u2028sep"}\n');
	});

	it("drops frames once the child stops reading, reporting it once", () => {
		const stuck = new Writable({ highWaterMark: 1, write: () => {} });
		const { seen, events: e } = events();
		const queue = new FrameQueue(stuck, e, 10);
		expect(queue.send({ type: "first-fills-the-buffer" })).toBe(true);
		expect(queue.send({ type: "dropped" })).toBe(false);
		expect(queue.send({ type: "dropped" })).toBe(false);
		expect(queue.dropped).toBe(2);
		expect(seen.overflow).toHaveLength(1);
	});

	it("reports a frame that cannot be serialised instead of throwing", () => {
		const out = new PassThrough();
		const { seen, events: e } = events();
		const cyclic: Record<string, unknown> = { type: "event" };
		cyclic.self = cyclic;
		expect(new FrameQueue(out, e).send(cyclic as { type: string })).toBe(false);
		expect(seen.unserializable).toEqual(["event"]);
	});

	it("ignores frames after it is closed or the stream broke", () => {
		const out = new PassThrough();
		const queue = new FrameQueue(out, events().events);
		queue.end();
		expect(queue.send({ type: "late" })).toBe(false);
		const broken = new PassThrough();
		const other = new FrameQueue(broken, events().events);
		broken.destroy(new Error("EPIPE"));
		expect(other.send({ type: "late" })).toBe(false);
	});
});
