/**
 * JSON with comments (`//`, `/* *\/`) and trailing commas: the format of
 * weft's settings files. A small parser of our own rather than JSON.parse,
 * because V8's error messages carry a position only for some mistakes and
 * differ between Node versions; users need `file:line:column` every time.
 */
import { displayPath } from "./paths.js";

export interface SourcePosition {
	/** 1-based. */
	line: number;
	/** 1-based, in UTF-16 code units. */
	column: number;
}

export type JsonPath = ReadonlyArray<string | number>;

/** A settings or credentials file that cannot be used, with where and why. */
export class SettingsError extends Error {
	constructor(
		readonly file: string,
		readonly detail: string,
		readonly position?: SourcePosition,
		readonly jsonPath?: string,
	) {
		const where = position ? `:${position.line}:${position.column}` : "";
		const path = jsonPath ? `${jsonPath}: ` : "";
		super(`${displayPath(file)}${where}: ${path}${detail}`);
		this.name = "SettingsError";
	}
}

export interface JsoncDocument {
	value: unknown;
	/** Where the value at `path` starts; falls back to the nearest enclosing value. */
	positionOf(path: JsonPath): SourcePosition | undefined;
	/** Where the property name that ends `path` is written, for messages about the key itself. */
	keyPositionOf(path: JsonPath): SourcePosition | undefined;
}

export function parseJsonc(text: string, file: string): unknown {
	return parseJsoncDocument(text, file).value;
}

export function parseJsoncDocument(text: string, file: string): JsoncDocument {
	const parser = new Parser(text, file);
	const value = parser.parseDocument();
	const positionOf = (path: JsonPath): SourcePosition | undefined => {
		for (let end = path.length; end >= 0; end--) {
			const offset = parser.offsets.get(pathKey(path.slice(0, end)));
			if (offset !== undefined) return positionAt(text, offset);
		}
		return undefined;
	};
	const keyPositionOf = (path: JsonPath): SourcePosition | undefined => {
		const offset = parser.keyOffsets.get(pathKey(path));
		return offset === undefined ? positionOf(path) : positionAt(text, offset);
	};
	return { value, positionOf, keyPositionOf };
}

/** `providers.local.models[0].id`; keys that are not plain words are quoted. */
export function formatJsonPath(path: JsonPath): string {
	let out = "";
	for (const segment of path) {
		if (typeof segment === "number") out += `[${segment}]`;
		else if (/^[A-Za-z_$][\w$-]*$/.test(segment)) out += out ? `.${segment}` : segment;
		else out += `[${JSON.stringify(segment)}]`;
	}
	return out;
}

export function positionAt(text: string, offset: number): SourcePosition {
	let line = 1;
	let lineStart = 0;
	for (let i = 0; i < offset && i < text.length; i++) {
		if (text.charCodeAt(i) === 0x0a) {
			line++;
			lineStart = i + 1;
		}
	}
	return { line, column: offset - lineStart + 1 };
}

