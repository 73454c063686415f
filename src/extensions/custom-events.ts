/**
 * Custom events between extensions (`weft.events.on/emit`): a channel apart
 * from the kernel bus, with free-form names (by convention namespaced,
 * "my-ext:thing"). Delivery is synchronous, in subscription order; a handler
 * that throws or rejects is attributed to its extension and skipped, so one
 * bad listener never stops the others or the emitter.
 */

export type CustomEventHandler = (data: unknown) => unknown;

interface Subscription {
	owner: string;
	handler: CustomEventHandler;
}

export class CustomEvents {
	private readonly byName = new Map<string, Subscription[]>();

	/** `run` wraps every handler call (the host marks it for the watchdog); `onError` attributes failures. */
	constructor(
		private readonly onError: (owner: string, event: string, error: unknown) => void,
		private readonly run: <T>(owner: string, event: string, fn: () => T) => T = (_o, _e, fn) => fn(),
	) {}

	on(owner: string, name: string, handler: CustomEventHandler): () => void {
		if (typeof name !== "string" || name === "") throw new Error("events.on needs an event name");
		if (typeof handler !== "function") throw new Error(`events.on("${name}") needs a handler function`);
		const subscription: Subscription = { owner, handler };
		const list = this.byName.get(name) ?? [];
		list.push(subscription);
		this.byName.set(name, list);
		return () => {
			const current = this.byName.get(name);
			const index = current?.indexOf(subscription) ?? -1;
			if (index >= 0) current!.splice(index, 1);
		};
	}

	emit(name: string, data: unknown): void {
		for (const { owner, handler } of [...(this.byName.get(name) ?? [])]) {
			try {
				const result = this.run(owner, name, () => handler(data));
				if (result && typeof (result as PromiseLike<unknown>).then === "function") {
					(result as Promise<unknown>).then(undefined, (error) => this.onError(owner, name, error));
				}
			} catch (error) {
				this.onError(owner, name, error);
			}
		}
	}

	/** Drops every subscription of one extension (on unload). */
	removeOwner(owner: string): void {
		for (const [name, list] of this.byName) {
			const kept = list.filter((s) => s.owner !== owner);
			if (kept.length > 0) this.byName.set(name, kept);
			else this.byName.delete(name);
		}
	}

	count(owner: string): number {
		let total = 0;
		for (const list of this.byName.values()) for (const s of list) if (s.owner === owner) total++;
		return total;
	}
}
