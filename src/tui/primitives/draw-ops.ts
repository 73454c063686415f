/**
 * Draw operations: how an extension paints a window it owns (renderer
 * "extension"). The shapes are the kernel's public ones, with colours named
 * as the theme names them. Ops are plain data, checked when submitted so a
 * mistake is reported to the extension that made it, with the op's index.
 */
import type { UIBorder, UIDrawOp, UISpan } from "../../kernel/ui-surface.js";
import type { StyleColor } from "../theme/style.js";

export type BorderKind = UIBorder;
export type Span = UISpan<StyleColor>;
export type DrawOp = UIDrawOp<StyleColor>;

export const BORDERS: Record<
	BorderKind,
	{ h: string; v: string; tl: string; tr: string; bl: string; br: string }
> = {
	single: { h: "─", v: "│", tl: "┌", tr: "┐", bl: "└", br: "┘" },
	rounded: { h: "─", v: "│", tl: "╭", tr: "╮", bl: "╰", br: "╯" },
	double: { h: "═", v: "║", tl: "╔", tr: "╗", bl: "╚", br: "╝" },
	heavy: { h: "━", v: "┃", tl: "┏", tr: "┓", bl: "┗", br: "┛" },
};

const INTEGER_FIELDS: Record<string, string[]> = {
	clear: [],
	clearRegion: ["row", "col", "width", "height"],
	text: ["row", "col"],
	lines: ["row"],
	spans: ["row", "col"],
	box: ["row", "col", "width", "height"],
	batch: [],
	cursor: ["row", "col"],
};

/** Throws an error naming the first malformed op ("draw op 2 (text): row must be an integer, got 1.5"). */
export function validateDrawOps(ops: unknown, path = "draw op"): asserts ops is DrawOp[] {
	if (!Array.isArray(ops)) throw new Error(`draw ops must be an array, got ${typeof ops}`);
	ops.forEach((op, index) => {
		const where = `${path} ${index}`;
		if (typeof op !== "object" || op === null) throw new Error(`${where} must be an object`);
		const kind = (op as { op?: unknown }).op;
		if (typeof kind !== "string" || !(kind in INTEGER_FIELDS)) {
			throw new Error(
				`${where}: unknown op ${JSON.stringify(kind)} (use ${Object.keys(INTEGER_FIELDS).join(", ")})`,
			);
		}
		const record = op as Record<string, unknown>;
		const named = `${where} (${kind})`;
		for (const field of INTEGER_FIELDS[kind]) {
			if (!Number.isInteger(record[field])) {
				throw new Error(`${named}: ${field} must be an integer, got ${JSON.stringify(record[field])}`);
			}
		}
		if (kind === "lines" && record.col !== undefined && !Number.isInteger(record.col)) {
			throw new Error(`${named}: col must be an integer, got ${JSON.stringify(record.col)}`);
		}
		if (kind === "text" && typeof record.text !== "string")
			throw new Error(`${named}: text must be a string`);
		if (
			kind === "lines" &&
			!(Array.isArray(record.lines) && record.lines.every((l) => typeof l === "string"))
		) {
			throw new Error(`${named}: lines must be an array of strings`);
		}
		if (
			kind === "spans" &&
			!(Array.isArray(record.spans) && record.spans.every((s) => typeof s?.text === "string"))
		) {
			throw new Error(`${named}: spans must be an array of { text, style? }`);
		}
		if (kind === "box" && record.border !== undefined && !(String(record.border) in BORDERS)) {
			throw new Error(`${named}: border must be one of ${Object.keys(BORDERS).join(", ")}`);
		}
		if (kind === "batch") validateDrawOps(record.ops, `${where}.ops`);
	});
}

/** The rows an op list touches (its bottom edge), for windows whose height follows their content. */
export function drawOpsHeight(ops: readonly DrawOp[]): number {
	let bottom = 0;
	for (const op of ops) {
		switch (op.op) {
			case "clearRegion":
			case "box":
				bottom = Math.max(bottom, op.row + op.height);
				break;
			case "text":
			case "spans":
				bottom = Math.max(bottom, op.row + 1);
				break;
			case "lines":
				bottom = Math.max(bottom, op.row + op.lines.length);
				break;
			case "batch":
				bottom = Math.max(bottom, drawOpsHeight(op.ops));
				break;
			case "cursor":
				bottom = Math.max(bottom, op.row + 1);
				break;
			case "clear":
				break;
		}
	}
	return bottom;
}
