/**
 * `assistant_message` and `turn_end` as protocol-v1 extensions know them.
 * The original agent announces every reply once it is final — with its text,
 * or with none when the reply only calls tools — and ends a tool-calling
 * turn (`stop: "tool_use"`) before the tools run. weft's own events differ
 * (in-process extensions and v2 keep them): `assistant_message` only for a
 * reply with text, and `turn_end` after the tools. So for a v1 subscriber
 * the two are derived from the catalog's `turn_start`, `assistant_message`,
 * `tool_call` and `turn_end`, all observed (the payload as emitted, whatever
 * an interceptor then decides):
 *
 *   turn_start              a new reply: nothing announced yet
 *   assistant_message       → assistant_message with its text
 *   first tool_call (model) → assistant_message without text (unless sent),
 *                             then turn_end "tool_use", before the tool runs
 *   turn_end                → what was not sent yet (error and aborted
 *                             replies: turn_end only, with the error)
 */
import type { BusEvent } from "../../kernel/event-bus.js";
import type { EventName } from "../../kernel/events.js";
import type { Link } from "./link.js";

type V1TurnEvent = "assistant_message" | "turn_end";

export function isV1TurnEvent(event: EventName): event is V1TurnEvent {
	return event === "assistant_message" || event === "turn_end";
}

export class V1Turns {
	private readonly wanted = new Set<V1TurnEvent>();
	private announced = false;
	private ended = false;
	private listening = false;

	constructor(private readonly link: Link) {}

	/** The extension subscribed to `event`. */
	want(event: V1TurnEvent): void {
		this.wanted.add(event);
		if (this.listening) return;
		this.listening = true;
		const { bus } = this.link.kernel;
		const options = { owner: this.link.name, observer: true };
		bus.on(
			"turn_start",
			() => {
				this.announced = false;
				this.ended = false;
			},
			options,
		);
		bus.on("assistant_message", (e) => this.announce(e.text), options);
		bus.on(
			"tool_call",
			(e) => {
				if (e.source === "model" && !this.ended) this.endBeforeTools();
			},
			options,
		);
		bus.on("turn_end", (e) => this.turnEnd(e), options);
	}

	private announce(text: string | undefined): void {
		if (this.announced) return;
		this.announced = true;
		// The original omits `text` when the reply has none; JSON drops an undefined field.
		if (this.wanted.has("assistant_message"))
			this.send("assistant_message", { text: text === "" ? undefined : text });
	}

	private endBeforeTools(): void {
		this.announce(undefined);
		this.ended = true;
		if (this.wanted.has("turn_end")) this.send("turn_end", { stop: "tool_use" });
	}

	private turnEnd(e: BusEvent<"turn_end">): void {
		if (this.ended) return;
		this.ended = true;
		const failed = e.stopReason === "error" || e.stopReason === "aborted";
		if (!failed && e.message.content.some((block) => block.type === "toolCall")) this.announce(undefined);
		if (!this.wanted.has("turn_end")) return;
		this.send(
			"turn_end",
			e.error === undefined ? { stop: e.stopReason } : { stop: e.stopReason, error: e.error },
		);
	}

	private send(event: V1TurnEvent, fields: Record<string, unknown>): void {
		this.link.send({ type: "event", event, ...fields });
	}
}
