/**
 * Transcript blocks as lines: the user's message on a band, answers as
 * markdown, thinking folded to one line, tool calls through their renderers,
 * extension messages, notices and print boxes. Lines never exceed the width,
 * whatever a renderer returns, and a renderer that throws costs one red line.
 * Rendered lines are cached per block object (the buffer replaces the object
 * on every update), so an unchanged block is drawn once per width and theme
 * (a running tool, whose elapsed time moves on, every frame).
 */
import { errorMessage } from "../../../base/error-message.js";
import type { CustomMessage } from "../../../kernel/messages.js";
import { textOf } from "../../../kernel/messages.js";
import type { MessageRenderer, ToolRenderer } from "../../../kernel/renderer.js";
import type { PrintBlock } from "../../../kernel/ui-port.js";
import type { Block } from "../../primitives/buffer.js";
import { BORDERS } from "../../primitives/draw-ops.js";
import { clip, pad, truncate, visibleWidth } from "../../text/width.js";
import { wrap } from "../../text/wrap.js";
import type { StyleColor, Styler } from "../../theme/style.js";
import { isThemeToken, type ThemeToken } from "../../theme/tokens.js";
import type { NoticeBlockData, ThinkingBlockData, UserBlockData } from "./blocks.js";
import { asTranscriptBlock } from "./blocks.js";
import { renderToolBlock } from "./tool-block-view.js";
import { EXPAND_HINT } from "./tool-output.js";

export interface BlockRenderContext {
	width: number;
	styler: Styler;
	/** Tool output and thinking shown in full (Ctrl+O). */
	expanded: boolean;
	/** The UI clock's time (ms) this frame: running tools show their elapsed time against it. */
	now?: number;
	markdown(text: string, width: number): string[];
	toolRenderer(name: string): ToolRenderer | undefined;
	messageRenderer(customType: string): MessageRenderer | undefined;
	/** What a collapsed thinking block is called (an extension's `setHiddenThinkingLabel`); default "Thinking…". */
	thinkingLabel?: string;
}

interface Rendered {
	width: number;
	expanded: boolean;
	thinkingLabel: string | undefined;
	styler: Styler;
	lines: string[];
}

const cache = new WeakMap<Block, Rendered>();

export function renderBlock(block: Block, ctx: BlockRenderContext): string[] {
	const hit = cache.get(block);
	// A running tool's elapsed time changes with no change to the block: it is drawn afresh each frame.
	if (
		hit &&
		!isTimed(block) &&
		hit.width === ctx.width &&
		hit.expanded === ctx.expanded &&
		hit.thinkingLabel === ctx.thinkingLabel &&
		hit.styler === ctx.styler
	) {
		return hit.lines;
	}
	let lines: string[];
	try {
		lines = draw(block, ctx);
	} catch (error) {
		lines = [failure(error, ctx.styler)];
	}
	// The markdown renderer already keeps every line within the width; re-measuring a long streaming answer each frame is waste.
	const fitted = block.kind === "assistant" ? lines : fitToWidth(lines, ctx.width);
	cache.set(block, {
		width: ctx.width,
		expanded: ctx.expanded,
		thinkingLabel: ctx.thinkingLabel,
		styler: ctx.styler,
		lines: fitted,
	});
	return fitted;
}

function isTimed(block: Block): boolean {
	const tool = asTranscriptBlock(block, "tool");
	return tool?.data.status === "running" && tool.data.startedAt !== undefined;
}

function draw(block: Block, ctx: BlockRenderContext): string[] {
	switch (block.kind) {
		case "user": {
			const user = asTranscriptBlock(block, "user");
			return user ? renderUser(user.data, ctx) : fallback(block, ctx);
		}
		case "assistant": {
			const text = asTranscriptBlock(block, "assistant")?.data.text ?? "";
			return text === "" ? [] : ctx.markdown(text, ctx.width);
		}
		case "thinking": {
			const thinking = asTranscriptBlock(block, "thinking");
			return thinking ? renderThinking(thinking.data, ctx) : fallback(block, ctx);
		}
		case "tool": {
			const tool = asTranscriptBlock(block, "tool");
			return tool ? renderToolBlock(tool.data, ctx) : fallback(block, ctx);
		}
		case "custom": {
			const custom = asTranscriptBlock(block, "custom");
			return custom ? renderCustom(custom.data.message, ctx) : fallback(block, ctx);
		}
		case "notice": {
			const notice = asTranscriptBlock(block, "notice");
			return notice ? renderNotice(notice.data, ctx) : fallback(block, ctx);
		}
		case "print": {
			const print = asTranscriptBlock(block, "print");
			return print ? renderPrint(print.data.block, ctx) : fallback(block, ctx);
		}
		default:
			return fallback(block, ctx);
	}
}

