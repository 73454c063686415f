import { describe, expect, it } from "vitest";
import { checkToolSchema } from "./schema-check.js";

describe("tool schema check", () => {
	it("accepts object schemas with the usual keywords, nested", () => {
		expect(
			checkToolSchema({
				type: "object",
				properties: {
					path: { type: "string", minLength: 1, pattern: "^[^\\0]+$" },
					mode: { enum: ["r", "w"] },
					lines: { type: "array", items: { type: ["integer", "null"], minimum: 0 } },
					opts: { anyOf: [{ type: "boolean" }, { type: "object", additionalProperties: false }] },
				},
				required: ["path"],
				"x-custom": "annotations pass",
			}),
		).toBeUndefined();
		expect(checkToolSchema({})).toBeUndefined();
	});

	it("names what is wrong and where", () => {
		expect(checkToolSchema("nope")).toBe("the schema must be a JSON object");
		expect(checkToolSchema({ type: "string" })).toContain('"type" must be "object"');
		expect(checkToolSchema({ type: "object", properties: { a: { type: "nope" } } })).toBe(
			'"properties.a.type" must be one of string, number, integer, boolean, object, array, null (got "nope")',
		);
		expect(checkToolSchema({ type: "object", properties: 5 })).toBe(
			'"properties" must be an object of schemas',
		);
		expect(checkToolSchema({ type: "object", required: "a" })).toBe(
			'"required" must be an array of property names',
		);
		expect(checkToolSchema({ properties: { a: { minLength: -1 } } })).toBe(
			'"properties.a.minLength" must be a non-negative integer',
		);
		expect(checkToolSchema({ properties: { a: { pattern: "(" } } })).toContain(
			'"properties.a.pattern" is not a valid regular expression',
		);
		expect(checkToolSchema({ anyOf: [] })).toBe('"anyOf" must be a non-empty array of schemas');
		expect(checkToolSchema({ properties: { a: 3 } })).toBe(
			'"properties.a" must be a schema object or a boolean',
		);
	});
});
