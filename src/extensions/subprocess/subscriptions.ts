/**
 * `subscribe`: events the extension observes and events it intercepts, as
 * handlers on the same kernel bus in-process extensions use, owned by the
 * extension. So an intercept is ordered, chained, guarded and timed exactly
 * like an in-process handler: its deadline and fail-closed policy come from
 * the bus (`extensionOptions.<name>.deadlineMs` / `failOpen`), and its
 * failures and time show up in the same diagnostics. An observed event is
 * the bus's observer (as in the original protocol): every subscriber gets
 * every event with its payload as emitted, whatever the load order and
 * whatever an interceptor then blocks or rewrites. A v1 extension's
 * `assistant_message` and `turn_end` follow the original (v1-turns.ts).
 */
import type { BusEvent } from "../../kernel/event-bus.js";
import { EVENT_NAMES, EVENTS, type EventName, isEventName } from "../../kernel/events.js";
import { eventBody, interceptResult, plainPayload } from "./event-frames.js";
import type { Link } from "./link.js";
import { type Frame, strings, V1_EVENTS, V1_INTERCEPTS } from "./protocol.js";
import { isV1TurnEvent, V1Turns } from "./v1-turns.js";

export class Subscriptions {
	private readonly observed = new Set<EventName>();
	private readonly intercepted = new Set<EventName>();
	private v1Turns: V1Turns | undefined;

	constructor(private readonly link: Link) {}

	get events(): EventName[] {
		return [...this.observed];
	}

	get intercepts(): EventName[] {
		return [...this.intercepted];
	}

	/** Sends an observed event to this extension alone: a lifecycle event that happened before it was ready. */
	replay(event: EventName, payload: object): void {
		if (!this.observed.has(event)) return;
		this.link.send({ type: "event", ...eventBody(this.link.protocol, event, plainPayload(payload)) });
	}

	subscribe(frame: Frame): void {
		for (const name of strings(frame, "events") ?? []) this.observe(name);
		for (const name of strings(frame, "intercept") ?? []) this.intercept(name);
	}

	private observe(name: string): void {
		const { link } = this;
		const allowed = link.protocol >= 2 ? isEventName(name) : V1_EVENTS.includes(name as EventName);
		if (!allowed) {
			link.report("subscribe", `cannot subscribe to "${name}": ${this.why(name, V1_EVENTS)}`);
			return;
		}
		const event = name as EventName;
		if (this.observed.has(event)) return;
		this.observed.add(event);
		if (link.protocol < 2 && isV1TurnEvent(event)) {
			this.v1Turns ??= new V1Turns(link);
			this.v1Turns.want(event);
			return;
		}
		link.kernel.bus.on(
			event,
			(e: BusEvent<EventName>) => {
				link.send({ type: "event", ...eventBody(link.protocol, event, plainPayload(e)) });
			},
			{ owner: link.name, observer: true },
		);
	}

	private intercept(name: string): void {
		const { link } = this;
		const v2 = link.protocol >= 2;
		const allowed = v2
			? isEventName(name) && EVENTS[name].kind !== "observe"
			: V1_INTERCEPTS.includes(name as EventName);
		if (!allowed) {
			const reason =
				v2 && isEventName(name)
					? `"${name}" is an observe event; its results are ignored, so subscribe to it in "events" instead`
					: this.why(name, V1_INTERCEPTS);
			link.report("subscribe", `cannot intercept "${name}": ${reason}`);
			return;
		}
		const event = name as EventName;
		if (this.intercepted.has(event)) return;
		this.intercepted.add(event);
		link.kernel.bus.on(event, (e: BusEvent<EventName>) => this.ask(event, e), { owner: link.name });
	}

	/** One intercept round trip; a rejection is a handler failure the bus reports and applies policy to. */
	private async ask(event: EventName, e: BusEvent<EventName>): Promise<never> {
		const { link } = this;
		if (!link.running) throw new Error(`extension "${link.name}" ${link.unavailable}`);
		const body = eventBody(link.protocol, event, plainPayload(e));
		const started = performance.now();
		let late = false;
		let response: Frame;
		try {
			response = await link.request(
				"intercept",
				`${event} intercept`,
				(id) => ({ type: "event_intercept", id, ...body }),
				{
					timeoutMs: link.limits.interceptForgetMs,
					timeoutMessage: `extension "${link.name}" never answered a ${event} intercept`,
					// The bus gives up at its deadline; a reply after that is a missed deadline for the breaker.
					deadlineMs: link.interceptDeadlineMs,
					onLate: () => {
						late = true;
					},
				},
			);
		} catch (error) {
			link.interceptTime(event, performance.now() - started, false);
			// Past its deadline the bus's verdict (a timeout, and its policy) stands: a later failure of the
			// request (the extension restarted or stopped meanwhile) must not race it with another reason.
			if (late) return new Promise<never>(() => {});
			throw error;
		}
		link.interceptTime(event, performance.now() - started, true);
		return interceptResult(link.protocol, event, response, link.name) as never;
	}

	private why(name: string, v1: readonly EventName[]): string {
		if (this.link.protocol < 2 && isEventName(name)) {
			return `protocol v1 supports ${v1.join(", ")}; send "protocol": 2 in hello for every event of the catalog`;
		}
		return `no such event (the catalog: ${EVENT_NAMES.join(", ")})`;
	}
}
