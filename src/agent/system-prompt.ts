/**
 * Builds the system prompt: base instructions (weft's default, the user's
 * SYSTEM.md, or the caller's `--system-prompt`), project context files,
 * caller sections, date and working directory, then APPEND_SYSTEM.md. Only
 * the base is ever replaced; everything after it is always there. Global files live in weft's home,
 * project files in `<cwd>/.weft/`. A project SYSTEM.md is used only in a
 * trusted folder: it would replace the user's own SYSTEM.md and weft's
 * guidelines (docs/security.md lists what an untrusted folder may do).
 */
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import type { ToolSpec } from "../kernel/messages.js";
import { type ContextFile, loadContextFiles, readOptionalFile } from "./context-files.js";

export type PromptTool = Pick<ToolSpec, "name" | "description">;

export interface PromptFile {
	path: string;
	content: string;
}

export interface PromptOverrides {
	/** Replaces weft's default base prompt; the project file wins over the global one. */
	system?: PromptFile;
	/** Appended at the very end, global first. */
	append: PromptFile[];
}

export interface BuildSystemPromptOptions {
	cwd: string;
	/** weft's home directory (`~/.weft` or WEFT_HOME). */
	home: string;
	tools: PromptTool[];
	/** Defaults to now. */
	date?: Date;
	/** Defaults to `loadContextFiles({ cwd, home })`. */
	contextFiles?: ContextFile[];
	/** Extra sections (e.g. a skills list), placed after the context files. */
	appendSections?: string[];
	/** Replaces the base instructions (weft's default and any SYSTEM.md): `--system-prompt`. */
	basePrompt?: string;
	/** Whether `<cwd>/.weft/SYSTEM.md` may replace the base prompt (default true). */
	projectTrusted?: boolean;
}

const WEEKDAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];

function readPromptFile(path: string): PromptFile | undefined {
	const content = readOptionalFile(path);
	return content === undefined ? undefined : { path, content: content.trim() };
}

export function readPromptOverrides(options: {
	cwd: string;
	home: string;
	projectTrusted?: boolean;
}): PromptOverrides {
	const globalDir = resolve(options.home);
	const projectDir = join(resolve(options.cwd), ".weft");
	const projectSystem =
		options.projectTrusted === false && projectDir !== globalDir
			? undefined
			: readPromptFile(join(projectDir, "SYSTEM.md"));
	const system = projectSystem ?? readPromptFile(join(globalDir, "SYSTEM.md"));
	const append: PromptFile[] = [];
	// When cwd is the user's home, `<cwd>/.weft` is weft's home itself: read its file once.
	const appendDirs = projectDir === globalDir ? [globalDir] : [globalDir, projectDir];
	for (const dir of appendDirs) {
		const file = readPromptFile(join(dir, "APPEND_SYSTEM.md"));
		if (file) append.push(file);
	}
	return { system, append };
}

/** The warning to show once when an untrusted folder's SYSTEM.md is left out, if it has one. */
export function ignoredProjectPrompt(options: { cwd: string; home: string }): string | undefined {
	const projectDir = join(resolve(options.cwd), ".weft");
	if (projectDir === resolve(options.home) || !existsSync(join(projectDir, "SYSTEM.md"))) return undefined;
	return '.weft/SYSTEM.md: not used (this folder is not trusted; run "weft trust" to allow it)';
}

/** The first line of a description: the full text already travels with the tool definition. */
function summary(description: string): string {
	return description.trim().split("\n", 1)[0].trim();
}

function guidelines(tools: PromptTool[]): string[] {
	const has = (name: string) => tools.some((tool) => tool.name === name);
	const lines: string[] = [];
	if (has("read")) lines.push("Read a file before you change it; never guess at contents you have not seen.");
	if (has("edit")) {
		const write = has("write") ? ", `write` only for new files or full rewrites" : "";
		lines.push(`Use \`edit\` for changes to existing files${write}.`);
	}
	const search = ["grep", "find", "ls"].filter(has);
	if (search.length > 0) {
		lines.push(`Explore the project with ${search.join(", ")} rather than shell commands.`);
	}
	if (has("bash")) {
		lines.push(
			"Use `bash` to build, test and run things; avoid interactive commands and long-running servers.",
		);
	}
	lines.push(
		"Make the smallest change that solves the problem, in the style and conventions the project already uses.",
		"Verify your work when you can: run the tests, the type checker or the program.",
		"Ask before doing anything destructive or hard to undo, and when the request is ambiguous.",
		"Keep answers concise. Name file paths (with line numbers where useful) when you refer to code.",
		"Say plainly when something failed or you could not finish; never claim work you did not do.",
	);
	return lines;
}

export function defaultBasePrompt(tools: PromptTool[]): string {
	const toolList =
		tools.length === 0
			? "(none: you can only answer in text)"
			: tools.map((tool) => `- ${tool.name}: ${summary(tool.description)}`).join("\n");
	const rules = guidelines(tools).map((line) => `- ${line}`);
	return [
		"You are weft, a coding agent working in the user's terminal. You help with software engineering tasks: " +
			"reading and explaining code, fixing bugs, adding features, refactoring, and running commands and tests.",
		`Available tools:\n${toolList}`,
		`Guidelines:\n${rules.join("\n")}`,
	].join("\n\n");
}

function formatDate(date: Date): string {
	const pad = (value: number) => String(value).padStart(2, "0");
	const day = `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
	return `${day} (${WEEKDAYS[date.getDay()]})`;
}

export function buildSystemPrompt(options: BuildSystemPromptOptions): string {
	const cwd = resolve(options.cwd);
	const overrides = readPromptOverrides({ cwd, home: options.home, projectTrusted: options.projectTrusted });
	const contextFiles = options.contextFiles ?? loadContextFiles({ cwd, home: options.home });
	const sections: string[] = [
		options.basePrompt ?? overrides.system?.content ?? defaultBasePrompt(options.tools),
	];
	if (contextFiles.length > 0) {
		const files = contextFiles.map((file) => `## ${file.path}\n\n${file.content.trim()}`);
		sections.push(
			`# Project context\n\nInstructions from the user and the project:\n\n${files.join("\n\n")}`,
		);
	}
	sections.push(...(options.appendSections ?? []));
	sections.push(`Current date: ${formatDate(options.date ?? new Date())}\nCurrent working directory: ${cwd}`);
	sections.push(...overrides.append.map((file) => file.content));
	return sections.filter((section) => section.trim() !== "").join("\n\n");
}
