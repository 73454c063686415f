/**
 * The UI port of the test harness: a scripted user. Dialogs are answered from
 * a script (a fixed answer, a queue of answers, or a function of the dialog)
 * and every dialog is recorded with its answer; notifications, printed
 * blocks, status, widgets, header and footer are kept as the non-interactive
 * port keeps them. An unscripted dialog is cancelled, as in print mode.
 */
import { NonInteractiveUI } from "../extensions/non-interactive-ui.js";
import type { ScopableUI } from "../extensions/ui-scope.js";
import {
	type DialogOptions,
	decoratePort,
	type NotifyLevel,
	type PrintBlock,
	type SelectItem,
	type UIPort,
	UndrawnAppearance,
	type WidgetSpec,
} from "../kernel/ui-port.js";

export type DialogKind = "select" | "multiSelect" | "confirm" | "input" | "editor";

/** A dialog an extension opened. */
export interface DialogRequest {
	/** The extension that asked (undefined when asked through the unscoped port). */
	extension: string | undefined;
	kind: DialogKind;
	title: string;
	/** confirm's message. */
	message?: string;
	/** select / multiSelect: the values offered. */
	items?: string[];
	/** input / editor: the initial text. */
	initial?: string;
}

export interface DialogRecord extends DialogRequest {
	/** What the scripted user answered; undefined (false for confirm) means cancelled. */
	answer: boolean | string | string[] | undefined;
}

/**
 * A scripted answer: one value for every dialog of its kind, an array used
 * one per dialog in order (cancelled once used up), or a function of the
 * dialog (return undefined to cancel). For multiSelect a single answer is a
 * `string[]`, a queue a `string[][]`.
 */
export type Answer<T> =
	| T
	| readonly T[]
	| ((dialog: DialogRequest) => T | undefined | Promise<T | undefined>);

export interface UIScript {
	/** Whether a user is present (ctx.hasUI); false answers every dialog as cancelled, like print mode. Default true. */
	interactive?: boolean;
	confirm?: Answer<boolean>;
	select?: Answer<string>;
	multiSelect?: Answer<string[]>;
	input?: Answer<string>;
	editor?: Answer<string>;
}

type DialogAnswer = boolean | string | string[] | undefined;

export class ScriptedUI extends UndrawnAppearance implements ScopableUI {
	readonly interactive: boolean;
	readonly dialogs: DialogRecord[] = [];
	private readonly recorder = new NonInteractiveUI();
	private readonly used = new Map<DialogKind, number>();

	constructor(private readonly script: UIScript = {}) {
		super();
		this.interactive = script.interactive ?? true;
	}

	get notifications(): NonInteractiveUI["notifications"] {
		return this.recorder.notifications;
	}
	get printed(): NonInteractiveUI["printed"] {
		return this.recorder.printed;
	}
	get statuses(): ReadonlyMap<string, string> {
		return this.recorder.statuses;
	}
	get widgets(): ReadonlyMap<string, WidgetSpec> {
		return this.recorder.widgets;
	}
	get header(): string[] | undefined {
		return this.recorder.header;
	}
	get footer(): string[] | undefined {
		return this.recorder.footer;
	}

	forExtension(name: string): UIPort {
		return this.port(name);
	}

	notify(message: string, level?: NotifyLevel): void {
		this.recorder.note(undefined, message, level ?? "info");
	}
	print(block: PrintBlock): void {
		this.recorder.block(undefined, block);
	}
	select(title: string, items: ReadonlyArray<string | SelectItem>, options?: DialogOptions) {
		return this.port(undefined).select(title, items, options);
	}
	multiSelect(title: string, items: ReadonlyArray<string | SelectItem>, options?: DialogOptions) {
		return this.port(undefined).multiSelect(title, items, options);
	}
	confirm(title: string, message?: string, options?: DialogOptions) {
		return this.port(undefined).confirm(title, message, options);
	}
	input(title: string, options?: DialogOptions & { placeholder?: string; initial?: string }) {
		return this.port(undefined).input(title, options);
	}
	editor(title: string, initial?: string, options?: DialogOptions) {
		return this.port(undefined).editor(title, initial, options);
	}
	setStatus(id: string, text: string | undefined): void {
		this.recorder.setStatus(id, text);
	}
	setWidget(spec: WidgetSpec): void {
		this.recorder.setWidget(spec);
	}
	removeWidget(id: string): void {
		this.recorder.removeWidget(id);
	}
	setHeader(lines: string[] | undefined): void {
		this.recorder.setHeader(lines);
	}
	setFooter(lines: string[] | undefined): void {
		this.recorder.setFooter(lines);
	}
	setTitle(title: string): void {
		this.recorder.setTitle(title);
	}

	/** The port as one extension sees it: notes and dialogs carry its name. */
	private port(extension: string | undefined): UIPort {
		const values = (items: ReadonlyArray<string | SelectItem>) =>
			items.map((item) => (typeof item === "string" ? item : item.value));
		return decoratePort(this, {
			notify: (message, level = "info") => this.recorder.note(extension, message, level),
			print: (block) => this.recorder.block(extension, block),
			select: async (title, items) => {
				const offered = values(items);
				const answer = await this.ask({ extension, kind: "select", title, items: offered });
				if (answer !== undefined && !offered.includes(answer as string)) {
					throw new Error(
						`the scripted answer "${answer}" to select "${title}" is not one of the items: ${offered.join(", ")}`,
					);
				}
				return answer as string | undefined;
			},
			multiSelect: async (title, items) =>
				(await this.ask({ extension, kind: "multiSelect", title, items: values(items) })) as
					| string[]
					| undefined,
			confirm: async (title, message) =>
				(await this.ask({ extension, kind: "confirm", title, message })) === true,
			input: async (title, options) =>
				(await this.ask({ extension, kind: "input", title, initial: options?.initial })) as
					| string
					| undefined,
			editor: async (title, initial) =>
				(await this.ask({ extension, kind: "editor", title, initial })) as string | undefined,
		});
	}

	private async ask(dialog: DialogRequest): Promise<DialogAnswer> {
		const answer = this.interactive ? await this.answerFor(dialog) : undefined;
		this.dialogs.push({ ...dialog, answer: dialog.kind === "confirm" ? answer === true : answer });
		return answer;
	}

	private async answerFor(dialog: DialogRequest): Promise<DialogAnswer> {
		const scripted = this.script[dialog.kind] as Answer<DialogAnswer> | undefined;
		if (typeof scripted === "function") return scripted(dialog);
		const isQueue = Array.isArray(scripted) && (dialog.kind !== "multiSelect" || Array.isArray(scripted[0]));
		if (!isQueue) return scripted as DialogAnswer;
		const index = this.used.get(dialog.kind) ?? 0;
		this.used.set(dialog.kind, index + 1);
		return (scripted as readonly DialogAnswer[])[index];
	}
}