function pathKey(path: JsonPath): string {
	return path.map(String).join("\u0000");
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const WORD = /[A-Za-z0-9_$.+-]+/y;
const ESCAPES = new Set(['"', "\\", "/", "b", "f", "n", "r", "t"]);

class Parser {
	readonly offsets = new Map<string, number>();
	readonly keyOffsets = new Map<string, number>();
	private pos = 0;

	constructor(
		private readonly text: string,
		private readonly file: string,
	) {}

	parseDocument(): unknown {
		if (this.text.charCodeAt(0) === 0xfeff) this.pos = 1;
		this.skipTrivia();
		const value = this.parseValue([]);
		this.skipTrivia();
		if (this.pos < this.text.length) this.fail(`unexpected ${this.token()} after the end of the document`);
		return value;
	}

	private parseValue(path: JsonPath): unknown {
		this.offsets.set(pathKey(path), this.pos);
		const ch = this.text[this.pos];
		if (ch === "{") return this.parseObject(path);
		if (ch === "[") return this.parseArray(path);
		if (ch === '"') return this.parseString();
		if (ch === "-" || (ch >= "0" && ch <= "9")) return this.parseNumber();
		for (const [word, value] of [
			["true", true],
			["false", false],
			["null", null],
		] as const) {
			if (this.text.startsWith(word, this.pos) && !/[\w$]/.test(this.text[this.pos + word.length] ?? "")) {
				this.pos += word.length;
				return value;
			}
		}
		return this.fail(`unexpected ${this.token()}; expected a value`);
	}

	private parseObject(path: JsonPath): Record<string, unknown> {
		const object: Record<string, unknown> = {};
		this.pos++;
		this.skipTrivia();
		if (this.text[this.pos] === "}") {
			this.pos++;
			return object;
		}
		for (;;) {
			if (this.text[this.pos] !== '"') {
				this.fail(`unexpected ${this.token()}; expected a property name in double quotes`);
			}
			const keyOffset = this.pos;
			const key = this.parseString();
			this.keyOffsets.set(pathKey([...path, key]), keyOffset);
			this.skipTrivia();
			if (this.text[this.pos] !== ":") this.fail(`unexpected ${this.token()}; expected ':' after "${key}"`);
			this.pos++;
			this.skipTrivia();
			// defineProperty, not assignment: a "__proto__" key must stay an ordinary key.
			Object.defineProperty(object, key, {
				value: this.parseValue([...path, key]),
				enumerable: true,
				writable: true,
				configurable: true,
			});
			this.skipTrivia();
			const next = this.text[this.pos];
			if (next === ",") {
				this.pos++;
				this.skipTrivia();
				if (this.text[this.pos] !== "}") continue;
			} else if (next !== "}") {
				this.fail(`unexpected ${this.token()}; expected ',' or '}' after the value of "${key}"`);
			}
			this.pos++;
			return object;
		}
	}

	private parseArray(path: JsonPath): unknown[] {
		const array: unknown[] = [];
		this.pos++;
		this.skipTrivia();
		if (this.text[this.pos] === "]") {
			this.pos++;
			return array;
		}
		for (;;) {
			array.push(this.parseValue([...path, array.length]));
			this.skipTrivia();
			const next = this.text[this.pos];
			if (next === ",") {
				this.pos++;
				this.skipTrivia();
				if (this.text[this.pos] !== "]") continue;
			} else if (next !== "]") {
				this.fail(`unexpected ${this.token()}; expected ',' or ']' in the array`);
			}
			this.pos++;
			return array;
		}
	}

	private parseString(): string {
		const start = this.pos;
		this.pos++;
		for (;;) {
			const code = this.text.charCodeAt(this.pos);
			if (Number.isNaN(code)) this.fail("unterminated string", start);
			if (code === 0x22) break;
			if (code === 0x5c) {
				const escaped = this.text[this.pos + 1];
				if (escaped !== undefined && ESCAPES.has(escaped)) this.pos += 2;
				else if (escaped === "u" && /^[0-9a-fA-F]{4}$/.test(this.text.slice(this.pos + 2, this.pos + 6))) {
					this.pos += 6;
				} else this.fail(`invalid escape sequence '\\${escaped ?? ""}' in string`);
				continue;
			}
			if (code === 0x0a || code === 0x0d)
				this.fail("unterminated string (a string cannot span lines)", start);
			if (code < 0x20) this.fail("control character in string; write it as an escape such as \\t");
			this.pos++;
		}
		this.pos++;
		return JSON.parse(this.text.slice(start, this.pos)) as string;
	}

	private parseNumber(): number {
		const start = this.pos;
		NUMBER.lastIndex = start;
		const match = NUMBER.exec(this.text);
		const end = match ? start + match[0].length : start;
		if (!match || /[\w.]/.test(this.text[end] ?? "")) {
			this.fail(`invalid number ${this.token()}`);
		}
		this.pos = end;
		return Number(match[0]);
	}

	private skipTrivia(): void {
		for (;;) {
			const ch = this.text[this.pos];
			if (ch === " " || ch === "\t" || ch === "\n" || ch === "\r") this.pos++;
			else if (ch === "/" && this.text[this.pos + 1] === "/") {
				const end = this.text.indexOf("\n", this.pos);
				this.pos = end === -1 ? this.text.length : end + 1;
			} else if (ch === "/" && this.text[this.pos + 1] === "*") {
				const end = this.text.indexOf("*/", this.pos + 2);
				if (end === -1) this.fail("unterminated /* comment");
				this.pos = end + 2;
			} else return;
		}
	}

	/** The token at the cursor as it reads in a message: `token 'x'` or `end of file`. */
	private token(): string {
		if (this.pos >= this.text.length) return "end of file";
		WORD.lastIndex = this.pos;
		const word = WORD.exec(this.text);
		return `token '${word ? word[0] : this.text[this.pos]}'`;
	}

	private fail(detail: string, offset = this.pos): never {
		throw new SettingsError(this.file, detail, positionAt(this.text, offset));
	}
}
