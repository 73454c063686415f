/**
 * Keymaps: many bindings per key, dispatched by descending priority; the
 * first handler that returns true (or doesn't return false) claims the key.
 */
export type KeymapTarget = "global" | "composer" | "transcript" | `window:${string}` | `mode:${string}`;

export interface KeyBinding {
	key: string;
	target: KeymapTarget;
	description?: string;
	priority: number;
	owner: string;
	/** Returning false passes the key on to the next binding. */
	handler: () => boolean | undefined | void | Promise<void>;
}

export class KeymapRegistry {
	private readonly bindings: KeyBinding[] = [];
	private seq = 0;
	private readonly order = new WeakMap<KeyBinding, number>();

	bind(binding: Omit<KeyBinding, "priority"> & { priority?: number }): () => void {
		const entry: KeyBinding = { ...binding, priority: binding.priority ?? 0 };
		this.order.set(entry, this.seq++);
		this.bindings.push(entry);
		return () => {
			const i = this.bindings.indexOf(entry);
			if (i >= 0) this.bindings.splice(i, 1);
		};
	}

	/** Bindings for a key in the given targets, highest priority first, newest first among equals. */
	lookup(key: string, targets: readonly KeymapTarget[]): KeyBinding[] {
		return this.bindings
			.filter((b) => b.key === key && targets.includes(b.target))
			.sort((a, b) => b.priority - a.priority || this.order.get(b)! - this.order.get(a)!);
	}

	list(owner?: string): KeyBinding[] {
		return owner ? this.bindings.filter((b) => b.owner === owner) : [...this.bindings];
	}

	removeOwner(owner: string): number {
		let removed = 0;
		for (let i = this.bindings.length - 1; i >= 0; i--) {
			if (this.bindings[i].owner === owner) {
				this.bindings.splice(i, 1);
				removed++;
			}
		}
		return removed;
	}
}
