/**
 * The UI port in ACP mode. A confirm dialog becomes
 * `session/request_permission` to the editor, attached to the tool call
 * being decided when it is asked from a `tool_call` handler (the usual case:
 * "run this command?"), else to a tool call of its own made for the
 * question. Select, multi-select, input and editor become a one-field form
 * (`elicitation/create`) when the client offers forms; otherwise they
 * resolve as cancelled, as in print mode. Notifications go to stderr
 * (editors log it) and, when the client shows notices, to the session as a
 * notice; status, widgets, header and footer are kept, not drawn.
 */
import type {
	ElicitationContentValue,
	ElicitationPropertySchema,
	PermissionOption,
	SessionUpdate,
} from "@agentclientprotocol/sdk";
import { errorMessage } from "../../base/error-message.js";
import { NonInteractiveUI } from "../../extensions/non-interactive-ui.js";
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
import { runningSession } from "./running-session.js";

const OPTIONS: PermissionOption[] = [
	{ optionId: "allow", name: "Allow", kind: "allow_once" },
	{ optionId: "reject", name: "Reject", kind: "reject_once" },
];

export class AcpUI extends UndrawnAppearance implements ScopableUI {
	readonly interactive = true;
	/** What is kept and written to stderr; also what tests read. */
	readonly notes: NonInteractiveUI;
	/** Whether the client shows `notice` updates (its `session.notices` capability). */
	notices = false;
	/** Whether the client fills in forms (its `elicitation.form` capability). */
	forms = false;
	private questions = 0;

	constructor(stderr: NodeJS.WritableStream) {
		super();
		this.notes = new NonInteractiveUI({ stderr });
	}

	forExtension(name: string): UIPort {
		return decoratePort(this, {
			notify: (message, level = "info") => this.note(name, message, level),
			print: (block) => this.notes.block(name, block),
		});
	}

	notify(message: string, level: NotifyLevel = "info"): void {
		this.note(undefined, message, level);
	}

	print(block: PrintBlock): void {
		this.notes.print(block);
	}

	async confirm(title: string, message?: string, options: DialogOptions = {}): Promise<boolean> {
		const session = runningSession();
		// No prompt is running (an extension asking at start-up): there is no session to ask in.
		if (!session) return false;
		let toolCallId = session.gatingToolCall;
		if (!toolCallId) {
			toolCallId = `weft-question-${++this.questions}`;
			const question: SessionUpdate = {
				sessionUpdate: "tool_call",
				toolCallId,
				title,
				kind: "other",
				status: "pending",
				content: message ? [{ type: "content", content: { type: "text", text: message } }] : [],
			};
			session.send([question]);
		}
		const stop = stopSignal(options, session.signal);
		let allowed = false;
		try {
			const answer = await session.client.request(
				"session/request_permission",
				{
					sessionId: session.id,
					toolCall: { toolCallId, title: message ? `${title}: ${message}` : title },
					options: OPTIONS,
				},
				{ cancellationSignal: stop, stopWaitingOnCancel: true },
			);
			allowed = answer.outcome.outcome === "selected" && answer.outcome.optionId === "allow";
		} catch (error) {
			// A client that fails the request (or a deadline) counts as no, like a dialog cancelled.
			if (!stop.aborted)
				this.notes.notify(`the permission request failed: ${errorMessage(error)}`, "warning");
		}
		if (toolCallId !== session.gatingToolCall)
			session.send([
				{ sessionUpdate: "tool_call_update", toolCallId, status: allowed ? "completed" : "failed" },
			]);
		return allowed;
	}

	async select(
		title: string,
		items: ReadonlyArray<string | SelectItem>,
		options?: DialogOptions,
	): Promise<string | undefined> {
		const value = await this.ask(title, { type: "string", title, oneOf: choices(items) }, options);
		return typeof value === "string" ? value : undefined;
	}

	async multiSelect(
		title: string,
		items: ReadonlyArray<string | SelectItem>,
		options?: DialogOptions,
	): Promise<string[] | undefined> {
		const value = await this.ask(title, { type: "array", title, items: { anyOf: choices(items) } }, options);
		return Array.isArray(value) ? value : undefined;
	}

	async input(
		title: string,
		options: DialogOptions & { placeholder?: string; initial?: string } = {},
	): Promise<string | undefined> {
		const field: ElicitationPropertySchema = {
			type: "string",
			title,
			description: options.placeholder,
			default: options.initial,
		};
		const value = await this.ask(title, field, options);
		return typeof value === "string" ? value : undefined;
	}

	async editor(title: string, initial?: string, options?: DialogOptions): Promise<string | undefined> {
		const value = await this.ask(title, { type: "string", title, default: initial }, options);
		return typeof value === "string" ? value : undefined;
	}

	/**
	 * One field asked as a form during a prompt (tied to the tool call being
	 * decided, if any); undefined when the client has no forms, no prompt is
	 * running, or the user declined or cancelled.
	 */
	private async ask(
		message: string,
		field: ElicitationPropertySchema,
		options: DialogOptions = {},
	): Promise<ElicitationContentValue | undefined> {
		const session = runningSession();
		if (!this.forms || !session) return undefined;
		const stop = stopSignal(options, session.signal);
		try {
			const answer = await session.client.request(
				"elicitation/create",
				{
					mode: "form",
					sessionId: session.id,
					toolCallId: session.gatingToolCall ?? null,
					message,
					requestedSchema: { type: "object", properties: { value: field }, required: ["value"] },
				},
				{ cancellationSignal: stop, stopWaitingOnCancel: true },
			);
			if (answer.action !== "accept") return undefined;
			return (answer as { content?: Record<string, ElicitationContentValue> | null }).content?.value;
		} catch (error) {
			if (!stop.aborted) this.notes.notify(`the form request failed: ${errorMessage(error)}`, "warning");
			return undefined;
		}
	}

	setStatus(id: string, text: string | undefined): void {
		this.notes.setStatus(id, text);
	}

	setWidget(spec: WidgetSpec): void {
		this.notes.setWidget(spec);
	}

	removeWidget(id: string): void {
		this.notes.removeWidget(id);
	}

	setHeader(lines: string[] | undefined): void {
		this.notes.setHeader(lines);
	}

	setFooter(lines: string[] | undefined): void {
		this.notes.setFooter(lines);
	}

	/** An editor's panel has no title an agent may set. */
	setTitle(_title: string): void {}

	private note(extension: string | undefined, message: string, level: NotifyLevel): void {
		this.notes.note(extension, message, level);
		const session = runningSession();
		if (!this.notices || !session) return;
		const severity = level === "success" ? "info" : level;
		session.send([
			{ sessionUpdate: "notice", severity, title: extension ? `[${extension}] ${message}` : message },
		]);
	}
}

/** Items as a form's choices (value and label). */
function choices(
	items: ReadonlyArray<string | SelectItem>,
): Array<{ const: string; title: string; description?: string }> {
	return items.map((item) =>
		typeof item === "string"
			? { const: item, title: item }
			: { const: item.value, title: item.label ?? item.value, description: item.description },
	);
}

/** Ends a request to the client: the dialog's own signal or deadline, or the prompt being cancelled. */
function stopSignal(options: DialogOptions, prompt: AbortSignal | undefined): AbortSignal {
	return AbortSignal.any([
		...(options.signal ? [options.signal] : []),
		...(prompt ? [prompt] : []),
		...(options.timeoutMs !== undefined ? [AbortSignal.timeout(options.timeoutMs)] : []),
	]);
}
