/**
 * Syntax highlighting of code to styled terminal lines: highlight.js marks
 * the code up as HTML spans, which become theme colours (syntax* tokens).
 * Grammars are required on first use, not at start-up: most sessions
 * highlight a handful of languages, and each grammar costs parse time.
 */
import { createRequire } from "node:module";
import type { HLJSApi, LanguageFn } from "highlight.js";
import hljsCore from "highlight.js/lib/core";
import { RESET_STYLE } from "../../terminal-codes.js";
import type { Style, Styler } from "../../theme/style.js";
import { decodeEntities } from "./entities.js";
import { GRAMMARS, grammarName } from "./languages.js";
import { expandTabs, stripControls } from "./source-text.js";

// Grammar modules stay out of the bundle and load from node_modules (shipped with weft) when first needed.
const requireGrammar = createRequire(import.meta.url);
/** A private instance, so weft's registrations don't touch anyone else's highlight.js. */
const hljs: HLJSApi = hljsCore.newInstance();
const registered = new Set<string>();

/** Registers a grammar and those it embeds; marked before loading because embedding is mutual (HTML ⇄ JavaScript). */
function register(name: string): void {
	if (registered.has(name)) return;
	registered.add(name);
	try {
		for (const embedded of GRAMMARS[name] ?? []) register(embedded);
		hljs.registerLanguage(name, requireGrammar(`highlight.js/lib/languages/${name}`) as LanguageFn);
	} catch (error) {
		registered.delete(name);
		throw error;
	}
}

/** Theme styles for highlight.js scopes; a scope not listed takes its parent's style. Looked up as "scope.sub" first, then "scope". */
const SCOPE_STYLES: Readonly<Record<string, Style>> = {
	keyword: { fg: "syntaxKeyword" },
	"selector-tag": { fg: "syntaxKeyword" },
	"selector-pseudo": { fg: "syntaxKeyword" },
	name: { fg: "syntaxKeyword" },
	section: { fg: "syntaxKeyword", bold: true },
	meta: { fg: "syntaxKeyword" },
	doctag: { fg: "syntaxKeyword" },
	bullet: { fg: "syntaxKeyword" },
	"variable.language": { fg: "syntaxKeyword" },
	string: { fg: "syntaxString" },
	regexp: { fg: "syntaxString" },
	char: { fg: "syntaxString" },
	symbol: { fg: "syntaxString" },
	link: { fg: "syntaxString", underline: true },
	number: { fg: "syntaxNumber" },
	literal: { fg: "syntaxNumber" },
	comment: { fg: "syntaxComment", italic: true },
	quote: { fg: "syntaxComment" },
	title: { fg: "syntaxFunction" },
	"title.class": { fg: "syntaxType" },
	type: { fg: "syntaxType" },
	class: { fg: "syntaxType" },
	built_in: { fg: "syntaxType" },
	"selector-class": { fg: "syntaxType" },
	"selector-id": { fg: "syntaxType" },
	variable: { fg: "syntaxVariable" },
	"template-variable": { fg: "syntaxVariable" },
	attr: { fg: "syntaxVariable" },
	attribute: { fg: "syntaxVariable" },
	property: { fg: "syntaxVariable" },
	operator: { fg: "syntaxOperator" },
	punctuation: { fg: "syntaxPunctuation" },
	tag: { fg: "syntaxPunctuation" },
	// Interpolated code inside a string reads as code, not as more string.
	subst: { fg: "text" },
	addition: { fg: "diffAdded" },
	deletion: { fg: "diffRemoved" },
	emphasis: { italic: true },
	strong: { bold: true },
};

/** The style for a span's class attribute ("hljs-title function_"), or undefined to inherit. */
function scopeStyle(classes: string): Style | undefined {
	const [scope = "", sub = ""] = classes.replace(/^hljs-/, "").split(" ");
	return SCOPE_STYLES[`${scope}.${sub.replace(/_+$/, "")}`] ?? SCOPE_STYLES[scope];
}

