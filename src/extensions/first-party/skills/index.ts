/**
 * The skills extension (first-party): lists the skills it finds in the
 * system prompt and registers `/skill:<name>` for each. Built only on the
 * public extension API, like any extension; `disabledExtensions: ["skills"]`
 * turns it off. Skills are read when it loads (`/reload` reads them again);
 * a skill's body is read when it is used, so an edit needs no reload.
 */
import { displayPath } from "../../../base/paths.js";
import type { ExtensionAPI } from "../../types.js";
import { placesOf, warn } from "../loading.js";
import { readCommandBody } from "../markdown-files.js";
import { discoverSkills } from "./discover.js";
import { skillMessage, skillsSection } from "./skill-text.js";

export interface SkillsOptions {
	/** weft's home (default: the host's `WEFT_HOME` as passed in). */
	home: string;
	/** Where `~/.claude/skills` is looked for (default `os.homedir()`). */
	userHome?: string;
}

export function skillsExtension(options: SkillsOptions) {
	return (weft: ExtensionAPI): void => {
		const { skills, problems } = discoverSkills(placesOf(weft.cwd, options));
		for (const problem of problems) warn(weft, problem);

		const section = skillsSection(skills);
		if (section !== "") {
			weft.on("before_agent_start", (event) => ({ systemPrompt: `${event.systemPrompt}\n\n${section}` }));
		}

		for (const skill of skills) {
			weft.registerCommand(`skill:${skill.name}`, {
				description: skill.description,
				argumentHint: "[what to do]",
				handler: (args) => {
					const body = readCommandBody(skill.file);
					if (body.trim() === "")
						throw new Error(`${displayPath(skill.file)} has no instructions after its frontmatter`);
					weft.sendUserMessage(skillMessage(skill, body, args));
				},
			});
		}
	};
}
