/**
 * The skills extension (first-party): lists the skills it finds in the
 * system prompt and registers `/skill:<name>` for each. Built only on the
 * public extension API, like any extension; `disabledExtensions: ["skills"]`
 * turns it off. Skills are read when it loads (`/reload` reads them again);
 * a skill's body is read when it is used, so an edit needs no reload.
 */
import { homedir } from "node:os";
import { displayPath } from "../../../base/paths.js";
import type { ExtensionAPI } from "../../types.js";
import { readMarkdown } from "../markdown-files.js";
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
		const { skills, problems } = discoverSkills({
			cwd: weft.cwd,
			home: options.home,
			userHome: options.userHome ?? homedir(),
		});
		for (const problem of problems) {
			weft.ui.notify(problem, "warning");
			weft.log(problem, "warn");
		}

		const section = skillsSection(skills);
		if (section !== "") {
			weft.on("before_agent_start", (event) => ({ systemPrompt: `${event.systemPrompt}\n\n${section}` }));
		}

		for (const skill of skills) {
			weft.registerCommand(`skill:${skill.name}`, {
				description: skill.description,
				argumentHint: "[what to do]",
				handler: (args) => {
					const read = readMarkdown(skill.file);
					if ("problem" in read) throw new Error(`${read.problem}; fix the file and run the command again`);
					if (read.body.trim() === "")
						throw new Error(`${displayPath(skill.file)} has no instructions after its frontmatter`);
					weft.sendUserMessage(skillMessage(skill, read.body, args));
				},
			});
		}
	};
}
