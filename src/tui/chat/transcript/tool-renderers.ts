/**
 * How weft's built-in tools look in the transcript. Registered by the app
 * through `kernel.toolRenderers`, the registry extensions use too, so an
 * extension may replace any of them. Collapsed, each shows what was asked
 * and how much came back; expanded (Ctrl+O), the output itself.
 */
import type { RenderOptions, ToolRenderer } from "../../../kernel/renderer.js";
import type { Styler } from "../../theme/style.js";
import { parseUnifiedDiff, renderDiff } from "./diff-view.js";
import {
	contentText,
	errorLines,
	formatDuration,
	headLines,
	outputLines,
	paintLines,
	plural,
	str,
	type ToolResult,
	tailLines,
	titleLine,
} from "./tool-output.js";

export { genericToolRenderer } from "./tool-output.js";

/** Bash output lines shown while collapsed (the latest ones). */
const BASH_TAIL = 5;
/** Diff rows shown while collapsed. */
const DIFF_HEAD = 20;
/** Lines of a written file previewed while collapsed. */
const WRITE_HEAD = 5;

export function stockToolRenderers(styler: () => Styler): Record<string, ToolRenderer> {
	return {
		read: readRenderer(styler),
		bash: bashRenderer(styler),
		edit: editRenderer(styler),
		write: writeRenderer(styler),
		grep: listingRenderer(styler, "Grep", grepTarget, grepCount),
		find: listingRenderer(styler, "Find", findTarget, totalCount("file")),
		ls: listingRenderer(
			styler,
			"List",
			(args, s) => s.fg("accent", str(args.path) ?? "."),
			totalCount("entry", "entries"),
		),
	};
}

function details(result: ToolResult): Record<string, unknown> {
	return typeof result.details === "object" && result.details !== null
		? (result.details as Record<string, unknown>)
		: {};
}

function num(value: unknown): number | undefined {
	return typeof value === "number" && Number.isFinite(value) ? value : undefined;
}

function readRenderer(styler: () => Styler): ToolRenderer {
	return {
		renderCall(args, options) {
			const s = styler();
			const offset = num(args.offset);
			const limit = num(args.limit);
			let range = "";
			if (offset !== undefined || limit !== undefined) {
				const first = offset ?? 1;
				range = `:${first}-${limit !== undefined ? first + limit - 1 : ""}`;
			}
			const path = s.fg("accent", str(args.path) ?? "?") + s.fg("muted", range);
			return [titleLine(s, "Read", path, options.width)];
		},
		renderResult(result, options) {
			const s = styler();
			if (result.isError) return errorLines(result, s, options);
			const info = details(result);
			const text = contentText(result.content);
			if (info.kind === "image" || info.kind === "binary")
				return paintLines(outputLines(text).slice(0, 1), "muted", s, options);
			// The tool appends a paging hint after a blank line; it is not file content.
			const hint = text.lastIndexOf("\n\n[showing lines ");
			const lines = outputLines(hint >= 0 ? text.slice(0, hint) : text);
			const total = num(info.totalLines);
			if (!options.expanded) {
				const of = total !== undefined && total > lines.length ? ` of ${total}` : "";
				return [s.fg("muted", `${lines.length}${of} ${lines.length === 1 && !of ? "line" : "lines"}`)];
			}
			const first = num(info.offset) ?? 1;
			const digits = String(first + lines.length - 1).length;
			return lines.map((line, i) =>
				s.fg("toolOutput", `${s.fg("dim", String(first + i).padStart(digits))} ${line}`),
			);
		},
	};
}

/** The notes the bash tool appends after the output ("[exit code 2]", "[aborted]", …). */
const BASH_NOTE = /^\[(exit code|command timed out|aborted|killed by signal|output truncated)[^\]]*\]$/;

function bashRenderer(styler: () => Styler): ToolRenderer {
	return {
		renderCall(args, options) {
			const s = styler();
			const [first = "", ...more] = (str(args.command) ?? "").split("\n");
			const timeout = num(args.timeout) !== undefined ? s.fg("muted", ` (timeout ${args.timeout} s)`) : "";
			const ellipsis = more.length > 0 && !options.expanded ? s.fg("muted", " …") : "";
			const head = titleLine(s, "$", s.fg("toolTitle", first) + ellipsis + timeout, options.width);
			return options.expanded ? [head, ...paintLines(more, "toolTitle", s, options)] : [head];
		},
		renderResult(result, options) {
			const s = styler();
			const lines = outputLines(contentText(result.content));
			const notes: string[] = [];
			while (lines.length > 0 && BASH_NOTE.test(lines[lines.length - 1])) notes.unshift(lines.pop()!);
			const exitCode = num(details(result).exitCode);
			if (notes.length === 0 && exitCode !== undefined && exitCode !== 0) notes.push(`exit code ${exitCode}`);
			// Without notes an error is the tool's own failure (no shell, bad folder): all of it is the message.
			const outputColor = result.isError && notes.length === 0 ? "error" : "toolOutput";
			const output =
				lines.length === 1 && lines[0] === "(no output)"
					? [s.fg("muted", lines[0])]
					: paintLines(lines, outputColor, s, options);
			const shown = tailLines(output, BASH_TAIL, options.expanded, s);
			const noteColor = (note: string) => (note.startsWith("[output truncated") ? "muted" : "error");
			const duration = num(details(result).durationMs);
			// The final line says how long the command took; live output has the running time in the title.
			const took =
				!result.partial && duration !== undefined ? [s.fg("muted", `took ${formatDuration(duration)}`)] : [];
			return [...shown, ...notes.map((note) => s.fg(noteColor(note), note)), ...took];
		},
	};
}

