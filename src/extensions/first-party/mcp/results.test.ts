import { describe, expect, it } from "vitest";
import { promptArguments } from "./prompt-args.js";
import { mapToolResult } from "./results.js";

describe("mapToolResult", () => {
	it("passes text and images, marks errors, and says what it leaves out", () => {
		const result = mapToolResult({
			content: [
				{ type: "text", text: "hello" },
				{ type: "image", data: "AAAA", mimeType: "image/png" },
				{ type: "audio", data: "BBBB", mimeType: "audio/wav" },
				{ type: "resource_link", name: "notes", uri: "memo://notes" },
				{ type: "resource", resource: { uri: "memo://a", text: "inline text" } },
				{ type: "resource", resource: { uri: "memo://b", blob: "CCCC", mimeType: "application/pdf" } },
			],
			isError: true,
		});
		expect(result).toEqual({
			isError: true,
			content: [
				{ type: "text", text: "hello" },
				{ type: "image", data: "AAAA", mimeType: "image/png" },
				{ type: "text", text: "[audio content not shown: weft passes text and images to the model]" },
				{ type: "text", text: "[resource notes: memo://notes]" },
				{ type: "text", text: "inline text" },
				{ type: "text", text: "[binary resource memo://b (application/pdf) not shown]" },
			],
		});
	});

	it("sends structured content as JSON when there is nothing else", () => {
		expect(mapToolResult({ content: [], structuredContent: { n: 1 } })).toEqual({
			isError: false,
			content: [{ type: "text", text: '{"n":1}' }],
		});
		expect(mapToolResult({}).content).toEqual([{ type: "text", text: "(the tool returned nothing)" }]);
	});
});

describe("promptArguments", () => {
	const greet = {
		name: "greet",
		arguments: [
			{ name: "name", required: true },
			{ name: "style", required: false },
		],
	};

	it("fills arguments in order, the last one taking the rest of the line", () => {
		expect(promptArguments(greet, '"Ada Lovelace" very warmly')).toEqual({
			name: "Ada Lovelace",
			style: "very warmly",
		});
		expect(promptArguments(greet, "Ada")).toEqual({ name: "Ada" });
	});

	it("names missing required arguments with the usage", () => {
		expect(promptArguments(greet, "  ")).toEqual({ error: "missing name; usage: <name> [style]" });
		expect(promptArguments({ name: "plain" }, "extra")).toEqual({ error: "this prompt takes no arguments" });
	});
});
