/**
 * The session's message queue: input that arrives while a run is in
 * progress. Steering is delivered between tool calls of the running turn,
 * follow-ups once the model would otherwise stop, next-turn messages with
 * the next prompt. Subscribers are told when a message is queued and when
 * it joins the conversation. The session keeps the run itself; the queue
 * reaches it through `QueueHost`.
 */

import { type ImageContent, type Message, messageText } from "../kernel/messages.js";
import type { LoopResult } from "./agent-loop.js";
import type { EventRelay } from "./event-relay.js";
import type { PromptOptions, PromptResult } from "./session.js";

export type Delivery = "steer" | "follow_up";

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
}

export class MessageQueue {
	private readonly steering: Message[] = [];
	private readonly followUps: Message[] = [];
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
			this.queueFor(delivery).push(message);
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
		this.queueFor(delivery).push(userMessage(accepted, images));
		this.host.relay.publish({ type: "queued", delivery, text: accepted });
		return undefined;
	}

	/** Steering for the running loop, now delivered. */
	takeSteering(): Message[] {
		return this.take(this.steering, "steer");
	}

	/** Follow-ups for the running loop, now delivered. */
	takeFollowUps(): Message[] {
		return this.take(this.followUps, "follow_up");
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

	private queueFor(delivery: Delivery): Message[] {
		return delivery === "steer" ? this.steering : this.followUps;
	}

	/** Empties a queue for delivery, telling subscribers which queued messages are now in the conversation. */
	private take(queue: Message[], delivery: Delivery): Message[] {
		const taken = queue.splice(0);
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
