/**
 * A named, owner-tagged registry. Conflicts are resolved the same way for
 * every kind of thing: built-ins win, otherwise the first registrant wins,
 * and every conflict is recorded so diagnostics can show it.
 */
import { BUILTIN_OWNER } from "./owner.js";

export interface Registration<T> {
	name: string;
	value: T;
	owner: string;
}

export interface Conflict {
	kind: string;
	name: string;
	/** Who keeps the name. */
	winner: string;
	/** Whose registration was refused or displaced. */
	loser: string;
}

export type RegisterOutcome = { ok: true; displaced?: string } | { ok: false; conflict: Conflict };

export class Registry<T> {
	private readonly items = new Map<string, Registration<T>>();
	private readonly listeners = new Set<() => void>();
	readonly conflicts: Conflict[] = [];

	constructor(readonly kind: string) {}

	register(name: string, value: T, owner: string): RegisterOutcome {
		if (!name) throw new Error(`${this.kind} name must not be empty`);
		const existing = this.items.get(name);
		if (existing && existing.owner !== owner) {
			const builtinWins = existing.owner === BUILTIN_OWNER || owner !== BUILTIN_OWNER;
			if (builtinWins) {
				const conflict: Conflict = { kind: this.kind, name, winner: existing.owner, loser: owner };
				this.conflicts.push(conflict);
				return { ok: false, conflict };
			}
			this.conflicts.push({ kind: this.kind, name, winner: owner, loser: existing.owner });
			this.items.set(name, { name, value, owner });
			this.changed();
			return { ok: true, displaced: existing.owner };
		}
		this.items.set(name, { name, value, owner });
		this.changed();
		return { ok: true };
	}

	unregister(name: string, owner: string): boolean {
		const existing = this.items.get(name);
		if (!existing || existing.owner !== owner) return false;
		this.items.delete(name);
		this.changed();
		return true;
	}

	/** Removes everything the owner registered (and its recorded conflicts); returns the names removed. */
	removeOwner(owner: string): string[] {
		const removed: string[] = [];
		for (const [name, reg] of this.items) {
			if (reg.owner === owner) {
				this.items.delete(name);
				removed.push(name);
			}
		}
		for (let i = this.conflicts.length - 1; i >= 0; i--) {
			if (this.conflicts[i].loser === owner || this.conflicts[i].winner === owner)
				this.conflicts.splice(i, 1);
		}
		if (removed.length > 0) this.changed();
		return removed;
	}

	get(name: string): T | undefined {
		return this.items.get(name)?.value;
	}

	has(name: string): boolean {
		return this.items.has(name);
	}

	ownerOf(name: string): string | undefined {
		return this.items.get(name)?.owner;
	}

	/** Registrations in insertion order. */
	list(owner?: string): Registration<T>[] {
		const all = [...this.items.values()];
		return owner ? all.filter((r) => r.owner === owner) : all;
	}

	names(owner?: string): string[] {
		return this.list(owner).map((r) => r.name);
	}

	onChange(listener: () => void): () => void {
		this.listeners.add(listener);
		return () => this.listeners.delete(listener);
	}

	private changed(): void {
		for (const listener of this.listeners) listener();
	}
}
