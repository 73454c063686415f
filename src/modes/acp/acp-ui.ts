/**
 * The UI port in ACP mode. A confirm dialog becomes
 * `session/request_permission` to the editor, attached to the tool call
 * being decided when it is asked from a `tool_call` handler (the usual case:
 * "run this command?"), else to a tool call of its own made for the
 * question. The protocol has no other dialogs, so select, multi-select,
 * input and editor resolve as cancelled, as in print mode. Notifications
 * go to stderr (editors log it) and, when the client shows notices, to the
 * session as a notice; status, widgets, header and footer are kept, not
 * drawn.
 */
import type { PermissionOption, SessionUpdate } from "@agentclientprotocol/sdk";
import { errorMessage } from "../../base/error-message.js";
import { NonInteractiveUI } from "../../extensions/non-interactive-ui.js";
import type { ScopableUI } from "../../extensions/ui-scope.js";
import {
	type DialogOptions,
	decoratePort,
	type NotifyLevel,
	type PrintBlock,
	type UIPort,
	type WidgetSpec,
} from "../../kernel/ui-port.js";
import { runningSession } from "./running-session.js";

const OPTIONS: PermissionOption[] = [
	{ optionId: "allow", name: "Allow", kind: "allow_once" },
	{ optionId: "reject", name: "Reject", kind: "reject_once" },
];

export class AcpUI implements ScopableUI {
	readonly interactive = true;
	/** What is kept and written to stderr; also what tests read. */
	readonly notes: NonInteractiveUI;
	/** Whether the client shows `notice` updates (its `session.notices` capability). */
	notices = false;
	private questions = 0;

	constructor(stderr: NodeJS.WritableStream) {
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
		const stop = AbortSignal.any([
			...(options.signal ? [options.signal] : []),
			...(session.signal ? [session.signal] : []),
			...(options.timeoutMs !== undefined ? [AbortSignal.timeout(options.timeoutMs)] : []),
		]);
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

	select(): Promise<string | undefined> {
		return Promise.resolve(undefined);
	}

	multiSelect(): Promise<string[] | undefined> {
		return Promise.resolve(undefined);
	}

	input(): Promise<string | undefined> {
		return Promise.resolve(undefined);
	}

	editor(): Promise<string | undefined> {
		return Promise.resolve(undefined);
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
