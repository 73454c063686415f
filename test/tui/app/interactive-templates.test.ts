/**
 * Prompt templates and skills in the real interactive mode: a template and
 * a skill offered by completion with their descriptions, listed by /help
 * under the extension that registered them, a skill's invalid frontmatter
 * shown with file and line, and a template run from the composer sending
 * its expanded text.
 */
import { afterEach, describe, expect, it } from "vitest";
import { type Harness, startInteractive } from "../../support/tui-harness.js";

const FILES = {
	".weft/prompts/fix.md": "---\ndescription: Fix an issue\nargument-hint: <issue>\n---\nFix issue $1 now.\n",
	".weft/skills/review/SKILL.md": "---\nname: review\ndescription: Review a change\n---\nRead the diff.\n",
};

let h: Harness | undefined;
afterEach(async () => {
	await h?.dispose();
	h = undefined;
});

describe("prompt templates and skills in the terminal", () => {
	it("are offered by completion and listed by /help", async () => {
		h = await startInteractive({ script: [], files: FILES });
		await h.waitFor("mock-model");
		h.type("/fi");
		await h.waitFor(/fix.*Fix an issue/);
		h.press("ctrl+u");
		h.type("/skill:");
		await h.waitFor(/skill:review.*Review a change/);
		h.press("ctrl+u");
		h.type("/help");
		h.press("enter");
		const lines = await h.waitForAll("Extension commands");
		const text = lines.join("\n");
		expect(text).toMatch(/\/fix <issue> +Fix an issue \(prompt-templates\)/);
		expect(text).toMatch(/\/skill:review \[what to do\] +Review a change \(skills\)/);
	});

	it("shows a skill whose frontmatter is invalid, with file and line", async () => {
		h = await startInteractive({
			script: [],
			files: { ...FILES, ".weft/skills/broken/SKILL.md": "---\nname: broken\nsteps\n---\nbody\n" },
		});
		// The notification wraps at the screen width: file and line are on its first row.
		await h.waitForAll(/\[skills\] .*\/\.weft\/skills\/broken\/SKILL\.md:3: invalid/);
	});

	it("runs a template from the composer", async () => {
		h = await startInteractive({ script: [{ text: "Done." }], files: FILES });
		await h.waitFor("mock-model");
		h.type("/fix 42");
		h.press("enter");
		await h.waitFor("Done.");
		const body = JSON.stringify(h.requests()[0].body);
		expect(body).toContain("Fix issue 42 now.");
	});
});
