/**
 * The UI port of `--mode rpc`: every call becomes an `extension_ui_request`
 * line. Dialogs (select, multi-select, confirm, input, editor) wait for the
 * client's `extension_ui_response` with the same id, or resolve as cancelled
 * when their timeout passes or their caller's signal aborts — the client is
 * then told to `dismiss` it, so a client that never answers costs only the
 * deadline. Everything else is sent and forgotten. An unloading extension's
 * status entries and widgets are cleared on the client.
 */
import type { ScopableUI } from "../../extensions/ui-scope.js";
import {
	type DialogOptions,
	decoratePort,
	type NotifyLevel,
	type PrintBlock,
	type SelectItem,
	type UIPort,
	UndrawnAppearance,
	type WidgetSpec,
} from "../../kernel/ui-port.js";
import type { RpcUIRequest, RpcUIResponse } from "./protocol.js";

/** A request as built, before it is given its id. */
type Unsent<R> = R extends unknown ? Omit<R, "type" | "id"> : never;
type DialogRequest = Unsent<
	Extract<RpcUIRequest, { method: "select" | "multiSelect" | "confirm" | "input" | "editor" }>
>;

export interface RpcUITimers {
	setTimeout(fn: () => void, ms: number): unknown;
	clearTimeout(handle: unknown): void;
}

export interface RpcUIOptions {
	send(request: RpcUIRequest): void;
	/** Dialog timeouts run on these (tests inject a fake clock). */
	timers?: RpcUITimers;
}