const SPAN = /<span class="([^"]*)">|<\/span>/g;

/**
 * highlight.js HTML → one styled string per line. Every run of text is
 * closed where it ends, so a span crossing a line break (a block comment)
 * closes at the line end and opens again on the next line.
 */
function spansToLines(html: string, styler: Styler): string[] {
	const lines: string[] = [];
	const styles: Style[] = [{}];
	let runs: Run[] = [];
	const emit = (escaped: string) => {
		if (escaped === "") return;
		const style = styles[styles.length - 1];
		const parts = decodeEntities(escaped).split("\n");
		for (let i = 0; i < parts.length; i++) {
			if (i > 0) {
				lines.push(joinRuns(runs));
				runs = [];
			}
			if (parts[i] !== "") runs.push({ style, sgr: sgrOf(style, styler), text: parts[i] });
		}
	};
	let last = 0;
	for (const match of html.matchAll(SPAN)) {
		emit(html.slice(last, match.index));
		if (match[1] === undefined) {
			if (styles.length > 1) styles.pop();
		} else styles.push(scopeStyle(match[1]) ?? styles[styles.length - 1]);
		last = match.index + match[0].length;
	}
	emit(html.slice(last));
	lines.push(joinRuns(runs));
	return lines;
}

/** A scope the theme draws in the text colour needs no code at all: code lines start unstyled. */
function sgrOf(style: Style, styler: Styler): string {
	const onlyColour = style.fg !== undefined && Object.keys(style).length === 1;
	return onlyColour && styler.resolve(style.fg!) === "default" ? "" : styler.sgr(style);
}

interface Run {
	style: Style;
	sgr: string;
	text: string;
}

/** Nothing of the style shows on a space (a colour or weight does; a background or a line does). */
const invisibleOnSpaces = (style: Style) =>
	!style.bg && !style.underline && !style.inverse && !style.strikethrough;

/**
 * One line's runs as a string with as few escape codes as draw the same:
 * runs of one style are joined, and unstyled spaces between two runs of the
 * same style ("const x" in keyword colour around a space) stay inside it.
 */
function joinRuns(runs: readonly Run[]): string {
	let out = "";
	let open = "";
	for (let i = 0; i < runs.length; i++) {
		const { sgr, text } = runs[i];
		if (sgr === open) {
			out += text;
			continue;
		}
		const next = runs[i + 1];
		if (
			sgr === "" &&
			open !== "" &&
			next?.sgr === open &&
			text.trim() === "" &&
			invisibleOnSpaces(next.style)
		) {
			out += text;
			continue;
		}
		if (open !== "") out += RESET_STYLE;
		out += sgr + text;
		open = sgr;
	}
	return open === "" ? out : out + RESET_STYLE;
}

/** A unified diff line by its first character: what was added, removed, and where. */
function diffLine(line: string, styler: Styler): string {
	if (line === "") return line;
	if (line.startsWith("+++") || line.startsWith("---") || /^(diff|index) /.test(line))
		return styler.paint(line, { bold: true });
	if (line.startsWith("@@")) return styler.fg("diffHunk", line);
	if (line[0] === "+") return styler.fg("diffAdded", line);
	if (line[0] === "-") return styler.fg("diffRemoved", line);
	return styler.fg("diffContext", line);
}

/**
 * `code` as styled lines, one per source line. `language` is a fence info
 * string; a language weft doesn't know gives the code unstyled (guessing the
 * language is slow and often wrong).
 */
export function highlightCode(code: string, language: string | undefined, styler: Styler): string[] {
	const lines = stripControls(code).split("\n").map(expandTabs);
	const grammar = grammarName(language);
	if (grammar === "diff") return lines.map((line) => diffLine(line, styler));
	if (grammar === undefined) return lines;
	register(grammar);
	const html = hljs.highlight(lines.join("\n"), { language: grammar, ignoreIllegals: true }).value;
	return spansToLines(html, styler);
}
