/**
 * The skills extension (first-party): lists the skills it finds in the
 * system prompt and registers `/skill:<name>` for each. Built only on the
 * public extension API, like any extension; `disabledExtensions: ["skills"]`
 * turns it off. Skills are read when it loads (`/reload` reads them again),
 * with those at paths other extensions add through `resources_discover`;
 * a skill's body is read when it is used, so an edit needs no reload.
 */
import { displayPath } from "../../../base/paths.js";
import type { ExtensionAPI } from "../../types.js";
import { absolutePaths, type ResourcePaths, TAKE_PATHS_PRIORITY } from "../extension-paths.js";
import { placesOf, warn } from "../loading.js";
import { firstOfEachName, readCommandBody } from "../markdown-files.js";
import { discoverSkills, type Skill, skillsAtPaths } from "./discover.js";
import { skillMessage, skillsSection } from "./skill-text.js";

export interface SkillsOptions {
	/** weft's home (default: the host's `WEFT_HOME` as passed in). */
	home: string;
	/** Where `~/.claude/skills` is looked for (default `os.homedir()`). */
	userHome?: string;
	/** Paths extensions added, when it loads after resources_discover ran. */
	discovered?: ResourcePaths;
}

export function skillsExtension(options: SkillsOptions) {
	return (weft: ExtensionAPI): void => {
		const places = placesOf(weft.cwd, options);
		const { skills, problems } = discoverSkills(places);
		for (const problem of problems) warn(weft, problem);
		for (const skill of skills) register(weft, skill);

		const take = ({ skillPaths, cwd }: ResourcePaths) => {
			if (skillPaths.length === 0) return;
			const found = skillsAtPaths(absolutePaths(skillPaths, cwd, places.userHome));
			// The folders' skills win a name clash, as the project's win over the user's.
			const added = firstOfEachName([...skills, ...found.skills], "skill", found.problems).slice(
				skills.length,
			);
			for (const problem of found.problems) warn(weft, problem);
			for (const skill of added) register(weft, skill);
			skills.push(...added);
		};
		if (options.discovered) take(options.discovered);
		weft.on("resources_discover", (event) => void take(event), { priority: TAKE_PATHS_PRIORITY });

		weft.on("before_agent_start", (event) => {
			const section = skillsSection(skills);
			return section === "" ? undefined : { systemPrompt: `${event.systemPrompt}\n\n${section}` };
		});
	};
}

/** `/skill:<name>`: sends the skill's instructions with what the user asked. */
function register(weft: ExtensionAPI, skill: Skill): void {
	weft.registerCommand(`skill:${skill.name}`, {
		description: skill.description,
		argumentHint: "[what to do]",
		origin: { path: skill.file, location: skill.scope === "extension" ? "path" : skill.scope },
		handler: (args) => {
			const body = readCommandBody(skill.file);
			if (body.trim() === "")
				throw new Error(`${displayPath(skill.file)} has no instructions after its frontmatter`);
			weft.sendUserMessage(skillMessage(skill, body, args));
		},
	});
}