const realTimers: RpcUITimers = {
	setTimeout: (fn, ms) => setTimeout(fn, ms),
	clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export class RpcUI extends UndrawnAppearance implements ScopableUI {
	readonly interactive = true;
	private readonly pending = new Map<string, (response: RpcUIResponse | undefined) => void>();
	private readonly owned = new Map<string, { statuses: Set<string>; widgets: Set<string> }>();
	private readonly timers: RpcUITimers;
	private counter = 0;

	constructor(private readonly options: RpcUIOptions) {
		super();
		this.timers = options.timers ?? realTimers;
	}

	/** Answers the dialog `response.id` names; false when no dialog waits under that id (answered, timed out, unknown). */
	respond(response: RpcUIResponse): boolean {
		const settle = this.pending.get(response.id);
		if (!settle) return false;
		settle(response);
		return true;
	}

	/** Resolves every waiting dialog as cancelled (the client went away). */
	cancelAll(): void {
		for (const settle of [...this.pending.values()]) settle(undefined);
	}

	get waiting(): number {
		return this.pending.size;
	}

	forExtension(name: string): UIPort {
		const owned = { statuses: new Set<string>(), widgets: new Set<string>() };
		this.owned.set(name, owned);
		return decoratePort(this, {
			notify: (message, level = "info") => this.note(message, level, name),
			setStatus: (id, text) => {
				if (text === undefined) owned.statuses.delete(id);
				else owned.statuses.add(id);
				this.setStatus(id, text);
			},
			setWidget: (spec) => {
				owned.widgets.add(spec.id);
				this.setWidget(spec);
			},
			removeWidget: (id) => {
				owned.widgets.delete(id);
				this.removeWidget(id);
			},
		});
	}

	removeOwner(name: string): void {
		const owned = this.owned.get(name);
		if (!owned) return;
		this.owned.delete(name);
		for (const id of owned.statuses) this.setStatus(id, undefined);
		for (const id of owned.widgets) this.removeWidget(id);
	}

	notify(message: string, level: NotifyLevel = "info"): void {
		this.note(message, level, undefined);
	}

	print(block: PrintBlock): void {
		this.fire({
			method: "print",
			kind: block.kind,
			text: block.text,
			...(block.title !== undefined ? { title: block.title } : {}),
			...(block.subtitle !== undefined ? { subtitle: block.subtitle } : {}),
		});
	}

	async select(
		title: string,
		items: ReadonlyArray<string | SelectItem>,
		options?: DialogOptions,
	): Promise<string | undefined> {
		const { labels, chosenValue } = choices(items);
		const response = await this.dialog({ method: "select", title, options: labels }, options);
		return response && "value" in response ? chosenValue(response.value) : undefined;
	}

	async multiSelect(
		title: string,
		items: ReadonlyArray<string | SelectItem>,
		options?: DialogOptions,
	): Promise<string[] | undefined> {
		const { labels, chosenValue } = choices(items);
		const response = await this.dialog({ method: "multiSelect", title, options: labels }, options);
		if (!response || !("values" in response) || !Array.isArray(response.values)) return undefined;
		return response.values.map(chosenValue).filter((value): value is string => value !== undefined);
	}

	async confirm(title: string, message = "", options?: DialogOptions): Promise<boolean> {
		const response = await this.dialog({ method: "confirm", title, message }, options);
		return response !== undefined && "confirmed" in response && response.confirmed === true;
	}

	async input(
		title: string,
		options?: DialogOptions & { placeholder?: string; initial?: string },
	): Promise<string | undefined> {
		const response = await this.dialog(
			{
				method: "input",
				title,
				...(options?.placeholder !== undefined ? { placeholder: options.placeholder } : {}),
				...(options?.initial !== undefined ? { prefill: options.initial } : {}),
			},
			options,
		);
		return textAnswer(response);
	}

	async editor(title: string, initial?: string, options?: DialogOptions): Promise<string | undefined> {
		const response = await this.dialog(
			{ method: "editor", title, ...(initial !== undefined ? { prefill: initial } : {}) },
			options,
		);
		return textAnswer(response);
	}

	setStatus(id: string, text: string | undefined): void {
		this.fire({ method: "setStatus", statusKey: id, ...(text !== undefined ? { statusText: text } : {}) });
	}

	setWidget(spec: WidgetSpec): void {
		const lines = Array.isArray(spec.content) ? [...spec.content] : spec.content.split("\n");
		this.fire({
			method: "setWidget",
			widgetKey: spec.id,
			widgetLines: lines,
			widgetPlacement: spec.placement === "below" ? "belowEditor" : "aboveEditor",
		});
	}

	removeWidget(id: string): void {
		this.fire({ method: "setWidget", widgetKey: id });
	}

	setHeader(lines: string[] | undefined): void {
		this.fire({ method: "setHeader", ...(lines !== undefined ? { lines } : {}) });
	}

	setFooter(lines: string[] | undefined): void {
		this.fire({ method: "setFooter", ...(lines !== undefined ? { lines } : {}) });
	}

	setTitle(title: string): void {
		this.fire({ method: "setTitle", title });
	}

	/** A subprocess extension's panel as it is now; undefined when it closed. */
	setPanel(
		panel: { extension: string; id: string; title: string; lines: string[]; footer: string } | undefined,
	): void {
		this.fire({ method: "panel", ...(panel ? { panel: { ...panel, lines: [...panel.lines] } } : {}) });
	}

	/** Text for the client's input box (a subprocess extension's "insert" action). */
	setEditorText(text: string): void {
		this.fire({ method: "set_editor_text", text });
	}

	private note(message: string, level: NotifyLevel, extension: string | undefined): void {
		this.fire({
			method: "notify",
			message,
			notifyType: level === "success" ? "info" : level,
			level,
			...(extension !== undefined ? { extension } : {}),
		});
	}

	private fire(request: Unsent<RpcUIRequest>): string {
		const id = `ui-${++this.counter}`;
		this.options.send({ type: "extension_ui_request", id, ...request } as RpcUIRequest);
		return id;
	}

	/** Sends a dialog and waits for its answer; undefined when cancelled, timed out or aborted. */
	private dialog(request: DialogRequest, options: DialogOptions = {}): Promise<RpcUIResponse | undefined> {
		const { timeoutMs, signal } = options;
		if (signal?.aborted) return Promise.resolve(undefined);
		return new Promise((resolve) => {
			let timer: unknown;
			const onAbort = () => finish(undefined, true);
			const finish = (response: RpcUIResponse | undefined, dismiss: boolean) => {
				if (!this.pending.delete(id)) return;
				if (timer !== undefined) this.timers.clearTimeout(timer);
				signal?.removeEventListener("abort", onAbort);
				if (dismiss) this.fire({ method: "dismiss", targetId: id });
				resolve(response && "cancelled" in response ? undefined : response);
			};
			const id = this.fire(
				timeoutMs !== undefined ? ({ ...request, timeout: timeoutMs } as DialogRequest) : request,
			);
			this.pending.set(id, (response) => finish(response, response === undefined));
			if (timeoutMs !== undefined) timer = this.timers.setTimeout(() => finish(undefined, true), timeoutMs);
			signal?.addEventListener("abort", onAbort, { once: true });
		});
	}
}

/** The labels a client shows, and the value each stands for. */
function choices(items: ReadonlyArray<string | SelectItem>) {
	const byLabel = new Map<string, string>();
	const labels = items.map((item) => {
		const value = typeof item === "string" ? item : item.value;
		const label = typeof item === "string" ? item : (item.label ?? item.value);
		if (!byLabel.has(label)) byLabel.set(label, value);
		return label;
	});
	const values = new Set(byLabel.values());
	// A client may answer with the label it showed or, knowing weft, the value itself.
	const chosenValue = (answer: unknown) =>
		typeof answer !== "string"
			? undefined
			: (byLabel.get(answer) ?? (values.has(answer) ? answer : undefined));
	return { labels, chosenValue };
}

function textAnswer(response: RpcUIResponse | undefined): string | undefined {
	return response && "value" in response && typeof response.value === "string" ? response.value : undefined;
}
