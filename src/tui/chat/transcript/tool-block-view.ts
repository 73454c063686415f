/**
 * A tool call in the transcript: a title line (a status marker, then the
 * renderer's call lines) and the result lines under it. Renderers come from
 * the tool renderer registry, so extensions' code runs here: each part is
 * drawn on its own, and a part that throws becomes one red line while the
 * rest of the block (and the UI) carries on.
 */
import { errorMessage } from "../../../base/error-message.js";
import type { RenderOptions, ToolRenderer } from "../../../kernel/renderer.js";
import { truncate, visibleWidth } from "../../text/width.js";
import type { Styler } from "../../theme/style.js";
import type { ThemeToken } from "../../theme/tokens.js";
import type { BlockRenderContext } from "./block-view.js";
import type { ToolBlockData, ToolStatus } from "./blocks.js";
import { contentText, formatDuration, genericToolRenderer, outputLines, paintLines } from "./tool-output.js";

const MARKER = "●";
const INDENT = "  ";

const STATUS_COLORS: Record<ToolStatus, ThemeToken> = {
	pending: "muted",
	running: "accent",
	done: "success",
	error: "error",
	blocked: "warning",
};

export function renderToolBlock(data: ToolBlockData, ctx: BlockRenderContext): string[] {
	const { styler } = ctx;
	const renderer = ctx.toolRenderer(data.name);
	const generic = genericToolRenderer(renderer?.verb ?? data.name, () => styler);
	const options: RenderOptions = { width: Math.max(1, ctx.width - INDENT.length), expanded: ctx.expanded };

	const call = run(
		() =>
			renderer?.renderCall ? renderer.renderCall(data.args, options) : generic.renderCall(data.args, options),
		styler,
	);
	// A failed call renderer still leaves a title that says which tool this is.
	const titleLines = call.ok ? call.lines : [...generic.renderCall(data.args, options), ...call.lines];
	const marker = styler.fg(STATUS_COLORS[data.status], MARKER);
	const [first = "", ...rest] = titleLines;
	const out = [`${marker} ${withElapsed(first, data, ctx)}`, ...rest.map((line) => INDENT + line)];
	for (const line of resultLines(data, renderer, generic, options, styler)) out.push(INDENT + line);
	return out;
}

/** A running tool's title with how long it has run at its end, the title cut to make room. */
function withElapsed(title: string, data: ToolBlockData, ctx: BlockRenderContext): string {
	if (data.status !== "running" || data.startedAt === undefined || ctx.now === undefined) return title;
	const elapsed = ctx.styler.fg("muted", ` ${formatDuration(ctx.now - data.startedAt)}`);
	const room = Math.max(1, ctx.width - INDENT.length - visibleWidth(elapsed));
	return truncate(title, room) + elapsed;
}

function resultLines(
	data: ToolBlockData,
	renderer: ToolRenderer | undefined,
	generic: ReturnType<typeof genericToolRenderer>,
	options: RenderOptions,
	styler: Styler,
): string[] {
	if (data.status === "blocked") {
		// The refusal is the tool runner's message, not the tool's output: no tool renderer knows it.
		const reason = data.result ? outputLines(contentText(data.result.content)) : ["Blocked."];
		return paintLines(reason, "warning", styler, options);
	}
	const shown = data.result
		? { ...data.result, partial: false }
		: data.partial
			? { content: data.partial, isError: false, partial: true }
			: undefined;
	if (!shown) return [];
	const result = run(
		() =>
			renderer?.renderResult ? renderer.renderResult(shown, options) : generic.renderResult(shown, options),
		styler,
	);
	return result.lines;
}

/** Calls renderer code, turning a throw or a malformed answer into one red line. */
function run(draw: () => unknown, styler: Styler): { ok: boolean; lines: string[] } {
	try {
		const lines = draw();
		if (!Array.isArray(lines)) throw new Error("it returned no list of lines");
		// A renderer may hand back "a\nb" as one line; each row gets its own line (and indent).
		return { ok: true, lines: lines.flatMap((line) => String(line).split("\n")) };
	} catch (error) {
		const message = errorMessage(error);
		return { ok: false, lines: [styler.fg("error", `renderer failed: ${message}`)] };
	}
}
