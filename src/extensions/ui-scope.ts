/**
 * How the host hands a UI port to one extension, whatever the mode: a view
 * scoped to the extension (its lines name it; what it shows is removed when
 * it unloads), and dialogs that hold the extension's handler deadlines while
 * the user decides.
 */
import { type DialogOptions, decoratePort, type UIPort } from "../kernel/ui-port.js";
import type { TUISurface } from "../kernel/ui-surface.js";

/** A UI port that can give each extension its own view, so lines name the extension. */
export interface ScopableUI extends UIPort {
	forExtension(name: string): UIPort;
	/** Takes down what an unloading extension put on screen (widgets, status, windows, overlays…). */
	removeOwner?(name: string): void;
}

/** A per-extension view of any UI port: scoped when the port supports it, else notes prefixed with the name. */
export function uiForExtension(ui: UIPort, name: string): UIPort {
	if (typeof (ui as Partial<ScopableUI>).forExtension === "function")
		return (ui as ScopableUI).forExtension(name);
	return decoratePort(ui, { notify: (message, level) => ui.notify(`[${name}] ${message}`, level) });
}

/**
 * Wraps a UI port so the extension's handler deadlines are suspended while
 * one of its dialogs waits for the user: asking for permission inside a
 * `tool_call` handler must not fail closed because the user took 6 s.
 */
export function holdingDeadlinesInDialogs(ui: UIPort, hold: () => () => void): UIPort {
	const held =
		<A extends unknown[], R>(fn: (...args: A) => Promise<R>) =>
		async (...args: A): Promise<R> => {
			const release = hold();
			try {
				return await fn(...args);
			} finally {
				release();
			}
		};
	return decoratePort(ui, {
		select: held((title, items, options) => ui.select(title, items, options)),
		multiSelect: held((title, items, options) => ui.multiSelect(title, items, options)),
		confirm: held((title, message, options) => ui.confirm(title, message, options)),
		input: held((title, options) => ui.input(title, options)),
		editor: held((title, initial, options) => ui.editor(title, initial, options)),
		get tui() {
			const tui = ui.tui;
			if (!tui) return undefined;
			// Everything else comes from the surface itself (getters included); only custom dialogs hold deadlines.
			const custom = held(tui.custom.bind(tui)) as TUISurface["custom"];
			return Object.assign(Object.create(tui) as TUISurface, { custom });
		},
	});
}

/**
 * Dialogs asked without a signal of their own end with the run that asked
 * them: when it is aborted (RPC `abort`, ACP cancel, an extension's
 * `ctx.abort()`), they resolve as cancelled, so a `tool_call` handler waiting
 * for an answer no longer keeps the aborted run from ending.
 */
export function endingWithTheRun(ui: UIPort, runSignal: () => AbortSignal | undefined): UIPort {
	const bound = <O extends DialogOptions>(options: O | undefined): O | undefined => {
		if (options?.signal) return options;
		const signal = runSignal();
		return signal ? ({ ...options, signal } as O) : options;
	};
	return decoratePort(ui, {
		select: (title, items, options) => ui.select(title, items, bound(options)),
		multiSelect: (title, items, options) => ui.multiSelect(title, items, bound(options)),
		confirm: (title, message, options) => ui.confirm(title, message, bound(options)),
		input: (title, options) => ui.input(title, bound(options)),
		editor: (title, initial, options) => ui.editor(title, initial, bound(options)),
	});
}
