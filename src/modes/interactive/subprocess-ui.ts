/**
 * Subprocess extensions' terminal features: their panel (one at a time)
 * floats above the composer and takes every key until Esc closes it, and
 * their "insert" action types text into the composer.
 */
import type { ExtensionHost } from "../../extensions/host.js";
import type { OverlayHandle } from "../../kernel/ui-surface.js";
import type { ChatApp } from "../../tui/app/chat-app.js";
import { PanelView } from "../../tui/chat/ui/panel-view.js";

export function connectSubprocessUI(host: ExtensionHost, app: ChatApp): () => void {
	const panels = host.subprocess.panels;
	const view = new PanelView({
		styler: app.styler,
		send: (key, text) => panels.sendKey(key, text),
		screenRows: () => app.size.rows,
	});
	let handle: OverlayHandle | undefined;
	const off = panels.onChange((panel) => {
		view.update(panel);
		if (panel && !handle) handle = app.overlays.push(view, { anchor: "bottom", owner: panel.extension });
		if (!panel) {
			handle?.close();
			handle = undefined;
		}
		app.requestRender();
	});
	host.subprocess.onInsert = (text) => {
		app.composer.insertText(text);
		app.requestRender();
	};
	return () => {
		off();
		handle?.close();
		host.subprocess.onInsert = undefined;
	};
}
