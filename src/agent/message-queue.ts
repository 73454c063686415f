/**
 * The session's message queue: input that arrives while a run is in
 * progress. Steering is delivered between tool calls of the running turn,
 * follow-ups once the model would otherwise stop, next-turn messages with
 * the next prompt. Subscribers are told when a message is queued and when
 * it joins the conversation, or when the user takes typed messages back to
 * edit them. The session keeps the run itself; the queue reaches it through
 * `QueueHost`.
 */

import { type ImageContent, type Message, messageText } from "../kernel/messages.js";
import type { LoopResult } from "./agent-loop.js";
import type { EventRelay } from "./event-relay.js";
import type { PromptOptions, PromptResult } from "./session.js";

export type Delivery = "steer" | "follow_up";

/**
 * How the queued messages of one kind reach the model where the loop looks
 * for them: all of them at once, or the oldest one each time (pi's
 * "one-at-a-time": one steering message per finished turn, one follow-up
 * each time the agent would stop).
 */
export type DeliveryMode = "all" | "one-at-a-time";

/** Settings `steeringMode` and `followUpMode` (absent: "all"), read at each delivery so a change applies at once. */
export interface DeliveryModes {
	steeringMode?: DeliveryMode;
	followUpMode?: DeliveryMode;
}

/** What the queue needs from the session that owns the run. */
export interface QueueHost {
	readonly relay: EventRelay;
	/** True while a run is in progress. */
	isRunning(): boolean;
	/** Runs one prompt to completion (the session's `prompt`). */
	prompt(text: string, options: PromptOptions): Promise<PromptResult>;
	/** Starts a run for input the `input` handlers already accepted. */
	runAccepted(text: string, images: ImageContent[]): Promise<PromptResult>;
	/** Starts a run on the conversation as it stands. */
	runConversation(prompt: string): Promise<PromptResult>;
	/** Adds a message to the conversation (persisted). */
	append(message: Message): void;
	/** How many queued messages of a kind each delivery takes (default: all). */
	readonly delivery?: DeliveryModes;
}

/** A message waiting for the running loop; `typed` when it came from `enqueue` (the user), not an extension. */
interface Waiting {
	delivery: Delivery;
	message: Message;
	typed: boolean;
}

export class MessageQueue {
	/** Steering and follow-ups in the order they were queued, so the user gets them back in that order. */
	private readonly waiting: Waiting[] = [];
	private readonly nextTurn: Message[] = [];

	constructor(private readonly host: QueueHost) {}

	/** Delivered between tool calls of the running turn (remaining tools are skipped); idle, a prompt. */
	steer(text: string, options: PromptOptions): Promise<unknown> {
		return this.host.isRunning() ? this.enqueue(text, "steer", options) : this.host.prompt(text, options);
	}

	/** Delivered once the agent would otherwise stop; idle, a prompt. */
	followUp(text: string, options: PromptOptions): Promise<unknown> {
		return this.host.isRunning() ? this.enqueue(text, "follow_up", options) : this.host.prompt(text, options);
	}

	/** A message that did not come from the user's prompt (extensions); `AgentSession.deliver` says where it goes. */
	deliver(
		message: Message,
		delivery: Delivery | "next_turn",
		trigger: boolean,
	): Promise<PromptResult> | undefined {
		if (delivery === "next_turn") {
			this.nextTurn.push(message);
			return undefined;
		}
		if (this.host.isRunning()) {
			this.waiting.push({ delivery, message, typed: false });
			this.host.relay.publish({ type: "queued", delivery, text: messageText(message) });
			return undefined;
		}
		this.host.append(message);
		if (!trigger) return undefined;
		return this.host.runConversation(messageText(message));
	}

	/**
	 * Queues the text for the running loop, once the `input` handlers accepted
	 * it. When the run ended while they were still deciding, nothing would ever
	 * deliver it, so it starts a run of its own; that run's result is returned.
	 */
	async enqueue(text: string, delivery: Delivery, options: PromptOptions): Promise<PromptResult | undefined> {
		const input = await this.host.relay.emit("input", {
			text,
			images: options.images ?? [],
			source: options.source ?? "queue",
		});
		if (input.terminal) return undefined;
		const { text: accepted, images } = input.payload;
		if (!this.host.isRunning()) return this.host.runAccepted(accepted, images);
		this.waiting.push({ delivery, message: userMessage(accepted, images), typed: true });
		this.host.relay.publish({ type: "queued", delivery, text: accepted });
		return undefined;
	}

	/** Steering for the running loop, now delivered (one message in "one-at-a-time" mode). */
	takeSteering(): Message[] {
		return this.take("steer");
	}

	/** Follow-ups for the running loop, now delivered (one message in "one-at-a-time" mode). */
	takeFollowUps(): Message[] {
		return this.take("follow_up");
	}

	/**
	 * Takes back what the user queued and the loop has not taken yet — all of
	 * it (in the order typed) or only the last — so it is never sent; the
	 * texts are returned for the composer. Extension messages stay queued.
	 */
	unqueue(which: "all" | "last"): string[] {
		const typed = this.waiting.filter((w) => w.typed);
		const taken = which === "all" ? typed : typed.slice(-1);
		if (taken.length === 0) return [];
		for (const entry of taken) this.waiting.splice(this.waiting.indexOf(entry), 1);
		const messages = taken.map((w) => ({ delivery: w.delivery, text: messageText(w.message) }));
		this.host.relay.publish({ type: "unqueued", messages });
		return messages.map((m) => m.text);
	}

	/** The messages waiting for the next prompt, taken. */
	takeNextTurn(): Message[] {
		return this.nextTurn.splice(0);
	}

	/**
	 * After a completed run, appends what was queued after the loop last
	 * looked (steering first); true when there was some, and the loop must
	 * run again. Synchronous, so the session can mark the run over in the
	 * same turn of the event loop: anything queued later starts its own run.
	 */
	deliverLate(result: LoopResult): boolean {
		if (result.reason !== "completed") return false;
		const late = [...this.takeSteering(), ...this.takeFollowUps()];
		for (const message of late) this.host.append(message);
		return late.length > 0;
	}

	/** Takes one kind for delivery (all, or the oldest), telling subscribers which queued messages are now in the conversation. */
	private take(delivery: Delivery): Message[] {
		const modes = this.host.delivery;
		const mode = delivery === "steer" ? modes?.steeringMode : modes?.followUpMode;
		const limit = mode === "one-at-a-time" ? 1 : Number.POSITIVE_INFINITY;
		const taken: Message[] = [];
		for (let i = 0; i < this.waiting.length && taken.length < limit; ) {
			if (this.waiting[i].delivery === delivery) taken.push(this.waiting.splice(i, 1)[0].message);
			else i++;
		}
		if (taken.length > 0) {
			this.host.relay.publish({ type: "delivered", delivery, texts: taken.map(messageText) });
		}
		return taken;
	}
}

export function userMessage(text: string, images: ImageContent[]): Message {
	return {
		role: "user",
		content: images.length > 0 ? [{ type: "text", text }, ...images] : text,
		timestamp: Date.now(),
	};
}
