import { describe, expect, it } from "vitest";
import { formatJsonPath, parseJsonc, parseJsoncDocument, SettingsError } from "./jsonc.js";

function errorOf(text: string): SettingsError {
	try {
		parseJsonc(text, "/cfg/settings.json");
	} catch (error) {
		if (error instanceof SettingsError) return error;
		throw error;
	}
	throw new Error("expected a SettingsError");
}

describe("parseJsonc", () => {
	it("reads plain JSON exactly as JSON.parse does", () => {
		const text = '{"a": [1, -2.5e3, true, false, null], "b": {"c": "x\\n\\u00e9\\"q"}, "": 0}';
		expect(parseJsonc(text, "f")).toEqual(JSON.parse(text));
	});

	it("ignores line and block comments and accepts trailing commas", () => {
		const text = `// leading comment
{
  /* block
     comment */
  "providers": {
    "local": { "api": "openai-completions", }, // trailing comma in object
  },
  "extensions": ["a", "b",], /* trailing comma in array */
  "url": "http://x//not-a-comment/*"
}
// done`;
		expect(parseJsonc(text, "f")).toEqual({
			providers: { local: { api: "openai-completions" } },
			extensions: ["a", "b"],
			url: "http://x//not-a-comment/*",
		});
	});

	it("accepts a byte-order mark and keeps __proto__ as an ordinary key", () => {
		const value = parseJsonc('\uFEFF{"__proto__": {"polluted": true}}', "f") as Record<string, unknown>;
		expect(Object.keys(value)).toEqual(["__proto__"]);
		expect(({} as Record<string, unknown>).polluted).toBeUndefined();
	});

	it("names file, line and column of an unexpected token", () => {
		const error = errorOf('{\n  "providers": {\n    "local": {\n      "api": }\n  }\n}');
		expect(error.position).toEqual({ line: 4, column: 14 });
		expect(error.message).toBe("/cfg/settings.json:4:14: unexpected token '}'; expected a value");
	});

	it("explains a missing comma between properties", () => {
		const error = errorOf('{\n  "a": 1\n  "b": 2\n}');
		expect(error.message).toContain(":3:3:");
		expect(error.message).toContain(`expected ',' or '}' after the value of "a"`);
	});

	it("explains unquoted keys, single quotes and bare words", () => {
		expect(errorOf("{ api: 1 }").message).toContain(
			":1:3: unexpected token 'api'; expected a property name in double quotes",
		);
		expect(errorOf("{ \"a\": 'x' }").message).toContain(":1:8: unexpected token ''';");
		expect(errorOf('{ "a": undefined }').message).toContain("unexpected token 'undefined'; expected a value");
	});

	it("reports unterminated strings, comments and documents", () => {
		expect(errorOf('{ "a": "abc\n}').message).toContain(":1:8: unterminated string");
		expect(errorOf('{ "a": 1 /* never closed').message).toContain(":1:10: unterminated /* comment");
		expect(errorOf('{ "a": 1').message).toContain(":1:9: unexpected end of file");
		expect(errorOf("").message).toContain(":1:1: unexpected end of file; expected a value");
	});

	it("rejects numbers JSON does not allow and text after the document", () => {
		expect(errorOf('{ "a": 01 }').message).toContain("invalid number");
		expect(errorOf('{ "a": 1. }').message).toContain("invalid number");
		expect(errorOf('{ "a": "\\x" }').message).toContain("invalid escape sequence '\\x'");
		expect(errorOf("{} {}").message).toContain(":1:4: unexpected token '{' after the end of the document");
	});

	it("counts columns after CRLF line endings from the start of the line", () => {
		expect(errorOf('{\r\n  "a": ,\r\n}').position).toEqual({ line: 2, column: 8 });
	});
});

describe("parseJsoncDocument", () => {
	it("locates values by path, falling back to the nearest enclosing value", () => {
		const doc = parseJsoncDocument('{\n  "models": {\n    "x": [ { "id": 5 } ]\n  }\n}', "f");
		expect(doc.positionOf(["models", "x", 0, "id"])).toEqual({ line: 3, column: 20 });
		expect(doc.positionOf(["models", "x", 0, "missing"])).toEqual({ line: 3, column: 12 });
		expect(doc.positionOf([])).toEqual({ line: 1, column: 1 });
	});
});

describe("formatJsonPath", () => {
	it("writes paths the way users would type them", () => {
		expect(formatJsonPath(["providers", "my-local", "models", 2, "contextWindow"])).toBe(
			"providers.my-local.models[2].contextWindow",
		);
		expect(formatJsonPath(["headers", "x key"])).toBe('headers["x key"]');
	});
});

describe("keyPositionOf", () => {
	it("points at the property name rather than its value", () => {
		const doc = parseJsoncDocument('{ "a": { "bee": 1 } }', "f");
		expect(doc.keyPositionOf(["a", "bee"])).toEqual({ line: 1, column: 10 });
		expect(doc.positionOf(["a", "bee"])).toEqual({ line: 1, column: 17 });
	});
});
