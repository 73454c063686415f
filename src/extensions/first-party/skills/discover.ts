/**
 * Skills in the Agent Skills format (agentskills.io): a folder holding a
 * `SKILL.md` whose frontmatter has `name` and `description`, read from
 * the folders in `folders.ts`. Nothing is skipped without a reason: an
 * invalid file or a name clash becomes a problem line naming the file.
 */
import { basename, dirname, join } from "node:path";
import { displayPath } from "../../../base/paths.js";
import { isFile, isFolder } from "../../../base/read-text.js";
import { firstOfEachName, lineOfKey, listFolder, readReported, textField } from "../markdown-files.js";
import type { Places } from "../places.js";
import { skillFolders } from "./folders.js";

export interface Skill {
	name: string;
	description: string;
	/** The SKILL.md file (absolute): what the model reads, and what /skill:name sends. */
	file: string;
	/** "extension": from a path an extension supplied (`resources_discover`). */
	scope: "project" | "user" | "extension";
	/** `disable-model-invocation: true` (Claude Code): only /skill:name loads it; the system prompt leaves it out. */
	manualOnly: boolean;
}

export interface SkillScan {
	skills: Skill[];
	/** One line each: `file:line: what is wrong`, or which of two same-named skills is used. */
	problems: string[];
}

/** Names usable after `/skill:` (the Agent Skills spec asks for lower-case words joined by hyphens). */
const SKILL_NAME = /^[A-Za-z0-9][\w.-]*$/;
const MAX_DESCRIPTION = 1024;

export function discoverSkills(places: Places): SkillScan {
	const problems: string[] = [];
	const found: Skill[] = [];
	for (const { dir, scope } of skillFolders(places)) scanSkillFolder(dir, scope, found, problems);
	return { skills: firstOfEachName(found, "skill", problems), problems };
}

/**
 * Skills at paths extensions supplied (absolute): a skill file (its name
 * defaults to its folder's), a skill's folder (holding SKILL.md), or a
 * folder of skill folders. A path that is none of these is a problem line.
 */
export function skillsAtPaths(paths: readonly string[]): SkillScan {
	const problems: string[] = [];
	const found: Skill[] = [];
	for (const path of paths) {
		if (isFile(path)) {
			const skill = readSkill(path, basename(dirname(path)), "extension", problems);
			if (skill) found.push(skill);
		} else if (isFile(join(path, "SKILL.md"))) {
			const skill = readSkill(join(path, "SKILL.md"), basename(path), "extension", problems);
			if (skill) found.push(skill);
		} else if (isFolder(path)) scanSkillFolder(path, "extension", found, problems);
		else problems.push(`${displayPath(path)}: an extension named this skill path, but nothing is there`);
	}
	return { skills: found, problems };
}

/** Each `<dir>/<name>/SKILL.md`. */
function scanSkillFolder(dir: string, scope: Skill["scope"], found: Skill[], problems: string[]): void {
	for (const entry of listFolder(dir, problems)) {
		if (entry.startsWith(".")) continue;
		const folder = join(dir, entry);
		const file = join(folder, "SKILL.md");
		if (!isFolder(folder) || !isFile(file)) continue;
		const skill = readSkill(file, entry, scope, problems);
		if (skill) found.push(skill);
	}
}

function readSkill(
	file: string,
	folderName: string,
	scope: Skill["scope"],
	problems: string[],
): Skill | undefined {
	const read = readReported(file, problems, "a skill");
	if (!read) return undefined;
	const where = (key: string) => `${displayPath(file)}:${lineOfKey(read.text, key)}`;
	const name = read.data.name === undefined ? folderName : textField(read.data.name);
	if (name === undefined || !SKILL_NAME.test(name)) {
		problems.push(
			`${where("name")}: invalid skill name ${JSON.stringify(read.data.name)}; use letters, digits and hyphens (e.g. pdf-tools)`,
		);
		return undefined;
	}
	const description = typeof read.data.description === "string" ? read.data.description.trim() : "";
	if (description === "") {
		problems.push(
			`${where("description")}: "description" is required: say what the skill does and when to use it`,
		);
		return undefined;
	}
	if (description.length > MAX_DESCRIPTION) {
		problems.push(
			`${where("description")}: the description has ${description.length} characters, more than ${MAX_DESCRIPTION}; move detail into the body`,
		);
		return undefined;
	}
	const manualOnly = read.data["disable-model-invocation"] === "true";
	return { name, description, file, scope, manualOnly };
}
