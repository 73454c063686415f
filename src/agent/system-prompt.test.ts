import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loadContextFiles } from "./context-files.js";
import { buildSystemPrompt, ignoredProjectPrompt, readPromptOverrides } from "./system-prompt.js";

let sandbox: string;
let home: string;
let repo: string;
let cwd: string;

beforeEach(() => {
	sandbox = mkdtempSync(join(tmpdir(), "weft-prompt-"));
	home = join(sandbox, "home", ".weft");
	repo = join(sandbox, "repo");
	cwd = join(repo, "packages", "app");
	mkdirSync(home, { recursive: true });
	mkdirSync(cwd, { recursive: true });
});

afterEach(() => {
	rmSync(sandbox, { recursive: true, force: true });
});

const tools = [
	{ name: "read", description: "Read a file.\nLong details the model gets with the tool itself." },
	{ name: "edit", description: "Replace exact text in a file." },
];

/** Only files inside the sandbox, so an AGENTS.md in the machine's /tmp or / cannot affect the tests. */
function load(options: { cwd: string; home: string }) {
	return loadContextFiles(options).filter((file) => file.path.startsWith(sandbox));
}

function write(path: string, content: string): void {
	mkdirSync(join(path, ".."), { recursive: true });
	writeFileSync(path, content);
}

describe("loadContextFiles", () => {
	it("returns the global file first, then one file per directory from the root down to cwd", () => {
		write(join(home, "AGENTS.md"), "global");
		write(join(sandbox, "CLAUDE.md"), "sandbox");
		write(join(repo, "AGENTS.md"), "repo");
		write(join(cwd, "AGENTS.md"), "app");
		const files = load({ cwd, home });
		expect(files).toEqual([
			{ path: join(home, "AGENTS.md"), content: "global" },
			{ path: join(sandbox, "CLAUDE.md"), content: "sandbox" },
			{ path: join(repo, "AGENTS.md"), content: "repo" },
			{ path: join(cwd, "AGENTS.md"), content: "app" },
		]);
	});

	it("prefers AGENTS.md over CLAUDE.md in the same directory", () => {
		write(join(repo, "AGENTS.md"), "agents");
		write(join(repo, "CLAUDE.md"), "claude");
		write(join(home, "CLAUDE.md"), "global claude");
		expect(load({ cwd, home }).map((file) => file.content)).toEqual(["global claude", "agents"]);
	});

	it("reads a file once when home is also an ancestor of cwd", () => {
		write(join(repo, "AGENTS.md"), "repo");
		expect(load({ cwd, home: repo })).toHaveLength(1);
	});

	it("ignores a directory that happens to be named AGENTS.md", () => {
		mkdirSync(join(repo, "AGENTS.md"));
		write(join(repo, "CLAUDE.md"), "claude");
		expect(load({ cwd, home }).map((file) => file.content)).toEqual(["claude"]);
	});
});

