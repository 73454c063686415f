/**
 * Taking queued messages back (`unqueue`): what the user typed while the
 * agent worked comes back in the order typed, all or only the last, and is
 * never delivered afterwards; extension messages stay queued; subscribers
 * are told which messages left the queue.
 */
import { describe, expect, it } from "vitest";
import { EventBus } from "../kernel/event-bus.js";
import { type Message, messageText } from "../kernel/messages.js";
import { EventRelay } from "./event-relay.js";
import { MessageQueue } from "./message-queue.js";
import type { SessionEvent } from "./session-events.js";

function setup() {
	const relay = new EventRelay(new EventBus());
	const events: SessionEvent[] = [];
	relay.subscribe((event) => events.push(event));
	const appended: Message[] = [];
	const queue = new MessageQueue({
		relay,
		isRunning: () => true,
		prompt: async () => ({ reason: "completed", response: "" }),
		runAccepted: async () => ({ reason: "completed", response: "" }),
		runConversation: async () => ({ reason: "completed", response: "" }),
		append: (message) => appended.push(message),
	});
	return { queue, events, appended };
}

const extensionNote: Message = { role: "user", content: "from an extension", timestamp: 0 };

describe("MessageQueue.unqueue", () => {
	it("takes every typed message back, steering and follow-ups in the order typed", async () => {
		const { queue, events } = setup();
		await queue.enqueue("first", "follow_up", {});
		await queue.enqueue("second", "steer", {});
		await queue.enqueue("third", "follow_up", {});

		expect(queue.unqueue("all")).toEqual(["first", "second", "third"]);
		expect(events.at(-1)).toEqual({
			type: "unqueued",
			messages: [
				{ delivery: "follow_up", text: "first" },
				{ delivery: "steer", text: "second" },
				{ delivery: "follow_up", text: "third" },
			],
		});
		// Nothing is left for the loop to deliver later.
		expect(queue.takeSteering()).toEqual([]);
		expect(queue.takeFollowUps()).toEqual([]);
		expect(queue.deliverLate({ reason: "completed", response: "" })).toBe(false);
	});

	it("takes only the last typed message when asked, leaving the rest queued", async () => {
		const { queue } = setup();
		await queue.enqueue("keep me", "steer", {});
		await queue.enqueue("edit me", "follow_up", {});

		expect(queue.unqueue("last")).toEqual(["edit me"]);
		expect(queue.takeFollowUps()).toEqual([]);
		expect(queue.takeSteering().map(messageText)).toEqual(["keep me"]);
	});

	it("leaves extension messages queued and says nothing when no typed message waits", async () => {
		const { queue, events } = setup();
		queue.deliver(extensionNote, "steer", false);
		const before = events.length;

		expect(queue.unqueue("all")).toEqual([]);
		expect(queue.unqueue("last")).toEqual([]);
		expect(events.length).toBe(before);
		expect(queue.takeSteering()).toEqual([extensionNote]);
	});

	it("delivers what remains in queue order after one message was taken back", async () => {
		const { queue, appended } = setup();
		await queue.enqueue("a", "follow_up", {});
		await queue.enqueue("b", "steer", {});
		await queue.enqueue("c", "follow_up", {});
		queue.unqueue("last");

		expect(queue.deliverLate({ reason: "completed", response: "" })).toBe(true);
		expect(appended.map(messageText)).toEqual(["b", "a"]);
	});
});
