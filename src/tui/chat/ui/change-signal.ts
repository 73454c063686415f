/** "Something I draw changed": how UI pieces ask the app for a frame when no key caused it (timers, results). */
export class ChangeSignal {
	private readonly listeners = new Set<() => void>();

	/** Returns the unsubscribe function. */
	on(listener: () => void): () => void {
		this.listeners.add(listener);
		return () => this.listeners.delete(listener);
	}

	emit(): void {
		for (const listener of [...this.listeners]) listener();
	}
}
