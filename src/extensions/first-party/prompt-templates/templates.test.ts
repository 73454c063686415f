import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { withTempPlaces, writeFileWithFolders as write } from "../../../../test/support/temp-files.js";
import { displayPath } from "../../../base/paths.js";
import type { Places } from "../places.js";
import { discoverTemplates } from "./discover.js";
import { expandTemplate, splitArguments } from "./expand.js";

let places: Places;
withTempPlaces("weft-templates-", (made) => {
	places = made;
});

describe("discoverTemplates", () => {
	it("reads Claude Code's personal commands in ~/.claude/commands, after weft's own", () => {
		write(join(places.userHome, ".claude/commands/standup.md"), "Summarise what changed since yesterday\n");
		const { templates } = discoverTemplates(places);
		expect(templates.find((t) => t.name === "standup")).toMatchObject({ scope: "user" });
	});

	it("makes each .md file a command, the project's first, with description and argument hint", () => {
		write(
			join(places.cwd, ".weft/prompts/review.md"),
			"---\ndescription: Review a file\nargument-hint: [file] [focus]\n---\nReview $1.\n",
		);
		write(
			join(places.cwd, ".claude/commands/fix.md"),
			"---\nargument-hint: [issue]\n---\n# Fix an issue\nFix $ARGUMENTS\n",
		);
		const shadowed = write(join(places.home, "prompts/review.md"), "User review\n");
		write(join(places.home, "prompts/notes.txt"), "not a template");
		const { templates, problems } = discoverTemplates(places);
		expect(
			templates.map(({ name, description, argumentHint, scope }) => ({
				name,
				description,
				argumentHint,
				scope,
			})),
		).toEqual([
			{ name: "review", description: "Review a file", argumentHint: "[file] [focus]", scope: "project" },
			{ name: "fix", description: "Fix an issue", argumentHint: "[issue]", scope: "project" },
		]);
		expect(problems).toEqual([
			`prompt template "review" in ${displayPath(shadowed)} is not used: ${displayPath(join(places.cwd, ".weft/prompts/review.md"))} has the same name and comes first`,
		]);
	});

	it("reads subfolders as Claude Code does: frontend/component.md is /component, the subfolder in its description", () => {
		write(
			join(places.cwd, ".claude/commands/frontend/component.md"),
			"---\ndescription: Make a component\n---\nx\n",
		);
		write(join(places.cwd, ".claude/commands/a/b/c/deep.md"), "Deep one\n");
		write(join(places.cwd, ".claude/commands/a/b/c/d/deeper.md"), "Too deep\n");
		const { templates, problems } = discoverTemplates(places);
		expect(templates.map(({ name, description }) => [name, description])).toEqual([
			["deep", "Deep one (a/b/c)"],
			["component", "Make a component (frontend)"],
		]);
		expect(problems).toEqual([]);
	});

	it("reports invalid frontmatter with file and line, and file names that cannot be commands", () => {
		const bad = write(
			join(places.cwd, ".weft/prompts/bad.md"),
			"---\ndescription: ok\n  broken: indent\n---\nx\n",
		);
		const spaced = write(join(places.cwd, ".weft/prompts/two words.md"), "x\n");
		const { templates, problems } = discoverTemplates(places);
		expect(templates).toEqual([]);
		expect(problems).toEqual([
			`${displayPath(bad)}:3: invalid frontmatter: unexpected indentation, or quote the value of "description" (line 2)`,
			`${displayPath(spaced)}: "two words" cannot be a command name; rename the file to one word (letters, digits, - _ .)`,
		]);
	});
});

describe("expandTemplate", () => {
	it("fills $ARGUMENTS, $@ and $1…$9; missing arguments are empty", () => {
		expect(expandTemplate("Fix $1 in $2 ($ARGUMENTS) [$@] $3.", 'bug-12 "src/a b.ts"')).toBe(
			'Fix bug-12 in src/a b.ts (bug-12 "src/a b.ts") [bug-12 "src/a b.ts"] .',
		);
	});

	it("appends the arguments to a template without placeholders", () => {
		expect(expandTemplate("\nSummarise the diff.\n", "")).toBe("Summarise the diff.");
		expect(expandTemplate("Summarise the diff.", "briefly")).toBe("Summarise the diff.\n\nbriefly");
	});

	it("splits arguments on spaces, quotes grouping", () => {
		expect(splitArguments(` a 'b c'  "d e" f`)).toEqual(["a", "b c", "d e", "f"]);
	});
});
