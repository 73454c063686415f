/**
 * What changing the Ctrl+O expansion does beyond redrawing the live blocks.
 * The scrollback cannot be redrawn, so the user's Ctrl+O that expands also
 * prints the latest turn's tool output again in full under a heading, and
 * collapsing leaves what was printed; a notification says which happened.
 * An extension's `setToolsExpanded` does neither: it may flip the state
 * for a moment and back, and must not fill the scrollback doing so.
 */
import type { Notifications } from "../chat/ui/notifications.js";
import type { ScrollbackWriter } from "./scrollback-writer.js";

export function announceExpansion(
	expanded: boolean,
	scrollback: ScrollbackWriter,
	notifications: Notifications,
): void {
	if (!expanded) {
		notifications.notify("Tool output collapsed (what is already printed stays)", "info");
		return;
	}
	const reprinted = scrollback.reprintExpanded();
	notifications.notify(
		reprinted
			? "Tool output expanded; the latest turn's is reprinted in full"
			: "Tool output expanded (no earlier tool output to reprint)",
		"info",
	);
}
