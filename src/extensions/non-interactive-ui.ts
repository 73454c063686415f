/**
 * The UI port where no user can answer (print, JSON and SDK modes):
 * notifications become one stderr line, dialogs resolve as cancelled at
 * once, and status, widgets, header and footer are kept in memory — not
 * drawn, but inspectable (tests and the author harness read them).
 */
import {
	delegatePort,
	type NotifyLevel,
	type PrintBlock,
	type UIPort,
	type WidgetSpec,
} from "../kernel/ui-port.js";
import type { TuiSurface } from "../kernel/ui-surface.js";

/** A UI port that can give each extension its own view, so lines name the extension. */
export interface ScopableUI extends UIPort {
	forExtension(name: string): UIPort;
	/** Takes down what an unloading extension put on screen (widgets, status, windows, overlays…). */
	removeOwner?(name: string): void;
}

export interface Notification {
	extension: string | undefined;
	message: string;
	level: NotifyLevel;
}

export interface NonInteractiveUIOptions {
	/** Where notifications and printed blocks go; omit to only record them. */
	stderr?: NodeJS.WritableStream;
}

export class NonInteractiveUI implements ScopableUI {
	readonly interactive = false;
	readonly notifications: Notification[] = [];
	readonly printed: Array<PrintBlock & { extension: string | undefined }> = [];
	readonly statuses = new Map<string, string>();
	readonly widgets = new Map<string, WidgetSpec>();
	header: string[] | undefined;
	footer: string[] | undefined;

	constructor(private readonly options: NonInteractiveUIOptions = {}) {}

	forExtension(name: string): UIPort {
		return scopedPort(this, name);
	}

	notify(message: string, level: NotifyLevel = "info"): void {
		this.note(undefined, message, level);
	}

	print(block: PrintBlock): void {
		this.block(undefined, block);
	}

	select(): Promise<string | undefined> {
		return Promise.resolve(undefined);
	}

	multiSelect(): Promise<string[] | undefined> {
		return Promise.resolve(undefined);
	}

	confirm(): Promise<boolean> {
		return Promise.resolve(false);
	}

	input(): Promise<string | undefined> {
		return Promise.resolve(undefined);
	}

	editor(): Promise<string | undefined> {
		return Promise.resolve(undefined);
	}

	setStatus(id: string, text: string | undefined): void {
		if (text === undefined) this.statuses.delete(id);
		else this.statuses.set(id, text);
	}

	setWidget(spec: WidgetSpec): void {
		this.widgets.set(spec.id, spec);
	}

	removeWidget(id: string): void {
		this.widgets.delete(id);
	}

	setHeader(lines: string[] | undefined): void {
		this.header = lines;
	}

	setFooter(lines: string[] | undefined): void {
		this.footer = lines;
	}

	/** @internal shared by the scoped views */
	note(extension: string | undefined, message: string, level: NotifyLevel): void {
		this.notifications.push({ extension, message, level });
		const who = extension ? `[${extension}] ` : "";
		const what = level === "warning" || level === "error" ? `${level}: ` : "";
		this.options.stderr?.write(`weft: ${who}${what}${message}\n`);
	}

	/** @internal shared by the scoped views */
	block(extension: string | undefined, block: PrintBlock): void {
		this.printed.push({ ...block, extension });
		const title = block.title ? `${block.title}: ` : "";
		const text = block.text.endsWith("\n") ? block.text : `${block.text}\n`;
		this.options.stderr?.write(`${title}${text}`);
	}
}

/** The same port, with notifications and printed blocks attributed to one extension. */
function scopedPort(ui: NonInteractiveUI, name: string): UIPort {
	return delegatePort(ui, {
		notify: (message, level = "info") => ui.note(name, message, level),
		print: (block) => ui.block(name, block),
	});
}

/** A per-extension view of any UI port: scoped when the port supports it, else notes prefixed with the name. */
export function uiForExtension(ui: UIPort, name: string): UIPort {
	if (typeof (ui as Partial<ScopableUI>).forExtension === "function")
		return (ui as ScopableUI).forExtension(name);
	return delegatePort(ui, { notify: (message, level) => ui.notify(`[${name}] ${message}`, level) });
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
	return {
		get interactive() {
			return ui.interactive;
		},
		notify: (message, level) => ui.notify(message, level),
		print: (block) => ui.print(block),
		select: held((title, items, options) => ui.select(title, items, options)),
		multiSelect: held((title, items, options) => ui.multiSelect(title, items, options)),
		confirm: held((title, message, options) => ui.confirm(title, message, options)),
		input: held((title, options) => ui.input(title, options)),
		editor: held((title, initial, options) => ui.editor(title, initial, options)),
		setStatus: (id, text) => ui.setStatus(id, text),
		setWidget: (spec) => ui.setWidget(spec),
		removeWidget: (id) => ui.removeWidget(id),
		setHeader: (lines) => ui.setHeader(lines),
		setFooter: (lines) => ui.setFooter(lines),
		get tui() {
			const tui = ui.tui;
			if (!tui) return undefined;
			// Everything else comes from the surface itself (getters included); only custom dialogs hold deadlines.
			const custom = held(tui.custom.bind(tui)) as TuiSurface["custom"];
			return Object.assign(Object.create(tui) as TuiSurface, { custom });
		},
	};
}
