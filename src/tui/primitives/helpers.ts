/**
 * The helpers weft hands to extensions (`ui.tui.helpers`), so they never do
 * width math on hot paths themselves: measuring, fitting and wrapping styled
 * text, and theme colours — the same code weft's own UI uses.
 */
import type { TUIHelpers } from "../../kernel/ui-surface.js";
import { pad, truncate, visibleWidth } from "../text/width.js";
import { wrap } from "../text/wrap.js";
import type { Style, StyleColor, Styler } from "../theme/style.js";

/** Helpers bound to a styler; `styler()` is read on each call, so a theme switch applies at once. */
export function createTUIHelpers(styler: () => Styler): TUIHelpers {
	// An extension's colours are unchecked strings: the styler resolves theme
	// tokens and draws anything it cannot read in the default colour.
	return {
		measure: visibleWidth,
		truncate,
		pad,
		wrap,
		fg: (color, text) => styler().fg(color as StyleColor, text),
		bg: (color, text) => styler().bg(color as StyleColor, text),
		paint: (text, style) => styler().paint(text, style as Style),
		get themeName() {
			return styler().theme.name;
		},
		get appearance() {
			return styler().theme.appearance;
		},
	};
}
