/**
 * The SDK's `ext.ui`: each call a v2 `ui_request` (docs/subprocess-extensions.md,
 * "UI requests"); dialogs resolve undefined (confirm: false) when cancelled
 * or where nobody can answer, the setters answer at once.
 */
import type { SubprocessLevel } from "./sdk-wire.js";

/** Sends one `ui_request` and resolves its `value` (undefined when cancelled). */
type UIRequest = (method: string, params: Record<string, unknown>) => Promise<unknown>;

export type SubprocessUI = ReturnType<typeof subprocessUI>;

export function subprocessUI(request: UIRequest) {
	return {
		select: (title: string, items: Array<string | { value: string; label?: string; description?: string }>) =>
			request("select", { title, items }) as Promise<string | undefined>,
		multiSelect: (title: string, items: Array<string | { value: string; label?: string }>) =>
			request("multi_select", { title, items }) as Promise<string[] | undefined>,
		confirm: async (title: string, message?: string) =>
			(await request("confirm", { title, message })) === true,
		input: (title: string, options: { placeholder?: string; initial?: string } = {}) =>
			request("input", { title, ...options }) as Promise<string | undefined>,
		editor: (title: string, initial?: string) =>
			request("editor", { title, initial }) as Promise<string | undefined>,
		notify: (message: string, level: SubprocessLevel = "info") => void request("notify", { message, level }),
		setStatus: (id: string, text: string | undefined) => void request("set_status", { id, text }),
		setWidget: (id: string, lines: string[], placement: "above" | "below" = "above") =>
			void request("set_widget", { id, lines, placement }),
		removeWidget: (id: string) => void request("remove_widget", { id }),
		setHeader: (lines: string[] | undefined) => void request("set_header", { lines }),
		setFooter: (lines: string[] | undefined) => void request("set_footer", { lines }),
		setWorkingMessage: (text?: string) => void request("set_working_message", { text }),
		setWorkingVisible: (visible: boolean) => void request("set_working_visible", { visible }),
		setWorkingIndicator: (indicator?: { frames: string[]; intervalMs?: number }) =>
			void request("set_working_indicator", {
				frames: indicator?.frames,
				interval_ms: indicator?.intervalMs,
			}),
		setHiddenThinkingLabel: (label?: string) => void request("set_hidden_thinking_label", { label }),
		getToolsExpanded: async () => (await request("get_tools_expanded", {})) === true,
		setToolsExpanded: (expanded: boolean) => void request("set_tools_expanded", { expanded }),
		getThemes: async () =>
			((await request("get_themes", {})) ?? []) as Array<{
				name: string;
				appearance: string;
				path?: string;
			}>,
		setTheme: async (name: string) =>
			((await request("set_theme", { name })) ?? { success: false, error: "no answer" }) as
				| { success: true }
				| { success: false; error: string },
	};
}
