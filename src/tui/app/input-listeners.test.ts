import { describe, expect, it } from "vitest";
import type { InputEvent } from "../input/input-events.js";
import { InputListeners } from "./input-listeners.js";

const key = (id: string, raw: string): InputEvent => ({ type: "key", id, raw, action: "press", text: raw });

function run(listeners: InputListeners, event: InputEvent): InputEvent[] | "passed" {
	const delivered: InputEvent[] = [];
	return listeners.intercept(event, (e) => delivered.push(e)) ? delivered : "passed";
}

describe("InputListeners", () => {
	it("lets input pass untouched when nobody listens, and offers it to listeners when someone does", () => {
		const listeners = new InputListeners(() => {});
		expect(run(listeners, key("a", "a"))).toBe("passed");
		const seen: string[] = [];
		const remove = listeners.add("ext", (data) => {
			seen.push(data);
		});
		expect(run(listeners, key("a", "a"))).toEqual([key("a", "a")]);
		expect(run(listeners, { type: "paste", text: "hi" })).toEqual([{ type: "paste", text: "hi" }]);
		expect(seen).toEqual(["a", "\x1b[200~hi\x1b[201~"]);
		remove();
		expect(run(listeners, key("a", "a"))).toBe("passed");
	});

	it("drops consumed input and parses replacement bytes as keys, a lone ESC as Escape", () => {
		const listeners = new InputListeners(() => {});
		listeners.add("ext", (data) =>
			data === "q" ? { consume: true } : data === "x" ? { data: "\x1bOK" } : undefined,
		);
		expect(run(listeners, key("q", "q"))).toEqual([]);
		listeners.add("other", (data) => (data === "\x1bOK" ? { data: "\x1b" } : undefined));
		const delivered = run(listeners, key("x", "x"));
		expect(delivered).not.toBe("passed");
		expect((delivered as InputEvent[]).map((e) => (e.type === "key" ? e.id : e.type))).toEqual(["escape"]);
	});

	it("reports a listener that throws, by owner, and goes on with the rest", () => {
		const errors: string[] = [];
		const listeners = new InputListeners((owner, message) => errors.push(`${owner}: ${message}`));
		listeners.add("bad", () => {
			throw new Error("boom");
		});
		listeners.add("good", () => ({ data: "b" }));
		const delivered = run(listeners, key("a", "a")) as InputEvent[];
		expect(delivered.map((e) => (e.type === "key" ? e.id : e.type))).toEqual(["b"]);
		expect(errors).toEqual(["bad: its input listener failed: boom"]);
		listeners.removeOwner("good");
		listeners.removeOwner("bad");
		expect(run(listeners, key("a", "a"))).toBe("passed");
	});
});
