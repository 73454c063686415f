import { describe, expect, it } from "vitest";
import { buildSystemPrompt, defaultBasePrompt } from "../../../agent/system-prompt.js";
import { PiToolPrompts } from "./pi-tool-prompt.js";

const tools = [
	{ name: "read", description: "Read a file." },
	{ name: "structured_output", description: "Return a final structured answer.\nMore detail." },
];
const base = defaultBasePrompt(tools);
const all = () => true;

describe("pi's promptSnippet and promptGuidelines in weft's system prompt", () => {
	it("lists the tool by its snippet and adds its guidelines to weft's", () => {
		const prompts = new PiToolPrompts();
		expect(
			prompts.add({
				name: "structured_output",
				promptSnippet: "Emit a final structured answer",
				promptGuidelines: ["Use structured_output as your final action.", "Do not answer after it."],
			}),
		).toBe(true);
		const prompt = prompts.apply(base, all);
		expect(prompt).toContain("- structured_output: Emit a final structured answer\n");
		expect(prompt).not.toContain("Return a final structured answer.");
		expect(prompt).toContain("- read: Read a file.");
		const guidelines = prompt.slice(prompt.indexOf("Guidelines:\n"));
		expect(guidelines.trimEnd().split("\n").slice(-2)).toEqual([
			"- Use structured_output as your final action.",
			"- Do not answer after it.",
		]);
		// Applied again (a second handler, or a prompt already holding them): nothing is doubled.
		expect(prompts.apply(prompt, all)).toBe(prompt);
	});

	it("leaves out an inactive tool's parts, and a tool with neither is not recorded", () => {
		const prompts = new PiToolPrompts();
		prompts.add({ name: "structured_output", promptSnippet: "Emit", promptGuidelines: ["Finish with it."] });
		expect(prompts.apply(base, (name) => name !== "structured_output")).toBe(base);
		expect(prompts.add({ name: "plain" })).toBe(false);
	});

	it("keeps the sections after the guidelines where they were", () => {
		const prompts = new PiToolPrompts();
		prompts.add({ name: "structured_output", promptGuidelines: ["Finish with it."] });
		const full = buildSystemPrompt({ cwd: "/tmp", home: "/nonexistent-home", tools, contextFiles: [] });
		const prompt = prompts.apply(full, all);
		expect(prompt).toContain("- Finish with it.\n\nCurrent date:");
	});

	it("leaves a replaced system prompt without weft's sections as it is", () => {
		const prompts = new PiToolPrompts();
		prompts.add({ name: "structured_output", promptSnippet: "Emit", promptGuidelines: ["Finish with it."] });
		expect(prompts.apply("You are a pirate.", all)).toBe("You are a pirate.");
	});
});