function editRenderer(styler: () => Styler): ToolRenderer {
	return {
		renderCall(args, options) {
			const s = styler();
			const edits = Array.isArray(args.edits) ? args.edits.length : 0;
			const count = edits > 1 ? s.fg("muted", ` (${edits} edits)`) : "";
			return [titleLine(s, "Edit", s.fg("accent", str(args.path) ?? "?") + count, options.width)];
		},
		renderResult(result, options) {
			const s = styler();
			if (result.isError) return errorLines(result, s, options);
			const diff = str(details(result).diff);
			if (diff === undefined)
				return paintLines(outputLines(contentText(result.content)), "muted", s, options);
			const rows = renderDiff(parseUnifiedDiff(diff), s, options.width);
			return headLines(rows, DIFF_HEAD, options.expanded, s);
		},
	};
}

function writeRenderer(styler: () => Styler): ToolRenderer {
	return {
		renderCall(args, options) {
			const s = styler();
			const content = str(args.content) ?? "";
			const lines = content === "" ? [] : content.replace(/\n$/, "").split("\n");
			const path =
				s.fg("accent", str(args.path) ?? "?") + s.fg("muted", ` (${plural(lines.length, "line")})`);
			const head = titleLine(s, "Write", path, options.width);
			const preview = paintLines(outputLines(content), "toolOutput", s, options);
			return [head, ...headLines(preview, WRITE_HEAD, options.expanded, s)];
		},
		renderResult(result, options) {
			const s = styler();
			if (result.isError) return errorLines(result, s, options);
			// The tool looked before writing: whether a file was replaced is worth a glance.
			const created = details(result).created;
			if (created === true) return [s.fg("success", "created")];
			if (created === false) return [s.fg("warning", "overwritten")];
			return [];
		},
	};
}

type Describe = (args: Record<string, unknown>, s: Styler) => string;
type Count = (result: ToolResult) => string | undefined;

/** grep, find and ls: the query in the title, a count collapsed, the lines expanded. */
function listingRenderer(styler: () => Styler, verb: string, describe: Describe, count: Count): ToolRenderer {
	return {
		renderCall(args, options: RenderOptions) {
			const s = styler();
			return [titleLine(s, verb, describe(args, s), options.width)];
		},
		renderResult(result, options) {
			const s = styler();
			if (result.isError) return errorLines(result, s, options);
			const lines = outputLines(contentText(result.content));
			const summary = count(result);
			// A count of nothing is better said by the tool's own message ("No matches for …").
			if (summary === undefined) return paintLines(lines.slice(0, 1), "muted", s, options);
			if (!options.expanded) return [s.fg("muted", summary)];
			return [s.fg("muted", summary), ...paintLines(lines, "toolOutput", s, options)];
		},
	};
}

function where(args: Record<string, unknown>, s: Styler): string {
	const path = str(args.path);
	return path === undefined || path === "." ? "" : ` ${s.fg("muted", "in")} ${s.fg("accent", path)}`;
}

function grepTarget(args: Record<string, unknown>, s: Styler): string {
	const glob = str(args.glob) !== undefined ? s.fg("muted", ` (${args.glob})`) : "";
	return s.fg("accent", `/${str(args.pattern) ?? ""}/`) + where(args, s) + glob;
}

function findTarget(args: Record<string, unknown>, s: Styler): string {
	return s.fg("accent", str(args.pattern) ?? "") + where(args, s);
}

function grepCount(result: ToolResult): string | undefined {
	const info = details(result);
	const matches = num(info.matches);
	if (matches === undefined || matches === 0) return undefined;
	return plural(matches, "match", "matches") + (info.truncated === true ? " (limit reached)" : "");
}

function totalCount(one: string, many?: string): Count {
	return (result) => {
		const total = num(details(result).total);
		if (total === undefined || total === 0) return undefined;
		return plural(total, one, many) + (details(result).truncated === true ? " (list cut at the limit)" : "");
	};
}
