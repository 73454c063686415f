/**
 * v2 `ui_request` → the host's UI port → `ui_response`. Dialogs (select,
 * multi_select, confirm, input, editor) answer with `value`, or
 * `cancelled: true` — always cancelled where no user can answer (print and
 * JSON modes) and when the extension stops, or the prompt it was asked
 * during is aborted, while one is open. The other
 * methods (notify, print, set_status, set_widget, remove_widget,
 * set_header, set_footer, and the look: working indicator, thinking label,
 * tools expanded, theme) act at once and answer `value: null`, or what a
 * getter or set_theme returns. set_label and get_label, the session's
 * entry labels, ride the same request and answer: they need no user, so
 * they work in every mode. While a
 * dialog is open the extension's deadlines wait: asking the user inside an
 * intercept must not fail closed because the user took a while.
 */
import type { AgentSession } from "../../agent/session.js";
import { labelsOf, setEntryLabel } from "../../agent/session-labels.js";
import type { NotifyLevel, SelectItem, UIPort } from "../../kernel/ui-port.js";
import type { Link } from "./link.js";
import { type Frame, isRecord, str, strings } from "./protocol.js";

type Params = Record<string, unknown>;

const ACTIONS: Record<string, (ui: UIPort, p: Params, owner: string) => unknown> = {
	notify: (ui, p) => ui.notify(str(p, "message") ?? "", notifyLevel(p.level)),
	print: (ui, p) => ui.print({ kind: "info", text: str(p, "text") ?? "", title: str(p, "title") }),
	set_status: (ui, p, owner) => ui.setStatus(str(p, "id") ?? owner, str(p, "text")),
	set_widget: (ui, p, owner) =>
		ui.setWidget({
			id: str(p, "id") ?? owner,
			content: strings(p, "lines") ?? str(p, "content") ?? "",
			placement: p.placement === "below" ? "below" : "above",
			format: p.format === "markdown" ? "markdown" : "text",
		}),
	remove_widget: (ui, p, owner) => ui.removeWidget(str(p, "id") ?? owner),
	set_header: (ui, p) => ui.setHeader(strings(p, "lines")),
	set_footer: (ui, p) => ui.setFooter(strings(p, "lines")),
	set_working_message: (ui, p) => ui.setWorkingMessage(str(p, "text")),
	set_working_visible: (ui, p) => ui.setWorkingVisible(p.visible !== false),
	set_working_indicator: (ui, p) =>
		ui.setWorkingIndicator(
			strings(p, "frames")
				? {
						frames: strings(p, "frames") ?? [],
						intervalMs: typeof p.interval_ms === "number" ? p.interval_ms : undefined,
					}
				: undefined,
		),
	set_hidden_thinking_label: (ui, p) => ui.setHiddenThinkingLabel(str(p, "label")),
	get_tools_expanded: (ui) => ui.getToolsExpanded(),
	set_tools_expanded: (ui, p) => ui.setToolsExpanded(p.expanded === true),
	get_themes: (ui) => ui.getAllThemes(),
	set_theme: (ui, p) => ui.setTheme(str(p, "name") ?? ""),
};

/** Calls on the session rather than the UI; before a session exists there is nothing to label. */
const SESSION_ACTIONS: Record<string, (session: AgentSession | undefined, p: Params) => unknown> = {
	set_label: (session, p) => {
		if (!session) throw new Error("set_label: there is no session yet, so no entry to label");
		setEntryLabel(session.store, str(p, "entry_id") ?? "", str(p, "label"));
	},
	get_label: (session, p) =>
		session ? labelsOf(session.store.entries).get(str(p, "entry_id") ?? "") : undefined,
};

const DIALOGS: Record<string, (ui: UIPort, p: Params, signal: AbortSignal) => Promise<unknown>> = {
	select: (ui, p, signal) => ui.select(str(p, "title") ?? "", items(p), options(p, signal)),
	multi_select: (ui, p, signal) => ui.multiSelect(str(p, "title") ?? "", items(p), options(p, signal)),
	confirm: (ui, p, signal) => ui.confirm(str(p, "title") ?? "", str(p, "message"), options(p, signal)),
	input: (ui, p, signal) =>
		ui.input(str(p, "title") ?? "", {
			...options(p, signal),
			placeholder: str(p, "placeholder"),
			initial: str(p, "initial"),
		}),
	editor: (ui, p, signal) => ui.editor(str(p, "title") ?? "", str(p, "initial"), options(p, signal)),
};

export function handleUIRequest(
	link: Link,
	frame: Frame,
	stopped: AbortSignal,
	hold: () => () => void,
): void {
	const id = str(frame, "id");
	if (!id) {
		link.problem("missing id", 'a "ui_request" without an "id" was ignored');
		return;
	}
	const method = str(frame, "method") ?? "";
	const params: Params = isRecord(frame.params) ? frame.params : {};
	const ui = link.state.ui;
	const reply = (fields: { value?: unknown; cancelled?: boolean; error?: string }) =>
		link.send({ type: "ui_response", id, ...fields });
	const sessionAction = SESSION_ACTIONS[method];
	const action: ((ui: UIPort, p: Params, owner: string) => unknown) | undefined = sessionAction
		? (_ui, p) => sessionAction(link.session(), p)
		: ACTIONS[method];
	if (action) {
		try {
			reply({ value: action(ui, params, link.name) ?? null });
		} catch (error) {
			reply({ cancelled: true, error: (error as Error).message });
		}
		return;
	}
	const dialog = DIALOGS[method];
	if (!dialog) {
		link.problem(
			`ui method "${method}"`,
			`ui_request: unknown method "${method}" (answered as cancelled)`,
			1,
		);
		reply({ cancelled: true, error: `unknown ui method "${method}"` });
		return;
	}
	if (!ui.interactive || stopped.aborted) {
		reply({ cancelled: true });
		return;
	}
	// A dialog asked while a prompt runs ends with it too (aborting the run cancels it), as in-process ones do.
	const run = link.session()?.signal;
	const release = hold();
	dialog(ui, params, run ? AbortSignal.any([stopped, run]) : stopped)
		.then(
			(value) => reply(value === undefined ? { cancelled: true } : { value }),
			(error: unknown) => reply({ cancelled: true, error: (error as Error).message }),
		)
		.finally(release);
}

function items(p: Params): Array<string | SelectItem> {
	const list = Array.isArray(p.items) ? p.items : Array.isArray(p.options) ? p.options : [];
	return list.flatMap((item): Array<string | SelectItem> => {
		if (typeof item === "string") return [item];
		if (isRecord(item) && typeof item.value === "string") {
			return [{ value: item.value, label: str(item, "label"), description: str(item, "description") }];
		}
		return [];
	});
}

function options(p: Params, signal: AbortSignal): { timeoutMs?: number; signal: AbortSignal } {
	const timeout = p.timeout_ms;
	return { signal, timeoutMs: typeof timeout === "number" && timeout > 0 ? timeout : undefined };
}

export function notifyLevel(level: unknown): NotifyLevel {
	if (level === "warn" || level === "warning") return "warning";
	if (level === "success" || level === "error") return level;
	return "info";
}
