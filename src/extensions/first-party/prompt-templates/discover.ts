/**
 * Prompt templates: each `*.md` file in the folders of `folders.ts` (and
 * their subfolders) is a `/name` command (the file's name without `.md`), as
 * Claude Code's `.claude/commands/` files are. Frontmatter is optional; `description`
 * and `argument-hint` are read from it. A file weft cannot use becomes a
 * problem line naming it, never a silent gap.
 */
import { basename, join } from "node:path";
import { displayPath } from "../../../base/paths.js";
import { isFile, isFolder } from "../../../base/read-text.js";
import { firstOfEachName, lineOfKey, listFolder, readReported, textField } from "../markdown-files.js";
import type { Places } from "../places.js";
import { templateFolders } from "./folders.js";

export interface PromptTemplate {
	name: string;
	description: string;
	argumentHint?: string;
	file: string;
	/** "extension": from a path an extension supplied (`resources_discover`). */
	scope: "project" | "user" | "extension";
}

export interface TemplateScan {
	templates: PromptTemplate[];
	problems: string[];
}

/** What `/name` accepts as a name: one word, no spaces or slashes. */
const TEMPLATE_NAME = /^[\w][\w.-]*$/;
const DESCRIPTION_LENGTH = 60;

export function discoverTemplates(places: Places): TemplateScan {
	const problems: string[] = [];
	const found: PromptTemplate[] = [];
	for (const { dir, scope } of templateFolders(places)) scanFolder(dir, scope, "", found, problems);
	return { templates: firstOfEachName(found, "prompt template", problems), problems };
}

/** Templates at paths extensions supplied (absolute): a `.md` file, or a folder read as the template folders are. */
export function templatesAtPaths(paths: readonly string[]): TemplateScan {
	const problems: string[] = [];
	const found: PromptTemplate[] = [];
	for (const path of paths) {
		if (isFolder(path)) scanFolder(path, "extension", "", found, problems);
		else if (path.endsWith(".md") && isFile(path)) {
			const name = basename(path, ".md");
			const template = TEMPLATE_NAME.test(name) ? readTemplate(path, name, "extension", problems) : undefined;
			if (!TEMPLATE_NAME.test(name))
				problems.push(
					`${displayPath(path)}: "${name}" cannot be a command name; rename the file to one word`,
				);
			if (template) found.push(template);
		} else
			problems.push(
				`${displayPath(path)}: an extension named this prompt template path, but it is no .md file or folder`,
			);
	}
	return { templates: found, problems };
}

/**
 * One folder's templates, and those of its subfolders: as in Claude Code,
 * `frontend/component.md` is `/component`, the subfolder named after its
 * description ("… (frontend)").
 */
function scanFolder(
	dir: string,
	scope: PromptTemplate["scope"],
	group: string,
	found: PromptTemplate[],
	problems: string[],
): void {
	for (const entry of listFolder(dir, problems)) {
		if (entry.startsWith(".")) continue;
		const file = join(dir, entry);
		if (!entry.endsWith(".md")) {
			if (isFolder(file) && group.split("/").length < MAX_DEPTH)
				scanFolder(file, scope, group ? `${group}/${entry}` : entry, found, problems);
			continue;
		}
		const name = entry.slice(0, -".md".length);
		if (!TEMPLATE_NAME.test(name)) {
			problems.push(
				`${displayPath(file)}: "${name}" cannot be a command name; rename the file to one word (letters, digits, - _ .)`,
			);
			continue;
		}
		const template = readTemplate(file, name, scope, problems);
		if (template && group) template.description = `${template.description} (${group})`;
		if (template) found.push(template);
	}
}

/** How deep subfolders are read (`a/b/c/x.md` at most). */
const MAX_DEPTH = 3;

function readTemplate(
	file: string,
	name: string,
	scope: PromptTemplate["scope"],
	problems: string[],
): PromptTemplate | undefined {
	const read = readReported(file, problems);
	if (!read) return undefined;
	const { description, "argument-hint": hint } = read.data;
	if (description !== undefined && typeof description !== "string") {
		problems.push(`${displayPath(file)}:${lineOfKey(read.text, "description")}: "description" must be text`);
		return undefined;
	}
	return {
		name,
		description: description?.trim() || firstLine(read.body) || `prompt template ${displayPath(file)}`,
		argumentHint: textField(hint),
		file,
		scope,
	};
}

/** The body's first line of text, shortened: what the template does when it says nothing else. */
function firstLine(body: string): string | undefined {
	const line = body
		.split("\n")
		.map((l) => l.replace(/^#+\s*/, "").trim())
		.find((l) => l !== "");
	if (!line) return undefined;
	return line.length > DESCRIPTION_LENGTH ? `${line.slice(0, DESCRIPTION_LENGTH - 1)}…` : line;
}
