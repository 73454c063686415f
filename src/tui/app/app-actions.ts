/**
 * What the stock app keys do (the `app.*` actions, and the `composer.*`
 * actions routed to the stock composer): abort, queue editing, thinking
 * level, interrupt-then-exit, expansion, suspend, redraw, follow-up. Kept
 * apart from the app's assembly; the key router binds keys to these names.
 */
import type { Composer } from "../chat/composer/composer.js";
import { COMPOSER_BINDINGS } from "../chat/composer/composer.js";
import type { Notifications } from "../chat/ui/status-line.js";
import type { Clock } from "../clock.js";
import type { InlineRenderer } from "../render/inline-renderer.js";

export interface ChatAppHooks {
	/** The user sent text: "prompt" when idle, "steer" or "followUp" while the agent works. */
	submit(text: string, kind: "prompt" | "steer" | "followUp"): void;
	abort(): void;
	exit(): void;
	suspend(): void;
	/** Lends the terminal to another program until the returned function is called; absent where the UI cannot. */
	releaseTerminal?(): () => void;
	isBusy(): boolean;
	/** Takes back messages queued while the agent works and not yet sent (all, or the last); their texts. */
	unqueue(which: "all" | "last"): string[];
	/** Moves the thinking level on to the next one. */
	cycleThinking(): void;
	/** Shown when a key handler fails. */
	error(message: string): void;
}

/** What the actions act on. */
export interface AppActionHost {
	readonly composer: Composer;
	readonly notifications: Notifications;
	readonly clock: Clock;
	readonly renderer: InlineRenderer;
	/** Undefined until the app starts. */
	readonly hooks: ChatAppHooks | undefined;
	/** The stock composer is the editor (an extension's editor takes keys itself). */
	readonly stockEditor: boolean;
	toggleExpanded(): void;
}

/** Queued texts back in the composer, in the order typed, before whatever draft is there. */
function restoreQueued(composer: Composer, texts: string[]): void {
	if (texts.length === 0) return;
	const draft = composer.getText();
	composer.setText([...texts, draft].filter((t) => t.trim() !== "").join("\n\n"));
}

export function appActions(host: AppActionHost): Record<string, () => boolean | undefined> {
	let lastInterrupt = Number.NEGATIVE_INFINITY;
	const composerActions = host.composer.actions as Record<string, () => boolean>;
	const editorAction = (name: string) => () => {
		// An extension's editor takes keys itself; stock editing actions pass the key on to it.
		if (!host.stockEditor) return false;
		return composerActions[name]();
	};
	const actions: Record<string, () => boolean | undefined> = {
		"app.abort": () => {
			if (!host.hooks?.isBusy()) return false;
			// What was typed for the stopped run comes back to edit, rather than being sent after the next message.
			if (host.stockEditor) restoreQueued(host.composer, host.hooks.unqueue("all"));
			host.hooks.abort();
			return true;
		},
		"app.editQueued": () => {
			if (!host.stockEditor || !host.hooks) return false;
			const texts = host.hooks.unqueue("last");
			if (texts.length === 0) return false;
			restoreQueued(host.composer, texts);
			return true;
		},
		"app.thinking": () => {
			host.hooks?.cycleThinking();
			return true;
		},
		"app.interrupt": () => {
			// First press clears a draft; on an empty composer it arms, and a second press within 2 s exits.
			if (!host.composer.isEmpty) {
				host.composer.setText("");
				lastInterrupt = Number.NEGATIVE_INFINITY;
				return true;
			}
			const now = host.clock.now();
			if (now - lastInterrupt < 2_000) {
				host.hooks?.exit();
				return true;
			}
			lastInterrupt = now;
			host.notifications.notify("Press Ctrl+C again to exit", "info");
			return true;
		},
		"app.exit": () => {
			if (!host.composer.isEmpty) return false;
			host.hooks?.exit();
			return true;
		},
		"app.expand": () => {
			host.toggleExpanded();
			return true;
		},
		"app.suspend": () => {
			host.hooks?.suspend();
			return true;
		},
		"app.redraw": () => {
			host.renderer.resized();
			return true;
		},
		"app.followUp": () => {
			if (!host.stockEditor) return false;
			if (!host.hooks?.isBusy()) return composerActions.newline();
			const text = host.composer.takeText();
			if (text.trim() !== "") host.hooks.submit(text, "followUp");
			return true;
		},
	};
	for (const { action } of COMPOSER_BINDINGS) actions[`composer.${action}`] = editorAction(action);
	return actions;
}
