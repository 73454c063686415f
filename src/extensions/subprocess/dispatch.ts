/**
 * What each frame from a running extension does: one handler per frame
 * type. Frames the table does not know are reported once per type by the
 * connection and ignored.
 */

import type { CustomMessage } from "../../kernel/messages.js";
import type { LogLevel } from "../extension-log.js";
import { RateLimit } from "../rate-limit.js";
import type { Link } from "./link.js";
import type { PendingRequests } from "./pending.js";
import { type Frame, str } from "./protocol.js";
import { registerCommand, registerShortcut, registerTool } from "./registrations.js";
import type { Subscriptions } from "./subscriptions.js";
import { handleUIRequest, notifyLevel } from "./ui-requests.js";

export { RateLimit };

/** The connection as the handlers see it. */
export interface DispatchTarget extends Link {
	readonly pending: PendingRequests;
	readonly subscriptions: Subscriptions;
	/** Aborts when the extension stops or exits (open dialogs are cancelled). */
	readonly stopped: AbortSignal;
	readonly notifications: RateLimit;
	/** Dialogs waiting on the user (request timeouts wait while any is open). */
	dialogsOpen: number;
	/** `ready`: registration is complete. */
	ready(): void;
}

export type FrameHandler = (target: DispatchTarget, frame: Frame) => void;

const DELIVERIES = new Set(["steer", "follow_up", "next_turn"]);
const LOG_LEVELS = new Set(["debug", "info", "warn", "error"]);

export const FRAME_HANDLERS: Readonly<Record<string, FrameHandler>> = {
	hello: (t) => t.problem("duplicate hello", 'a second "hello" was ignored'),
	ready: (t) => t.ready(),
	register_command: registerCommand,
	register_tool: registerTool,
	register_shortcut: registerShortcut,
	subscribe: (t, f) => t.subscriptions.subscribe(f),
	event_intercept_response: response,
	tool_result: response,
	command_response: response,
	tool_update: (t, f) => {
		const id = str(f, "id");
		if (!id || !t.pending.update(id, f)) {
			t.problem(
				"unknown id",
				`tool_update for ${id ? `"${id}", which no tool call is waiting on,` : "no id"} was ignored`,
			);
		}
	},
	panel_render: (t, f) => {
		if (!t.panels.renderFrom(t.name, f)) {
			t.problem(
				"stale panel",
				`panel_render for "${str(f, "panel_id")}", which is not this extension's open panel, was ignored`,
			);
		}
	},
	panel_close: (t, f) => {
		t.panels.closeFrom(t.name, str(f, "panel_id"));
	},
	notify: (t, f) => {
		if (t.notifications.take()) t.state.ui.notify(str(f, "message") ?? "", notifyLevel(f.level));
		else
			t.problem(
				"notify flood",
				`more than ${t.notifications.perSecond} notifications a second; the rest are dropped`,
				1,
			);
	},
	shutdown_ack: (t) => t.state.log.write("acknowledged shutdown", "debug"),
	ui_request: (t, f) => handleUIRequest(t, f, t.stopped, () => hold(t)),
	send_message: sendMessage,
	log: (t, f) => {
		const level = LOG_LEVELS.has(f.level as string) ? (f.level as LogLevel) : "info";
		t.state.log.write(str(f, "message") ?? "", level);
	},
};

/** Frames still handled while the extension is stopping. */
export const STOPPING_FRAMES = new Set(["shutdown_ack", "log"]);

function response(t: DispatchTarget, frame: Frame): void {
	const id = str(frame, "id");
	if (!id) {
		t.problem("missing id", `a "${frame.type}" without an "id" was ignored`);
		return;
	}
	const outcome = t.pending.settle(id, frame);
	if (outcome === "unknown")
		t.problem("unknown id", `a "${frame.type}" for id "${id}", which the host never sent, was ignored`);
	else if (outcome === "expired")
		t.problem(
			"late response",
			`a "${frame.type}" for id "${id}" came after that request had ended (timed out, aborted or answered)`,
		);
	else if (outcome === "wrong-type")
		t.problem(
			"wrong response",
			`a "${frame.type}" for id "${id}", which is a different kind of request, was ignored`,
		);
}

/** While a dialog waits on the user, neither the bus's deadlines nor the host's request timeouts run out. */
function hold(t: DispatchTarget): () => void {
	t.dialogsOpen++;
	const release = t.kernel.bus.holdDeadlines(t.name);
	let released = false;
	return () => {
		if (released) return;
		released = true;
		t.dialogsOpen--;
		release();
	};
}

/** v2 `send_message`: a custom message delivered to the session (queued until one is bound). */
function sendMessage(t: DispatchTarget, frame: Frame): void {
	const text = str(frame, "text");
	if (!text) {
		t.report("send_message", 'send_message needs a non-empty "text"');
		return;
	}
	const requested = str(frame, "deliver") ?? "follow_up";
	if (!DELIVERIES.has(requested)) {
		t.report(
			"send_message",
			`send_message: "deliver" must be steer, follow_up or next_turn (got "${requested}")`,
		);
		return;
	}
	const deliver = requested as "steer" | "follow_up" | "next_turn";
	const message: CustomMessage = {
		role: "custom",
		customType: str(frame, "custom_type") || t.name,
		content: text,
		display: frame.display !== false,
		timestamp: Date.now(),
	};
	const trigger = frame.trigger_turn !== false;
	const op = (session: NonNullable<ReturnType<Link["session"]>>) => {
		session.deliver(message, deliver, trigger)?.catch((error: unknown) => {
			t.report("send_message", `the turn it started failed: ${(error as Error).message}`);
		});
	};
	const session = t.session();
	if (session) op(session);
	else t.state.pending.push(op);
}
