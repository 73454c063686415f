/**
 * Taking queued messages back (`unqueue`): what the user typed while the
 * agent worked comes back in the order typed, all or only the last, and is
 * never delivered afterwards; extension messages stay queued; subscribers
 * are told which messages left the queue. Delivery modes: "all" takes every
 * queued message of a kind, "one-at-a-time" the oldest (pi's modes).
 */
import { describe, expect, it } from "vitest";
import { EventBus } from "../kernel/event-bus.js";
import { type Message, messageText } from "../kernel/messages.js";
import { EventRelay } from "./event-relay.js";
import { type DeliveryModes, MessageQueue } from "./message-queue.js";
import type { SessionEvent } from "./session-events.js";

function setup(delivery?: DeliveryModes) {
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
		delivery,
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

describe("delivery modes", () => {
	it('"all" (the default) takes every queued message of a kind', async () => {
		const { queue } = setup();
		for (const text of ["s1", "s2"]) await queue.enqueue(text, "steer", {});
		for (const text of ["f1", "f2"]) await queue.enqueue(text, "follow_up", {});
		expect(queue.takeSteering().map(messageText)).toEqual(["s1", "s2"]);
		expect(queue.takeFollowUps().map(messageText)).toEqual(["f1", "f2"]);
	});

	it('"one-at-a-time" takes the oldest of a kind per delivery and says which was delivered', async () => {
		const delivery: DeliveryModes = { steeringMode: "one-at-a-time", followUpMode: "one-at-a-time" };
		const { queue, events } = setup(delivery);
		for (const text of ["s1", "s2"]) await queue.enqueue(text, "steer", {});
		for (const text of ["f1", "f2"]) await queue.enqueue(text, "follow_up", {});
		expect(queue.takeSteering().map(messageText)).toEqual(["s1"]);
		expect(queue.takeFollowUps().map(messageText)).toEqual(["f1"]);
		expect(events.filter((e) => e.type === "delivered")).toEqual([
			{ type: "delivered", delivery: "steer", texts: ["s1"] },
			{ type: "delivered", delivery: "follow_up", texts: ["f1"] },
		]);
		// Read at each delivery: a change applies to what is still queued.
		delivery.steeringMode = "all";
		await queue.enqueue("s3", "steer", {});
		expect(queue.takeSteering().map(messageText)).toEqual(["s2", "s3"]);
		expect(queue.takeFollowUps().map(messageText)).toEqual(["f2"]);
		expect(queue.takeFollowUps()).toEqual([]);
	});
});
