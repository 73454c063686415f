/**
 * The YAML frontmatter of markdown files (skills, prompt templates): the
 * subset those files use, parsed here rather than pulling in a YAML
 * library — `key: value`, quoted strings, plain values wrapped onto
 * indented lines, `|` and `>` blocks (with `-` / `+` chomping), lists
 * (`[a, b]` or `- a` lines) and nested maps (e.g. a skill's `metadata:`).
 * Anything else is an error naming the line in the file, so a skill is
 * never dropped without saying why.
 */

export type FrontmatterValue = string | string[] | { [key: string]: FrontmatterValue };

export interface Frontmatter {
	data: Record<string, FrontmatterValue>;
	/** What follows the closing `---` (the whole text when there is no frontmatter). */
	body: string;
}

/** What is wrong, and on which line of the file (1-based). */
export class FrontmatterError extends Error {
	constructor(
		readonly line: number,
		message: string,
	) {
		super(message);
		this.name = "FrontmatterError";
	}
}

interface Line {
	/** 1-based, in the file. */
	no: number;
	indent: number;
	text: string;
}

/** Splits `text` into its frontmatter (between `---` lines at the very top) and body. */
export function parseFrontmatter(text: string): Frontmatter {
	const lines = text.replace(/^\uFEFF/, "").split(/\r?\n/);
	if (lines[0]?.trimEnd() !== "---") return { data: {}, body: text };
	const end = lines.findIndex((line, i) => i > 0 && line.trimEnd() === "---");
	if (end < 0) throw new FrontmatterError(1, "the frontmatter opened here is never closed with a --- line");
	const inner: Line[] = lines.slice(1, end).map((raw, i) => {
		const no = i + 2;
		const indent = raw.length - raw.trimStart().length;
		if (/^ *\t/.test(raw) && raw.trim() !== "")
			throw new FrontmatterError(no, "indent with spaces, not tabs");
		return { no, indent, text: raw.trim() };
	});
	const data = parseMap(inner, { pos: 0 }, 0);
	return { data, body: lines.slice(end + 1).join("\n") };
}

const isContent = (line: Line): boolean => line.text !== "" && !line.text.startsWith("#");

function nextContent(lines: Line[], from: number): Line | undefined {
	for (let i = from; i < lines.length; i++) if (isContent(lines[i])) return lines[i];
	return undefined;
}

