/**
 * Whose code is running. Every call into an owner's code (bus handlers,
 * timers, tools, commands, factories…) runs in that owner's async context
 * (AsyncLocalStorage), and Node carries the context into everything that
 * code schedules: awaits, plain `setTimeout`, promise chains, EventEmitter
 * callbacks. So when something an extension started throws with nobody left
 * to catch it, the process-level guard can tell whose it was and charge that
 * extension instead of ending weft.
 *
 * weft's own code (the built-in owner) runs outside any owner's context.
 * Until some owner's code first runs, the storage is never entered and
 * costs nothing; after that Node tracks the context of every promise, which
 * `npm run bench` measures.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { BUILTIN_OWNER } from "./owner.js";

export type FaultOrigin = "uncaught exception" | "unhandled rejection";

/** An uncaught exception or unhandled rejection traced to one owner. */
export interface OwnerFault {
	owner: string;
	origin: FaultOrigin;
	error: unknown;
}

/** What the async context carries: the owner, and the scopes (of one kernel) that hear about its faults. */
export interface OwnerScope {
	readonly owner: string;
	readonly scopes: OwnerScopes;
}

const storage = new AsyncLocalStorage<OwnerScope | undefined>();

/** The scope of the code running now, or undefined for weft's own code. */
export function currentScope(): OwnerScope | undefined {
	return storage.getStore();
}

/** The owners of one kernel, and where faults traced to them are reported. */
export class OwnerScopes {
	private readonly byOwner = new Map<string, OwnerScope>();
	private readonly listeners = new Set<(fault: OwnerFault) => void>();

	/** The scope handlers of `owner` run in; undefined for the built-in owner (no context). */
	scope(owner: string): OwnerScope | undefined {
		if (owner === BUILTIN_OWNER) return undefined;
		let scope = this.byOwner.get(owner);
		if (!scope) {
			scope = { owner, scopes: this };
			this.byOwner.set(owner, scope);
		}
		return scope;
	}

	/** Runs `fn` as `owner`'s code (the built-in owner: as nobody's). */
	run<T>(owner: string, fn: () => T): T {
		return runInScope(this.scope(owner), fn);
	}

	/** Hands a fault to the listeners; false when nobody listens (the owner's host is gone). */
	report(fault: OwnerFault): boolean {
		if (this.listeners.size === 0) return false;
		for (const listener of this.listeners) {
			try {
				listener(fault);
			} catch {
				// A failing listener must not turn an extension's fault into weft's; nowhere is left to report it.
			}
		}
		return true;
	}

	onFault(listener: (fault: OwnerFault) => void): () => void {
		this.listeners.add(listener);
		return () => this.listeners.delete(listener);
	}
}

/** Runs `fn` in `scope` (undefined: outside every owner's context), entering it only when not already there. */
export function runInScope<T>(scope: OwnerScope | undefined, fn: () => T): T {
	return storage.getStore() === scope ? fn() : storage.run(scope, fn);
}
