import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { withTempPlaces, writeFileWithFolders as write } from "../../../../test/support/temp-files.js";
import { displayPath } from "../../../base/paths.js";
import type { Places } from "../places.js";
import { discoverSkills } from "./discover.js";
import { skillMessage, skillsSection } from "./skill-text.js";

let places: Places;
withTempPlaces("weft-skills-", (made) => {
	places = made;
});

const skill = (name: string, description: string, body = "Do the thing.") =>
	`---\nname: ${name}\ndescription: ${description}\n---\n${body}\n`;

describe("discoverSkills", () => {
	it("reads every skill folder, the project's first, and reports a clash naming both files", () => {
		const project = write(
			join(places.cwd, ".weft/skills/review/SKILL.md"),
			skill("review", "Project review"),
		);
		write(join(places.cwd, ".claude/skills/pdf/SKILL.md"), skill("pdf", "Fill PDF forms"));
		write(join(places.cwd, ".agents/skills/deploy/SKILL.md"), skill("deploy", "Deploy it"));
		const user = write(join(places.home, "skills/review/SKILL.md"), skill("review", "User review"));
		write(join(places.userHome, ".claude/skills/notes/SKILL.md"), skill("notes", "Take notes"));
		write(join(places.cwd, ".weft/skills/not-a-skill/README.md"), "no SKILL.md here");

		const { skills, problems } = discoverSkills(places);
		expect(skills.map((s) => [s.name, s.description, s.scope])).toEqual([
			["review", "Project review", "project"],
			["pdf", "Fill PDF forms", "project"],
			["deploy", "Deploy it", "project"],
			["notes", "Take notes", "user"],
		]);
		expect(skills[0].file).toBe(project);
		expect(problems).toEqual([
			`skill "review" in ${displayPath(user)} is not used: ${displayPath(project)} has the same name and comes first`,
		]);
	});

	it("reports invalid frontmatter with file and line, and skills it cannot use", () => {
		const broken = write(
			join(places.cwd, ".weft/skills/broken/SKILL.md"),
			"---\nname: broken\ndescription: fine\nthis line is wrong\n---\n",
		);
		const bare = write(join(places.cwd, ".weft/skills/bare/SKILL.md"), "Just text.\n");
		const vague = write(join(places.cwd, ".weft/skills/vague/SKILL.md"), "---\nname: vague\n---\nBody\n");
		const spaced = write(
			join(places.cwd, ".weft/skills/spaced/SKILL.md"),
			"---\nlicense: MIT\nname: two words\ndescription: x\n---\n",
		);
		const { skills, problems } = discoverSkills(places);
		expect(skills).toEqual([]);
		expect(problems).toEqual([
			`${displayPath(bare)}:1: no frontmatter; a skill starts with ---, name: and description: lines, then ---`,
			`${displayPath(broken)}:4: invalid frontmatter: expected "key: value", got "this line is wrong"`,
			`${displayPath(spaced)}:3: invalid skill name "two words"; use letters, digits and hyphens (e.g. pdf-tools)`,
			`${displayPath(vague)}:1: "description" is required: say what the skill does and when to use it`,
		]);
	});

	it("names a skill after its folder when the frontmatter has no name", () => {
		write(join(places.cwd, ".weft/skills/lint/SKILL.md"), "---\ndescription: Lint files\n---\nRun it.\n");
		expect(discoverSkills(places).skills.map((s) => s.name)).toEqual(["lint"]);
	});
});

describe("skill text", () => {
	it("lists name, description and file only, leaving out skills that are only loaded by hand", () => {
		write(join(places.cwd, ".weft/skills/a/SKILL.md"), skill("a", "Use <a> & more", "SECRET BODY"));
		write(
			join(places.cwd, ".weft/skills/b/SKILL.md"),
			"---\nname: b\ndescription: Manual\ndisable-model-invocation: true\n---\nbody\n",
		);
		const { skills } = discoverSkills(places);
		const section = skillsSection(skills);
		expect(section).toContain("<name>a</name>");
		expect(section).toContain("<description>Use &lt;a&gt; &amp; more</description>");
		expect(section).toContain(`<location>${skills[0].file}</location>`);
		expect(section).not.toContain("SECRET BODY");
		expect(section).not.toContain("<name>b</name>");
		expect(skillsSection(skills.filter((s) => s.name === "b"))).toBe("");
	});

	it("sends the body, where it lives and the arguments", () => {
		const file = write(join(places.cwd, ".weft/skills/a/SKILL.md"), skill("a", "d"));
		const [a] = discoverSkills(places).skills;
		expect(skillMessage(a, "\nStep one.\n", " on src/ ")).toBe(
			`<skill name="a" location="${file}">\nReferences are relative to ${dirname(file)}.\n\nStep one.\n</skill>\n\non src/`,
		);
	});
});
