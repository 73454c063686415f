/**
 * Print blocks (UIPort.print) in the transcript: a rounded box whose border
 * says what it is — error red, info blue, or the colour an extension chose —
 * with the title in the top border, the subtitle under it, the text inside.
 */
import type { PrintBlock } from "../../../kernel/ui-port.js";
import { wrap } from "../../text/wrap.js";
import type { Styler } from "../../theme/style.js";
import { BOX_CHROME, drawBox, MIN_BOX_WIDTH } from "./box.js";
import { oneLine, toStyleColor } from "./sanitize.js";
import type { MarkdownRender } from "./widgets.js";

export function renderPrintBlock(
	block: PrintBlock,
	width: number,
	styler: Styler,
	markdown?: MarkdownRender,
): string[] {
	if (width <= 0) return [];
	const kindColor = block.kind === "error" ? "error" : block.kind === "info" ? "info" : "border";
	const border = toStyleColor(block.borderColor, kindColor);
	const inner = width >= MIN_BOX_WIDTH ? width - BOX_CHROME : width;
	const body = markdown ? markdown(block.text, inner) : wrap(block.text, inner);
	const subtitle = block.subtitle
		? wrap(oneLine(block.subtitle), inner).map((l) => styler.fg("muted", l))
		: [];
	if (width < MIN_BOX_WIDTH) return [...subtitle, ...body];
	const title = block.title ? oneLine(block.title) : undefined;
	return drawBox([...subtitle, ...body], width, { styler, border, title });
}
