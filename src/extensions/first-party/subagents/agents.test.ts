import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
	type TempPlaces,
	withTempPlaces,
	writeFileWithFolders as write,
} from "../../../../test/support/temp-files.js";
import { discoverAgents } from "./agents.js";
import { Slots } from "./slots.js";

let places: TempPlaces & { projectTrusted: boolean };
withTempPlaces("weft-agents-", (made) => {
	places = { ...made, projectTrusted: true };
});

describe("discoverAgents", () => {
	it("reads Claude Code's format: tools as weft's names, inherit as the session's model", () => {
		write(
			join(places.cwd, ".claude/agents/reviewer.md"),
			"---\nname: reviewer\ndescription: Reviews diffs\ntools: Read, Glob, Grep, MultiEdit\nmodel: inherit\n---\n\nYou review.\n",
		);
		const { agents, problems } = discoverAgents(places);
		expect(problems).toEqual([]);
		expect(agents).toEqual([
			expect.objectContaining({
				name: "reviewer",
				description: "Reviews diffs",
				tools: ["read", "find", "grep", "edit"],
				model: undefined,
				systemPrompt: "You review.",
				scope: "project",
			}),
		]);
	});

	it("takes the project's agent on a name clash and says which file lost", () => {
		const text = (d: string) => `---\nname: scout\ndescription: ${d}\n---\nbody\n`;
		write(join(places.cwd, ".weft/agents/scout.md"), text("project"));
		write(join(places.home, "agents/scout.md"), text("user"));
		const { agents, problems } = discoverAgents(places);
		expect(agents.map((a) => a.description)).toEqual(["project"]);
		expect(problems).toEqual([
			expect.stringMatching(
				/^agent "scout" in .*\/weft-home\/agents\/scout\.md is not used: .*\/project\/\.weft\/agents\/scout\.md has the same name/,
			),
		]);
	});

	it("reports each mistake with file and line and leaves the agent out", () => {
		write(join(places.cwd, ".weft/agents/a.md"), "---\nname: Bad Name\ndescription: x\n---\nbody\n");
		write(join(places.cwd, ".weft/agents/b.md"), "---\nname: b\n---\nbody\n");
		write(join(places.cwd, ".weft/agents/c.md"), "---\nname: c\ndescription: x\n---\n\n");
		write(join(places.cwd, ".weft/agents/d.md"), "no frontmatter\n");
		write(
			join(places.cwd, ".weft/agents/e.md"),
			"---\nname: e\ndescription: x\ntools:\n  nested: map\n---\nbody\n",
		);
		write(join(places.cwd, ".weft/agents/notes.txt"), "not an agent");
		const { agents, problems } = discoverAgents(places);
		expect(agents).toEqual([]);
		expect(problems).toEqual([
			expect.stringMatching(/a\.md:2: invalid agent name "Bad Name"/),
			expect.stringMatching(/b\.md:1: "description" is required/),
			expect.stringMatching(/c\.md: no system prompt/),
			expect.stringMatching(/d\.md:1: no frontmatter/),
			expect.stringMatching(/e\.md:4: "tools" must be a comma-separated list/),
		]);
	});

	it("holds back a project agent's model in a folder that is not trusted, and Claude's aliases everywhere", () => {
		write(
			join(places.cwd, ".weft/agents/p.md"),
			"---\nname: p\ndescription: x\nmodel: evil/model\n---\nbody\n",
		);
		write(join(places.home, "agents/u.md"), "---\nname: u\ndescription: x\nmodel: mock/big\n---\nbody\n");
		write(join(places.home, "agents/s.md"), "---\nname: s\ndescription: x\nmodel: sonnet\n---\nbody\n");
		const untrusted = discoverAgents({ ...places, projectTrusted: false });
		expect(untrusted.agents.map((a) => [a.name, a.model])).toEqual([
			["p", undefined],
			["s", undefined],
			["u", "mock/big"],
		]);
		expect(untrusted.problems).toEqual([
			expect.stringMatching(/p\.md:4: model "evil\/model" held back: this folder is not trusted/),
			expect.stringMatching(/s\.md:4: "sonnet" is a Claude Code alias/),
		]);
		expect(discoverAgents(places).agents.find((a) => a.name === "p")?.model).toBe("evil/model");
	});
});

describe("Slots", () => {
	it("lets `limit` in at once, the rest in order, and drops a wait whose signal aborts", async () => {
		const slots = new Slots(1);
		const order: string[] = [];
		const never = new AbortController().signal;
		expect(await slots.acquire(never)).toBe(true);
		const aborted = new AbortController();
		const second = slots.acquire(aborted.signal).then((ok) => order.push(`second ${ok}`));
		const third = slots.acquire(never).then((ok) => order.push(`third ${ok}`));
		aborted.abort();
		await second;
		slots.release();
		await third;
		expect(order).toEqual(["second false", "third true"]);
	});
});
