/**
 * First-party extensions through the real host: discovered only where they
 * have something to do, loaded from weft's own code, removable with
 * disabledExtensions and --no-extensions, replaced by a user's namesake.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Settings } from "../../ai/settings.js";
import { Kernel } from "../../kernel/kernel.js";
import { ExtensionHost } from "../host.js";
import { NonInteractiveUI } from "../non-interactive-ui.js";
import { discoverExtensions } from "../sources.js";
import { hasExtensionSources } from "../start-host.js";

let root: string;
let cwd: string;
let home: string;
let userHome: string;
const hosts: ExtensionHost[] = [];

beforeEach(() => {
	root = mkdtempSync(join(tmpdir(), "weft-first-party-"));
	cwd = join(root, "project");
	home = join(root, "weft-home");
	userHome = join(root, "user");
	mkdirSync(cwd, { recursive: true });
});
afterEach(async () => {
	for (const host of hosts.splice(0)) await host.unloadAll();
	rmSync(root, { recursive: true, force: true });
});

function write(rel: string, text: string): void {
	const file = join(root, rel);
	mkdirSync(dirname(file), { recursive: true });
	writeFileSync(file, text);
}

const discover = (options: { disabled?: string[]; noExtensions?: boolean } = {}) =>
	discoverExtensions({ cwd, home, userHome, trusted: () => true, ...options }).map((s) => [s.name, s.status]);

async function load(settings: Settings = {}) {
	const ui = new NonInteractiveUI();
	const host = new ExtensionHost({
		kernel: new Kernel(),
		cwd,
		home,
		settings,
		mode: "test",
		ui,
		watchdog: false,
	});
	hosts.push(host);
	await host.loadAll();
	return { host, ui, kernel: host.kernel };
}

describe("first-party extensions", () => {
	it("are discovered only where their folders exist, last in load order", () => {
		expect(discover()).toEqual([]);
		expect(hasExtensionSources({ cwd, home, settings: {} })).toBe(false);
		mkdirSync(join(cwd, ".weft/prompts"), { recursive: true });
		expect(discover()).toEqual([["prompt-templates", "pending"]]);
		mkdirSync(join(userHome, ".claude/skills"), { recursive: true });
		write("weft-home/extensions/mine.ts", "export default () => {}");
		expect(discover()).toEqual([
			["mine", "pending"],
			["skills", "pending"],
			["prompt-templates", "pending"],
		]);
	});

	it("are removed by disabledExtensions and --no-extensions; a disabled one does not start the host", () => {
		mkdirSync(join(cwd, ".weft/skills"), { recursive: true });
		expect(discover({ disabled: ["skills"] })).toEqual([["skills", "disabled"]]);
		expect(discover({ noExtensions: true })).toEqual([]);
		expect(hasExtensionSources({ cwd, home, settings: { disabledExtensions: ["skills"] } })).toBe(false);
		expect(hasExtensionSources({ cwd, home, settings: {} })).toBe(true);
	});

	it("give way to a user's extension of the same name", () => {
		mkdirSync(join(cwd, ".weft/skills"), { recursive: true });
		write("weft-home/extensions/skills.ts", "export default () => {}");
		const found = discoverExtensions({ cwd, home, userHome, trusted: () => true });
		expect(found.map((s) => [s.origin, s.status])).toEqual([
			["global", "pending"],
			["first-party", "shadowed"],
		]);
	});

	it("load through the host: skills in the system prompt and as commands, templates as commands, problems shown", async () => {
		write(
			"project/.weft/skills/review/SKILL.md",
			"---\nname: review\ndescription: Review code\n---\nSteps.\n",
		);
		write("project/.weft/skills/broken/SKILL.md", "---\nname: [broken\n---\n");
		write(
			"project/.weft/prompts/fix.md",
			"---\ndescription: Fix an issue\nargument-hint: <issue>\n---\nFix $1\n",
		);
		const { host, ui, kernel } = await load();
		expect(host.list().map((r) => [r.name, r.origin, r.status])).toEqual([
			["skills", "first-party", "loaded"],
			["prompt-templates", "first-party", "loaded"],
		]);
		expect(kernel.commands.get("skill:review")).toMatchObject({ description: "Review code" });
		expect(kernel.commands.get("fix")).toMatchObject({
			description: "Fix an issue",
			argumentHint: "<issue>",
		});
		expect(ui.notifications.map((n) => n.message)).toEqual([
			expect.stringMatching(/\.weft\/skills\/broken\/SKILL\.md:2: invalid skill name "\[broken"/),
		]);
		const { payload } = await kernel.bus.emit("before_agent_start", {
			prompt: "hi",
			systemPrompt: "BASE",
			injected: [],
		});
		expect(payload.systemPrompt).toMatch(/^BASE\n\n# Skills\n/);
		expect(payload.systemPrompt).toContain("<name>review</name>");
	});

	it("load nothing when disabled in settings", async () => {
		write(
			"project/.weft/skills/review/SKILL.md",
			"---\nname: review\ndescription: Review code\n---\nSteps.\n",
		);
		const { host, kernel } = await load({ disabledExtensions: ["skills"] });
		expect(host.list().map((r) => [r.name, r.status])).toEqual([["skills", "disabled"]]);
		expect(kernel.commands.has("skill:review")).toBe(false);
	});
});
