import { describe, expect, it } from "vitest";
import { promptInput, uriToPath } from "./prompt-input.js";

describe("ACP prompt input", () => {
	it("joins text and linked files as typed, a link as a mention of its path", () => {
		expect(
			promptInput([
				{ type: "text", text: "look at " },
				{ type: "resource_link", name: "a.ts", uri: "file:///work/my%20app/a.ts" },
				{ type: "text", text: " please" },
			]),
		).toEqual({ text: "look at @/work/my app/a.ts please", images: [] });
	});

	it("includes an embedded resource in full, marked with where it came from", () => {
		const { text } = promptInput([
			{ type: "text", text: "explain" },
			{ type: "resource", resource: { uri: "file:///w/a.ts", text: "const a = 1;" } },
		]);
		expect(text).toBe('explain\n<context ref="/w/a.ts">\nconst a = 1;\n</context>');
	});

	it("passes images on and refuses audio, naming why", () => {
		expect(promptInput([{ type: "image", data: "AA==", mimeType: "image/png" }]).images).toEqual([
			{ type: "image", data: "AA==", mimeType: "image/png" },
		]);
		expect(() => promptInput([{ type: "audio", data: "AA==", mimeType: "audio/wav" }])).toThrow(/audio/);
	});

	it("leaves URIs other than file:// as they are", () => {
		expect(uriToPath("https://example.com/x")).toBe("https://example.com/x");
	});
});
