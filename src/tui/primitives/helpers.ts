/**
 * The helpers weft hands to extensions, so they never do width math on hot
 * paths themselves: measuring, fitting and wrapping styled text, viewports,
 * virtual lists, and theme colours — the same code weft's own UI uses.
 */
import { clip, pad, truncate, visibleWidth } from "../text/width.js";
import { wrap } from "../text/wrap.js";
import type { Style, StyleColor, Styler } from "../theme/style.js";
import type { Theme } from "../theme/tokens.js";
import { viewport } from "./viewport.js";
import { virtualList } from "./virtual-list.js";

export interface UiHelpers {
	measure: typeof visibleWidth;
	truncate: typeof truncate;
	clip: typeof clip;
	pad: typeof pad;
	wrap: typeof wrap;
	viewport: typeof viewport;
	virtualList: typeof virtualList;
	theme: {
		readonly current: Theme;
		fg(color: StyleColor, text: string): string;
		bg(color: StyleColor, text: string): string;
		paint(text: string, style: Style): string;
	};
}

/** Helpers bound to a styler; `styler()` is read on each call, so a theme switch applies at once. */
export function createUiHelpers(styler: () => Styler): UiHelpers {
	return {
		measure: visibleWidth,
		truncate,
		clip,
		pad,
		wrap,
		viewport,
		virtualList,
		theme: {
			get current() {
				return styler().theme;
			},
			fg: (color, text) => styler().fg(color, text),
			bg: (color, text) => styler().bg(color, text),
			paint: (text, style) => styler().paint(text, style),
		},
	};
}
