/**
 * Where a key goes, in order: the kernel's `key` event (an extension may
 * consume it), the focused overlay (dialogs take every key), a component
 * that is capturing keys (the composer while its completion list is open),
 * the keymaps of the active targets by priority, and finally the focused
 * window's component (typing). Keys are handled one at a time, in order,
 * even when an extension's key handler is async.
 */
import type { EventBus } from "../../kernel/event-bus.js";
import type { KeymapRegistry, KeymapTarget } from "../../kernel/keymap.js";
import type { KeyEvent } from "../input/input-events.js";
import type { Component } from "../primitives/window.js";

export interface KeyRouterOptions {
	bus: EventBus;
	keymaps: KeymapRegistry;
	/** The component of the focused overlay, if one takes keys. */
	overlay(): Component | undefined;
	/** The focused window's id and component. */
	focused(): { id: string; component: Component | undefined; isComposer: boolean } | undefined;
	/** True when the component wants this key before any keymap (an open completion list). */
	captures(component: Component, key: KeyEvent): boolean;
	/** The active mode, for `mode:<name>` bindings. */
	mode(): string;
	onError(error: unknown): void;
	/** Called after every handled key (to draw the result). */
	afterKey(): void;
}

export class KeyRouter {
	private queue: Promise<void> = Promise.resolve();

	constructor(private readonly options: KeyRouterOptions) {}

	/** Handles a key after the ones before it. */
	push(key: KeyEvent): void {
		if (this.pending === 0 && !this.options.bus.hasHandlers("key")) {
			// The common case stays synchronous: no extension listens to raw keys.
			this.route(key);
			return;
		}
		this.pending++;
		this.queue = this.queue
			.then(async () => {
				const dispatch = await this.options.bus.emit("key", { key: key.id, raw: key.raw });
				if (dispatch.consumed) this.options.afterKey();
				else this.route(key);
			})
			.catch((error) => this.options.onError(error))
			.finally(() => {
				this.pending--;
			});
	}

	/** Keys waiting behind an async `key` handler. */
	private pending = 0;

	private route(key: KeyEvent): void {
		try {
			this.deliver(key);
		} catch (error) {
			this.options.onError(error);
		}
		this.options.afterKey();
	}

	private deliver(key: KeyEvent): void {
		const overlay = this.options.overlay();
		if (overlay) {
			// Ctrl+C backs out of any dialog, even one that does not handle it itself.
			const cancel = (overlay as { cancel?: () => void }).cancel;
			if (key.id === "ctrl+c" && typeof cancel === "function") cancel.call(overlay);
			else overlay.handleInput?.(key);
			return;
		}
		const focused = this.options.focused();
		if (focused?.component && this.options.captures(focused.component, key)) {
			if (focused.component.handleInput?.(key)) return;
		}
		const targets: KeymapTarget[] = [`mode:${this.options.mode()}`];
		if (focused) targets.push(`window:${focused.id}`);
		if (focused?.isComposer) targets.push("composer");
		targets.push("global");
		for (const binding of this.options.keymaps.lookup(key.id, targets)) {
			const result = binding.handler();
			if (result !== false) {
				if (result instanceof Promise) result.catch((error) => this.options.onError(error));
				return;
			}
		}
		focused?.component?.handleInput?.(key);
	}
}