describe("buildSystemPrompt", () => {
	const date = new Date(2025, 0, 15, 12, 0, 0);

	it("lists the tools with the first line of their descriptions and matching guidelines", () => {
		const prompt = buildSystemPrompt({ cwd, home, tools, date });
		expect(prompt).toContain("You are weft");
		expect(prompt).toContain("- read: Read a file.");
		expect(prompt).toContain("- edit: Replace exact text in a file.");
		expect(prompt).not.toContain("Long details");
		expect(prompt).toMatch(/Use `edit` for changes/);
	});

	it("ends the base part with the date and working directory", () => {
		const prompt = buildSystemPrompt({ cwd, home, tools, date });
		expect(prompt).toContain("Current date: 2025-01-15 (Wednesday)");
		expect(prompt).toContain(`Current working directory: ${cwd}`);
	});

	it("includes each context file under a heading with its path, before the date", () => {
		write(join(repo, "AGENTS.md"), "Use tabs.");
		const prompt = buildSystemPrompt({ cwd, home, tools, date });
		expect(prompt).toContain(`## ${join(repo, "AGENTS.md")}\n\nUse tabs.`);
		expect(prompt.indexOf("Use tabs.")).toBeLessThan(prompt.indexOf("Current date:"));
	});

	it("uses the context files it is given instead of reading them", () => {
		write(join(repo, "AGENTS.md"), "from disk");
		const prompt = buildSystemPrompt({
			cwd,
			home,
			tools,
			date,
			contextFiles: [{ path: "/x/AGENTS.md", content: "given" }],
		});
		expect(prompt).toContain("given");
		expect(prompt).not.toContain("from disk");
	});

	it("a SYSTEM.md replaces the default base prompt, the project's winning over the global one", () => {
		write(join(home, "SYSTEM.md"), "GLOBAL BASE");
		write(join(repo, "AGENTS.md"), "Use tabs.");
		expect(buildSystemPrompt({ cwd, home, tools, date }).startsWith("GLOBAL BASE")).toBe(true);

		write(join(cwd, ".weft", "SYSTEM.md"), "PROJECT BASE");
		const prompt = buildSystemPrompt({ cwd, home, tools, date });
		expect(prompt.startsWith("PROJECT BASE")).toBe(true);
		expect(prompt).not.toContain("GLOBAL BASE");
		expect(prompt).not.toContain("You are weft");
		expect(prompt).toContain("Use tabs.");
		expect(prompt).toContain(`Current working directory: ${cwd}`);
	});

	it("an untrusted folder's SYSTEM.md replaces nothing (and is reported once), its APPEND_SYSTEM.md still adds", () => {
		write(join(home, "SYSTEM.md"), "GLOBAL BASE");
		write(join(cwd, ".weft", "SYSTEM.md"), "PROJECT BASE");
		write(join(cwd, ".weft", "APPEND_SYSTEM.md"), "PROJECT EXTRA");
		const prompt = buildSystemPrompt({ cwd, home, tools, date, projectTrusted: false });
		expect(prompt.startsWith("GLOBAL BASE")).toBe(true);
		expect(prompt).not.toContain("PROJECT BASE");
		expect(prompt.endsWith("PROJECT EXTRA")).toBe(true);
		expect(ignoredProjectPrompt({ cwd, home })).toContain(
			".weft/SYSTEM.md: not used (this folder is not trusted",
		);
		expect(
			buildSystemPrompt({ cwd, home, tools, date, projectTrusted: true }).startsWith("PROJECT BASE"),
		).toBe(true);
	});

	it("a caller's base prompt replaces the default and any SYSTEM.md, and everything after the base stays", () => {
		write(join(home, "SYSTEM.md"), "GLOBAL BASE");
		write(join(cwd, ".weft", "SYSTEM.md"), "PROJECT BASE");
		write(join(repo, "AGENTS.md"), "Use tabs.");
		write(join(cwd, ".weft", "APPEND_SYSTEM.md"), "PROJECT EXTRA");
		const prompt = buildSystemPrompt({
			cwd,
			home,
			tools,
			date,
			basePrompt: "CALLER BASE",
			appendSections: ["SKILLS"],
		});
		expect(prompt.startsWith("CALLER BASE")).toBe(true);
		for (const replaced of ["GLOBAL BASE", "PROJECT BASE", "You are weft"])
			expect(prompt).not.toContain(replaced);
		expect(prompt).toContain("Use tabs.");
		expect(prompt).toContain("SKILLS");
		expect(prompt).toContain("Current date: 2025-01-15 (Wednesday)");
		expect(prompt).toContain(`Current working directory: ${cwd}`);
		expect(prompt.endsWith("PROJECT EXTRA")).toBe(true);
	});

	it("APPEND_SYSTEM.md files go at the very end, global first", () => {
		write(join(home, "APPEND_SYSTEM.md"), "GLOBAL EXTRA");
		write(join(cwd, ".weft", "APPEND_SYSTEM.md"), "PROJECT EXTRA");
		const prompt = buildSystemPrompt({ cwd, home, tools, date, appendSections: ["SKILLS"] });
		expect(prompt).toContain("You are weft");
		expect(prompt.endsWith("GLOBAL EXTRA\n\nPROJECT EXTRA")).toBe(true);
		expect(prompt.indexOf("SKILLS")).toBeLessThan(prompt.indexOf("Current date:"));
	});

	it("reads the overrides once when the project's .weft folder is weft's home", () => {
		const userHome = join(sandbox, "home");
		write(join(home, "APPEND_SYSTEM.md"), "EXTRA");
		expect(readPromptOverrides({ cwd: userHome, home }).append).toEqual([
			{ path: join(home, "APPEND_SYSTEM.md"), content: "EXTRA" },
		]);
	});
});