const KEY_VALUE = /^([^\s:#'"[{-][^:]*?|-[^\s:][^:]*?)\s*:(?:\s+(.*))?$/;

function parseMap(lines: Line[], cursor: { pos: number }, indent: number): Record<string, FrontmatterValue> {
	const map: Record<string, FrontmatterValue> = {};
	while (cursor.pos < lines.length) {
		const line = lines[cursor.pos];
		if (!isContent(line)) {
			cursor.pos++;
			continue;
		}
		if (line.indent < indent) break;
		if (line.indent > indent) throw new FrontmatterError(line.no, "unexpected indentation");
		const match = KEY_VALUE.exec(line.text);
		if (!match) throw new FrontmatterError(line.no, `expected "key: value", got "${line.text}"`);
		const key = match[1];
		if (Object.hasOwn(map, key)) throw new FrontmatterError(line.no, `"${key}" is given twice`);
		cursor.pos++;
		map[key] = parseValue(lines, cursor, line, stripComment(match[2] ?? ""));
	}
	return map;
}

function parseValue(lines: Line[], cursor: { pos: number }, keyLine: Line, value: string): FrontmatterValue {
	const block = /^([|>])([-+]?)$/.exec(value);
	if (block) return blockScalar(lines, cursor, keyLine, block[1] === ">", block[2]);
	if (value === "") {
		const next = nextContent(lines, cursor.pos);
		if (next?.text.startsWith("-") && /^-(\s|$)/.test(next.text) && next.indent >= keyLine.indent)
			return parseList(lines, cursor, next.indent);
		if (next && next.indent > keyLine.indent) return parseMap(lines, cursor, next.indent);
		return "";
	}
	// `[a, b]` is a list; Claude Code's `argument-hint: [file] [line]` is not valid YAML but is meant as text.
	if (/^\[[^[\]]*\]$/.test(value)) {
		const items = value.slice(1, -1).trim();
		return items === "" ? [] : items.split(",").map((item) => scalar(item.trim(), keyLine.no));
	}
	if (value.startsWith('"') || value.startsWith("'")) return scalar(value, keyLine.no);
	// A plain value may wrap onto more-indented lines; YAML joins them with spaces.
	const parts = [value];
	while (cursor.pos < lines.length) {
		const line = lines[cursor.pos];
		if (isContent(line) && line.indent <= keyLine.indent) break;
		// As in YAML: ": " cannot continue a plain value (quote it, or use | or >), and reads as a misplaced key.
		if (/:(\s|$)/.test(line.text))
			throw new FrontmatterError(
				line.no,
				`unexpected indentation, or quote the value of "${keyLine.text.split(":")[0]}" (line ${keyLine.no})`,
			);
		if (line.text !== "") parts.push(line.text);
		cursor.pos++;
	}
	return parts.join(" ");
}

function parseList(lines: Line[], cursor: { pos: number }, indent: number): string[] {
	const items: string[] = [];
	while (cursor.pos < lines.length) {
		const line = lines[cursor.pos];
		if (!isContent(line)) {
			cursor.pos++;
			continue;
		}
		if (line.indent !== indent || !/^-(\s|$)/.test(line.text)) break;
		items.push(scalar(stripComment(line.text.slice(1).trim()), line.no));
		cursor.pos++;
	}
	return items;
}

function blockScalar(
	lines: Line[],
	cursor: { pos: number },
	keyLine: Line,
	folded: boolean,
	chomp: string,
): string {
	const raw: Line[] = [];
	while (cursor.pos < lines.length) {
		const line = lines[cursor.pos];
		if (line.text !== "" && line.indent <= keyLine.indent) break;
		raw.push(line);
		cursor.pos++;
	}
	const first = raw.find((line) => line.text !== "");
	const indent = first?.indent ?? 0;
	// Lines are kept as written after the block's own indentation (a literal block keeps deeper indents).
	const texts = raw.map((line) => (line.text === "" ? "" : " ".repeat(line.indent - indent) + line.text));
	const trailing = texts.length - (texts.findLastIndex((t) => t !== "") + 1);
	const content = texts.slice(0, texts.length - trailing);
	let text = folded ? fold(content) : content.join("\n");
	if (content.length === 0) return "";
	if (chomp === "+") text += "\n".repeat(trailing + 1);
	else if (chomp !== "-") text += "\n";
	return text;
}

/** `>` blocks: lines joined with spaces, an empty line a line break, more-indented lines kept as they are. */
function fold(lines: string[]): string {
	let out = "";
	for (let i = 0; i < lines.length; i++) {
		const line = lines[i];
		const previous = lines[i - 1];
		if (i === 0) out = line;
		else if (line === "") out += "\n";
		else if (previous === "" || line.startsWith(" ") || previous.startsWith(" ")) out += line;
		else out += ` ${line}`;
		if (line.startsWith(" ") && i < lines.length - 1) out += "\n";
	}
	return out;
}

function scalar(text: string, lineNo: number): string {
	if (text.startsWith('"')) {
		const match = /^"((?:[^"\\]|\\.)*)"$/.exec(text);
		if (!match) throw new FrontmatterError(lineNo, "a double-quoted value must close on the same line");
		return match[1].replace(/\\(.)/g, (_all, c: string) => ESCAPES[c] ?? c);
	}
	if (text.startsWith("'")) {
		const match = /^'((?:[^']|'')*)'$/.exec(text);
		if (!match) throw new FrontmatterError(lineNo, "a single-quoted value must close on the same line");
		return match[1].replaceAll("''", "'");
	}
	return text;
}

const ESCAPES: Record<string, string> = { n: "\n", t: "\t", r: "\r", "0": "\0", '"': '"', "\\": "\\" };

/** A plain value ends before ` #`; quoted values keep theirs. */
function stripComment(value: string): string {
	if (value.startsWith('"') || value.startsWith("'")) {
		const quote = value[0];
		const close = quote === '"' ? /^"(?:[^"\\]|\\.)*"/.exec(value) : /^'(?:[^']|'')*'/.exec(value);
		if (close && /^\s*(#.*)?$/.test(value.slice(close[0].length))) return close[0];
		return value;
	}
	const hash = value.search(/\s#/);
	return hash < 0 ? value : value.slice(0, hash).trimEnd();
}
