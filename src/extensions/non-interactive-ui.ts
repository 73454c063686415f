/**
 * The UI port where no user can answer (print, JSON and SDK modes):
 * notifications become one stderr line (and are announced to listeners:
 * the JSON stream carries them), dialogs resolve as cancelled at
 * once, and status, widgets, header and footer are kept in memory — not
 * drawn, but inspectable (tests and the author harness read them).
 */
import {
	decoratePort,
	type NotifyLevel,
	type PrintBlock,
	type UIPort,
	UndrawnAppearance,
	type WidgetSpec,
} from "../kernel/ui-port.js";
import type { ScopableUI } from "./ui-scope.js";

export interface Notification {
	extension: string | undefined;
	message: string;
	level: NotifyLevel;
}

export interface NonInteractiveUIOptions {
	/** Where notifications and printed blocks go; omit to only record them. */
	stderr?: NodeJS.WritableStream;
}

export class NonInteractiveUI extends UndrawnAppearance implements ScopableUI {
	readonly interactive = false;
	readonly notifications: Notification[] = [];
	readonly printed: Array<PrintBlock & { extension: string | undefined }> = [];
	readonly statuses = new Map<string, string>();
	readonly widgets = new Map<string, WidgetSpec>();
	header: string[] | undefined;
	footer: string[] | undefined;
	private readonly listeners = new Set<(notification: Notification) => void>();

	constructor(private readonly options: NonInteractiveUIOptions = {}) {
		super();
	}

	/** Calls `listener` with each notification from now on; returns a function that removes it. */
	onNotification(listener: (notification: Notification) => void): () => void {
		this.listeners.add(listener);
		return () => this.listeners.delete(listener);
	}

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

	/** No window to title without a terminal UI. */
	setTitle(_title: string): void {}

	/** @internal shared by the scoped views */
	note(extension: string | undefined, message: string, level: NotifyLevel): void {
		const notification = { extension, message, level };
		this.notifications.push(notification);
		const who = extension ? `[${extension}] ` : "";
		const what = level === "warning" || level === "error" ? `${level}: ` : "";
		this.options.stderr?.write(`weft: ${who}${what}${message}\n`);
		for (const listener of this.listeners) listener(notification);
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
	return decoratePort(ui, {
		notify: (message, level = "info") => ui.note(name, message, level),
		print: (block) => ui.block(name, block),
	});
}
