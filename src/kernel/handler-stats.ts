/** Time and failure accounting per owner and event, for diagnostics (`weft ext list`). */
import type { EventName } from "./events.js";

export interface EventStats {
	calls: number;
	ms: number;
	errors: number;
	timeouts: number;
}

export class HandlerStats {
	private readonly byOwner = new Map<string, Map<EventName, EventStats>>();

	/** The owner's counters for one event, created on first use. */
	for(owner: string, event: EventName): EventStats {
		let byEvent = this.byOwner.get(owner);
		if (!byEvent) {
			byEvent = new Map();
			this.byOwner.set(owner, byEvent);
		}
		let stats = byEvent.get(event);
		if (!stats) {
			stats = { calls: 0, ms: 0, errors: 0, timeouts: 0 };
			byEvent.set(event, stats);
		}
		return stats;
	}

	of(owner: string): Map<EventName, EventStats> {
		return this.byOwner.get(owner) ?? new Map();
	}

	total(owner: string): EventStats {
		const total: EventStats = { calls: 0, ms: 0, errors: 0, timeouts: 0 };
		for (const s of this.of(owner).values()) {
			total.calls += s.calls;
			total.ms += s.ms;
			total.errors += s.errors;
			total.timeouts += s.timeouts;
		}
		return total;
	}
}
