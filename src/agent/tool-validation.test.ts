import { describe, expect, it } from "vitest";
import { compileSimpleSchema } from "./simple-schema.js";
import { validateToolArgs } from "./tool-validation.js";
import { builtinTools } from "./tools/index.js";

const schema = {
	type: "object",
	properties: {
		path: { type: "string", minLength: 1, description: "file" },
		offset: { type: "integer", minimum: 1 },
		mode: { enum: ["a", "b"] },
		edits: {
			type: "array",
			minItems: 1,
			items: { type: "object", properties: { oldText: { type: "string" } }, required: ["oldText"] },
		},
	},
	required: ["path"],
	additionalProperties: false,
};

describe("tool argument validation", () => {
	it("accepts valid arguments", async () => {
		expect(
			await validateToolArgs("t", schema, { path: "a", offset: 3, mode: "b", edits: [{ oldText: "x" }] }),
		).toEqual({
			ok: true,
		});
	});

	it("names every problem with its path so the model can fix it", async () => {
		const outcome = await validateToolArgs("t", schema, { offset: 0, mode: "c", edits: [{}], extra: 1 });
		expect(outcome.ok).toBe(false);
		const message = (outcome as { message: string }).message;
		expect(message).toContain('Invalid arguments for tool "t"');
		expect(message).toContain('must have required property "path"');
		expect(message).toContain("offset: must be >= 1");
		expect(message).toContain('mode: must be one of "a", "b"');
		expect(message).toContain('edits.0: must have required property "oldText"');
		expect(message).toContain('must not have additional property "extra"');
		expect(message).toContain("Fix the arguments and call the tool again.");
	});

	it("rejects a number where an integer is required and a string where a number is", async () => {
		const outcome = await validateToolArgs("t", schema, { path: "a", offset: 1.5 });
		expect((outcome as { message: string }).message).toContain("offset: must be integer (got number)");
	});

	it("falls back to the full JSON Schema compiler for keywords the fast path does not know", async () => {
		const rich = {
			type: "object",
			properties: { n: { anyOf: [{ type: "string" }, { type: "integer" }] } },
			required: ["n"],
		};
		expect(compileSimpleSchema(rich)).toBeUndefined();
		expect(await validateToolArgs("t", rich, { n: 3 })).toEqual({ ok: true });
		const bad = await validateToolArgs("t", rich, { n: true });
		expect(bad.ok).toBe(false);
		expect((bad as { message: string }).message).toContain("n:");
	});

	it("reports an invalid schema as the tool being uncallable, not as a crash", async () => {
		const outcome = await validateToolArgs(
			"broken",
			{ type: "object", properties: { a: { pattern: "(" } } },
			{},
		);
		expect(outcome.ok).toBe(false);
		expect((outcome as { message: string }).message).toContain("Tool broken cannot be called");
	});

	it("handles every built-in tool's schema on the fast path", () => {
		for (const tool of builtinTools()) expect(compileSimpleSchema(tool.parameters), tool.name).toBeDefined();
	});
});