/** Every line cut to the width; a line holding "\n" becomes several. */
function fitToWidth(lines: readonly string[], width: number): string[] {
	const out: string[] = [];
	for (const line of lines) {
		for (const row of String(line).split("\n")) out.push(visibleWidth(row) > width ? clip(row, width) : row);
	}
	return out;
}

function failure(error: unknown, styler: Styler): string {
	const message = errorMessage(error);
	return styler.fg("error", `renderer failed: ${message}`);
}

/** A block of a kind weft does not know (an extension's), or with data of the wrong shape: its text. */
function fallback(block: Block, ctx: BlockRenderContext): string[] {
	return block.text ? wrap(block.text, ctx.width) : [ctx.styler.fg("muted", `[${block.kind}]`)];
}

function renderUser(data: UserBlockData, ctx: BlockRenderContext): string[] {
	const { styler, width } = ctx;
	const body = wrap(data.text, Math.max(1, width - 3));
	if (data.images)
		body.push(styler.fg("muted", `[${data.images === 1 ? "1 image" : `${data.images} images`}]`));
	return body.map((line, i) => {
		const prefix = i === 0 ? styler.paint("❯", { fg: "accent", bold: true }) : " ";
		return styler.bg("userMessageBg", pad(`${prefix} ${styler.fg("userMessage", line)}`, width));
	});
}

/** Lines of streaming thinking shown while it arrives. */
const THINKING_TAIL = 3;

function renderThinking(data: ThinkingBlockData, ctx: BlockRenderContext): string[] {
	const { styler, width } = ctx;
	const style = { fg: "thinking" as const, italic: true };
	const dim = { ...style, dim: true };
	const text = data.text.trim();
	const lines = text === "" ? [] : wrap(text, Math.max(1, width - 2));
	if (ctx.expanded)
		return [styler.paint("Thinking", style), ...lines.map((l) => `  ${styler.paint(l, dim)}`)];
	const label = ctx.thinkingLabel ?? "Thinking…";
	if (data.streaming) {
		return [
			styler.paint(label, style),
			...lines.slice(-THINKING_TAIL).map((l) => `  ${styler.paint(l, dim)}`),
		];
	}
	const count = lines.length === 1 ? "1 line" : `${lines.length} lines`;
	return [styler.paint(truncate(`${label} (${count}, ${EXPAND_HINT})`, width), dim)];
}

function renderCustom(message: CustomMessage, ctx: BlockRenderContext): string[] {
	const renderer = ctx.messageRenderer(message.customType);
	if (renderer) {
		const lines: unknown = renderer.render(message, { width: ctx.width, expanded: ctx.expanded });
		if (!Array.isArray(lines))
			throw new Error(`the "${message.customType}" message renderer returned no lines`);
		return lines.map(String);
	}
	// Without a renderer: its type, then its text as markdown (extensions write markdown, as pi draws it).
	const label = ctx.styler.fg("accentAlt", `[${message.customType}]`);
	const text = textOf(message.content);
	return text.trim() === "" ? [label] : [label, "", ...ctx.markdown(text, ctx.width)];
}

const NOTICE_COLORS: Record<NoticeBlockData["level"], ThemeToken> = {
	info: "info",
	success: "success",
	warning: "warning",
	error: "error",
};

function renderNotice(data: NoticeBlockData, ctx: BlockRenderContext): string[] {
	const color = NOTICE_COLORS[data.level] ?? "info";
	return wrap(data.text, ctx.width).map((line) => ctx.styler.fg(color, line));
}

function borderColor(block: PrintBlock): StyleColor {
	const custom = block.borderColor;
	if (custom && (isThemeToken(custom) || /^#[0-9a-f]{3}([0-9a-f]{3})?$/i.test(custom)))
		return custom as StyleColor;
	return block.kind === "error" ? "error" : block.kind === "info" ? "info" : "border";
}

/** A rounded box the width of the transcript: the title in the top border, the subtitle first inside. */
function renderPrint(block: PrintBlock, ctx: BlockRenderContext): string[] {
	const { styler, width } = ctx;
	if (width < 6) return wrap([block.title, block.subtitle, block.text].filter(Boolean).join("\n"), width);
	const b = BORDERS.rounded;
	const color = borderColor(block);
	const inner = width - 4;
	const paint = (text: string) => styler.fg(color, text);
	const title = block.title ? ` ${truncate(block.title, width - 6)} ` : "";
	const top =
		paint(b.tl + b.h) +
		styler.paint(title, { fg: color, bold: true }) +
		paint(b.h.repeat(width - 3 - visibleWidth(title)) + b.tr);
	const row = (line: string) => `${paint(b.v)} ${pad(line, inner)} ${paint(b.v)}`;
	const rows: string[] = [];
	if (block.subtitle)
		for (const line of wrap(block.subtitle, inner)) rows.push(row(styler.fg("muted", line)));
	if (block.text !== "") for (const line of wrap(block.text, inner)) rows.push(row(line));
	return [top, ...rows, paint(b.bl + b.h.repeat(width - 2) + b.br)];
}
