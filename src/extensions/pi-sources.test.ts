import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { piAgentDir, piFolders, piPackageEntries, piThemeFolders } from "./pi-sources.js";
import { discoverExtensions } from "./sources.js";

let root: string;
beforeEach(() => {
	root = mkdtempSync(join(tmpdir(), "weft-pi-sources-"));
	return () => rmSync(root, { recursive: true, force: true });
});

function write(rel: string, text = "export default function () {}\n"): string {
	const file = join(root, rel);
	mkdirSync(dirname(file), { recursive: true });
	writeFileSync(file, text);
	return file;
}

describe("piPackageEntries", () => {
	it("expands a folder to its module files and its subfolders' index files, sorted, as pi does", () => {
		write("pkg/extensions/b.ts");
		write("pkg/extensions/a.js");
		write("pkg/extensions/types.d.ts");
		write("pkg/extensions/notes.md");
		write("pkg/extensions/multi/index.ts");
		write("pkg/extensions/multi/helper.ts");
		write("pkg/extensions/empty/readme.md");
		write("pkg/single.ts");
		const dir = join(root, "pkg");
		const got = piPackageEntries(dir, { pi: { extensions: ["./extensions", "single.ts", "missing.ts"] } });
		expect(got).toEqual({
			key: "pi.extensions",
			entries: [
				join(dir, "extensions/a.js"),
				join(dir, "extensions/b.ts"),
				join(dir, "extensions/multi/index.ts"),
				"single.ts",
				"missing.ts",
			],
		});
	});

	it("takes pi's extensions/ folder for a package tagged pi-package without a manifest, as pi does", () => {
		write("pkg/extensions/one.ts");
		const dir = join(root, "pkg");
		const entries = [join(dir, "extensions/one.ts")];
		expect(piPackageEntries(dir, { keywords: ["pi-package"] })).toEqual({ key: "pi.extensions", entries });
		// A manifest names what the package has; one without extensions has none.
		expect(piPackageEntries(dir, { keywords: ["pi-package"], pi: { skills: ["./skills"] } })).toBeUndefined();
	});

	it("is undefined for a package that is not pi's, or a pi package without extensions", () => {
		write("pkg/index.ts");
		expect(piPackageEntries(join(root, "pkg"), { keywords: ["weft"] })).toBeUndefined();
		expect(piPackageEntries(join(root, "pkg"), { pi: { skills: ["./skills"] } })).toBeUndefined();
	});

	it("refuses globs, exclusions, a bad list and a folder without extensions, naming the fix", () => {
		write("pkg/extensions/readme.md");
		const dir = join(root, "pkg");
		expect(piPackageEntries(dir, { pi: { extensions: ["extensions/*.ts"] } })).toMatchObject({
			error: expect.stringContaining('has the pattern "extensions/*.ts"; weft does not expand'),
		});
		expect(piPackageEntries(dir, { pi: { extensions: ["!legacy.ts"] } })).toMatchObject({
			error: expect.stringContaining("list the files or folders themselves"),
		});
		expect(piPackageEntries(dir, { pi: { extensions: [] } })).toMatchObject({
			error: expect.stringContaining('"pi.extensions" must be a non-empty array'),
		});
		expect(piPackageEntries(dir, { pi: { extensions: ["extensions"] } })).toMatchObject({
			error: expect.stringContaining("holds no .ts, .js or .mjs extension"),
		});
	});
});

describe("piFolders", () => {
	const env = { PI_CODING_AGENT_DIR: "/pi-home" };
	it("reads true as both folders and an object as each; anything else as none", () => {
		expect(piFolders(true, "/proj", false, env)).toEqual([
			{ dir: "/pi-home/extensions", project: false },
			{ dir: "/proj/.pi/extensions", project: true },
		]);
		expect(piFolders({ project: true }, "/proj", false, env)).toEqual([
			{ dir: "/proj/.pi/extensions", project: true },
		]);
		expect(piFolders(false, "/proj", false, env)).toEqual([]);
		expect(piFolders("yes", "/proj", false, env)).toEqual([]);
	});

	it("counts pi's global folder as the project's when a project settings file asks for it", () => {
		expect(piFolders({ global: true }, "/proj", true, env)).toEqual([
			{ dir: "/pi-home/extensions", project: true },
		]);
	});

	it("reads pi's themes folder when pi's global folder is asked for", () => {
		expect(piThemeFolders(true, env)).toEqual(["/pi-home/themes"]);
		expect(piThemeFolders({ global: true }, env)).toEqual(["/pi-home/themes"]);
		expect(piThemeFolders({ project: true }, env)).toEqual([]);
		expect(piThemeFolders(undefined, env)).toEqual([]);
	});

	it("finds pi's folder as pi does: PI_CODING_AGENT_DIR, else ~/.pi/agent", () => {
		expect(piAgentDir({ PI_CODING_AGENT_DIR: "/x" })).toBe("/x");
		expect(piAgentDir({})).toMatch(/\.pi[/\\]agent$/);
	});
});

describe("discovery with piExtensions", () => {
	it("lists pi's folders after weft's, a project-asked global folder as project, and a pi package's entries", () => {
		const home = join(root, "home");
		const cwd = join(root, "proj");
		const saved = process.env.PI_CODING_AGENT_DIR;
		process.env.PI_CODING_AGENT_DIR = join(root, "pi-agent");
		try {
			write("pi-agent/extensions/guard.ts");
			write(
				"pi-agent/extensions/bundle/package.json",
				JSON.stringify({ name: "bundle", pi: { extensions: ["./src/main.ts", "gone.ts"] } }),
			);
			write("pi-agent/extensions/bundle/src/main.ts");
			write("proj/.pi/extensions/local.ts");
			write("proj/.weft/settings.json", JSON.stringify({ piExtensions: { global: true } }));
			const found = discoverExtensions({ cwd, home, trusted: () => false }).filter(
				(s) => s.origin !== "first-party",
			);
			expect(found.map((s) => [s.name, s.origin, s.status])).toEqual([
				["bundle/main", "project", "untrusted"],
				["bundle/gone", "project", "untrusted"],
				["guard", "project", "untrusted"],
			]);

			write("home/settings.json", JSON.stringify({ piExtensions: true }));
			const trusted = discoverExtensions({ cwd, home, trusted: () => true }).filter(
				(s) => s.origin !== "first-party",
			);
			expect(trusted.map((s) => [s.name, s.origin, s.status])).toEqual([
				["bundle/main", "global", "pending"],
				["bundle/gone", "global", "failed"],
				["guard", "global", "pending"],
				["local", "project", "pending"],
			]);
			expect(trusted[1].reason).toMatch(/lists "gone\.ts" in pi\.extensions, but it does not exist/);
		} finally {
			if (saved === undefined) delete process.env.PI_CODING_AGENT_DIR;
			else process.env.PI_CODING_AGENT_DIR = saved;
		}
	});
});
