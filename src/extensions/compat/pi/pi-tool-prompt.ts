/**
 * pi's `promptSnippet` and `promptGuidelines` on a tool: pi lists the tool
 * in its system prompt's "Available tools" by the snippet and adds the
 * guidelines to its "Guidelines" while the tool is active. weft's default
 * system prompt has both sections, so a pi extension's tools edit them the
 * same way (before_agent_start); a system prompt replaced by the user
 * (SYSTEM.md, --system-prompt) has neither and is left as it is, as pi
 * leaves a custom prompt.
 */

export interface ToolPromptParts {
	name: string;
	promptSnippet?: unknown;
	promptGuidelines?: unknown;
}

interface Parts {
	snippet?: string;
	guidelines: string[];
}

const AVAILABLE = "Available tools:\n";
const GUIDELINES = "Guidelines:\n";

export class PiToolPrompts {
	private readonly tools = new Map<string, Parts>();

	/** Records a tool's parts; true when it has any. */
	add(tool: ToolPromptParts): boolean {
		const snippet = typeof tool.promptSnippet === "string" ? oneLine(tool.promptSnippet) : undefined;
		const guidelines = Array.isArray(tool.promptGuidelines)
			? tool.promptGuidelines.filter((g): g is string => typeof g === "string").map(oneLine)
			: [];
		if (!snippet && guidelines.length === 0) {
			this.tools.delete(tool.name);
			return false;
		}
		this.tools.set(tool.name, { snippet: snippet || undefined, guidelines: guidelines.filter(Boolean) });
		return true;
	}

	/** The system prompt with the active tools' snippets and guidelines in weft's sections. */
	apply(systemPrompt: string, active: (name: string) => boolean): string {
		let prompt = systemPrompt;
		const present = new Set(systemPrompt.split("\n"));
		const added: string[] = [];
		for (const [name, parts] of this.tools) {
			if (!active(name)) continue;
			if (parts.snippet) prompt = replaceToolLine(prompt, name, parts.snippet);
			for (const line of parts.guidelines) {
				if (present.has(`- ${line}`)) continue;
				present.add(`- ${line}`);
				added.push(line);
			}
		}
		return added.length === 0 ? prompt : appendToSection(prompt, GUIDELINES, added);
	}
}

function oneLine(text: string): string {
	return text.replace(/\s+/g, " ").trim();
}

/** `- name: …` in the Available tools list, with the snippet in place of the description's first line. */
function replaceToolLine(prompt: string, name: string, snippet: string): string {
	const start = prompt.indexOf(AVAILABLE);
	if (start < 0) return prompt;
	const end = sectionEnd(prompt, start);
	const section = prompt.slice(start, end);
	const lines = section.split("\n");
	const index = lines.findIndex((line) => line.startsWith(`- ${name}: `));
	if (index < 0) return prompt;
	lines[index] = `- ${name}: ${snippet}`;
	return prompt.slice(0, start) + lines.join("\n") + prompt.slice(end);
}

function appendToSection(prompt: string, heading: string, lines: string[]): string {
	const start = prompt.indexOf(heading);
	if (start < 0) return prompt;
	const end = sectionEnd(prompt, start);
	return `${prompt.slice(0, end)}\n${lines.map((line) => `- ${line}`).join("\n")}${prompt.slice(end)}`;
}

/** Where a section ends: its blank line, or the prompt's end. */
function sectionEnd(prompt: string, start: number): number {
	const end = prompt.indexOf("\n\n", start);
	return end < 0 ? prompt.length : end;
}
