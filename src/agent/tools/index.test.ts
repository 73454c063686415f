import { describe, expect, it } from "vitest";
import { builtinTools } from "./index.js";

describe("builtinTools", () => {
	it("provides the stock tools in the order the model sees them", () => {
		expect(builtinTools().map((tool) => tool.name)).toEqual([
			"read",
			"bash",
			"edit",
			"write",
			"grep",
			"find",
			"ls",
		]);
	});

	it("describes every tool with a label and an object schema", () => {
		for (const tool of builtinTools()) {
			expect(tool.label).toBeTruthy();
			expect(tool.description.length).toBeGreaterThan(40);
			expect(tool.parameters).toMatchObject({ type: "object", additionalProperties: false });
		}
	});
});
