import {
	appendFileSync,
	existsSync,
	mkdirSync,
	mkdtempSync,
	readFileSync,
	rmSync,
	writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { makeRepo } from "../../../test/support/git-repo.js";
import { discoverExtensions } from "../sources.js";
import { install } from "./install.js";
import { hashTree, treeIntegrity } from "./integrity.js";
import { readLockfile } from "./lockfile.js";
import { verify } from "./operations.js";
import { scopeOf } from "./scope.js";
import { parseSource } from "./source-spec.js";
import { verifiedCachePath } from "./verify.js";

const EXT = (command: string) =>
	`export default function (weft) { weft.registerCommand("${command}", { description: "x", handler() {} }); }\n`;

let root: string;
let home: string;
let cwd: string;
beforeEach(() => {
	root = mkdtempSync(join(tmpdir(), "weft-install-"));
	home = join(root, "home");
	cwd = join(root, "project");
	mkdirSync(home, { recursive: true });
	mkdirSync(cwd, { recursive: true });
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const globalScope = () => scopeOf(home, cwd, false);
const installFrom = (source: string, force = false) =>
	install(parseSource(source, cwd), globalScope(), { force });
const discover = () => discoverExtensions({ cwd, home, trusted: () => true });
const settings = () => JSON.parse(readFileSync(join(home, "settings.json"), "utf8"));

describe("install from a path", () => {
	it("copies the folder, locks every file with its hash, lists the source in settings, and it loads", async () => {
		const src = join(root, "src", "guard");
		mkdirSync(join(src, "lib"), { recursive: true });
		writeFileSync(join(src, "index.js"), EXT("guard"));
		writeFileSync(join(src, "lib", "util.js"), "export const x = 1;\n");
		const done = await installFrom("../src/guard");
		expect(done.name).toBe("guard");
		const entry = readLockfile(home).extensions.guard;
		expect(entry).toMatchObject({
			source: `path:${src}`,
			dir: "packages/guard",
			resolved: { type: "path", path: src },
		});
		expect(Object.keys(entry.files)).toEqual(["index.js", "lib/util.js"]);
		expect(entry.files["index.js"]).toMatch(/^sha512-[A-Za-z0-9+/]+=*$/);
		expect(entry.integrity).toBe(treeIntegrity(hashTree(join(home, "packages", "guard"))));
		expect(settings().extensions).toEqual([`path:${src}`]);
		expect(discover()).toMatchObject([
			{ name: "guard", status: "pending", entry: join(home, "packages", "guard", "index.js") },
		]);
	});

	it("refuses a changed or missing installed file at load, naming it; files written later are not checked; verify repairs", async () => {
		const src = join(root, "guard");
		mkdirSync(src);
		writeFileSync(join(src, "index.js"), EXT("guard"));
		writeFileSync(join(src, "extra.js"), "export {};\n");
		await installFrom(src);
		const dir = join(home, "packages", "guard");
		mkdirSync(join(dir, "data"));
		writeFileSync(join(dir, "data", "notes.json"), "{}");
		expect(discover()[0].status).toBe("pending");

		appendFileSync(join(dir, "index.js"), "// tampered\n");
		expect(discover()[0]).toMatchObject({
			name: "guard",
			status: "failed",
			reason: expect.stringMatching(
				/refused: .*packages\/guard\/index\.js is changed since it was installed; run weft ext verify guard/,
			),
		});
		expect(await verify(globalScope(), undefined, {})).toEqual([
			expect.stringMatching(/^guard: index\.js was changed; reinstalled/),
		]);
		expect(discover()[0].status).toBe("pending");
		// The repair replaced the installed files, not the data the extension wrote beside them.
		expect(readFileSync(join(dir, "data", "notes.json"), "utf8")).toBe("{}");
		expect(readLockfile(home).extensions.guard.files).not.toHaveProperty("data/notes.json");

		rmSync(join(dir, "extra.js"));
		expect(discover()[0].reason).toMatch(/extra\.js is missing since it was installed/);
		await installFrom(src, true);
		expect(discover()[0].status).toBe("pending");
		expect(readFileSync(join(dir, "data", "notes.json"), "utf8")).toBe("{}");
		expect(existsSync(join(dir, "extra.js"))).toBe(true);
	});

	it("checks a file whose size and mtime match the last check by stat alone; a stale cache costs a full check", async () => {
		const src = join(root, "guard");
		mkdirSync(src);
		writeFileSync(join(src, "index.js"), EXT("guard"));
		await installFrom(src);
		const cache = JSON.parse(readFileSync(verifiedCachePath(home), "utf8"));
		expect(cache.guard.stats["index.js"]).toEqual([expect.any(Number), expect.any(Number)]);
		rmSync(verifiedCachePath(home));
		expect(discover()[0].status).toBe("pending");
		expect(existsSync(verifiedCachePath(home))).toBe(true);
	});

	it("refuses a lockfile entry edited by hand", async () => {
		const src = join(root, "guard");
		mkdirSync(src);
		writeFileSync(join(src, "index.js"), EXT("guard"));
		await installFrom(src);
		const file = join(home, "extensions-lock.json");
		const lock = JSON.parse(readFileSync(file, "utf8"));
		lock.extensions.guard.files["index.js"] = lock.extensions.guard.files["index.js"].replace(
			/^sha512-./,
			"sha512-A",
		);
		writeFileSync(file, JSON.stringify(lock));
		expect(discover()[0].reason).toMatch(/refused: its entry in .*extensions-lock\.json was edited/);
		// Edited so that it adds up again: the cached figures belong to the old integrity, so every file is hashed.
		lock.extensions.guard.integrity = treeIntegrity(lock.extensions.guard.files);
		writeFileSync(file, JSON.stringify(lock));
		expect(discover()[0].reason).toMatch(/index\.js is changed since it was installed/);
	});

	it("refuses what is not an extension, an existing install of the same source, and a name taken elsewhere", async () => {
		const notExt = join(root, "docs");
		mkdirSync(notExt);
		writeFileSync(join(notExt, "README.md"), "# nothing\n");
		await expect(installFrom(notExt)).rejects.toThrow(/is not a weft extension: docs has no index\.ts/);
		expect(existsSync(join(home, "extensions-lock.json"))).toBe(false);

		const src = join(root, "guard");
		mkdirSync(src);
		writeFileSync(join(src, "index.js"), EXT("guard"));
		await installFrom(src);
		await expect(installFrom(src)).rejects.toThrow(
			/guard is already installed from path:.*run weft ext update guard, or install --force/,
		);

		const other = join(root, "elsewhere", "guard");
		mkdirSync(other, { recursive: true });
		writeFileSync(join(other, "index.js"), EXT("other"));
		await expect(installFrom(other)).rejects.toThrow(
			/an extension named "guard" is already installed from path:/,
		);

		mkdirSync(join(home, "extensions"));
		writeFileSync(join(home, "extensions", "lint.ts"), EXT("lint"));
		const lint = join(root, "lint");
		mkdirSync(lint);
		writeFileSync(join(lint, "index.js"), EXT("lint"));
		await expect(installFrom(lint)).rejects.toThrow(
			/an extension named "lint" already exists \(.*extensions\/lint\.ts, global\)/,
		);
	});

	it("leaves a settings file with comments alone and says what to do", async () => {
		writeFileSync(join(home, "settings.json"), '{\n  // mine\n  "theme": "dark"\n}\n');
		const src = join(root, "guard");
		mkdirSync(src);
		writeFileSync(join(src, "index.js"), EXT("guard"));
		await expect(installFrom(src)).rejects.toThrow(/has comments or trailing commas, which weft would lose/);
		expect(existsSync(join(home, "packages", "guard"))).toBe(false);
	});
});

describe("install from git", () => {
	it("installs a tag's subfolder from a file:// repository and records the commit", async () => {
		const repo = makeRepo(join(root, "repo"));
		const first = repo.commit({ "exts/guard/index.js": EXT("guard"), "README.md": "# repo\n" });
		repo.tag("v1");
		repo.commit({ "exts/guard/index.js": EXT("guard2") });
		const done = await installFrom(`git:${repo.url}@v1//exts/guard`);
		expect(done.entry.resolved).toEqual({
			type: "git",
			url: repo.url,
			ref: "v1",
			subdir: "exts/guard",
			commit: first,
		});
		expect(Object.keys(done.entry.files)).toEqual(["index.js"]);
		expect(readFileSync(join(home, "packages", "guard", "index.js"), "utf8")).toContain('"guard"');
		expect(settings().extensions).toEqual([`git:${repo.url}@v1//exts/guard`]);
		expect(discover()[0]).toMatchObject({ name: "guard", status: "pending" });
	});

	it("installs the default branch's head, a package named by its package.json, without .git", async () => {
		const repo = makeRepo(join(root, "weft-notes.git"));
		const head = repo.commit({
			"package.json": JSON.stringify({ name: "notes", weft: { extensions: ["main.js"] } }),
			"main.js": EXT("notes"),
		});
		const done = await installFrom(`git:${repo.url}`);
		expect(done).toMatchObject({ name: "notes", entry: { resolved: { commit: head } } });
		expect(existsSync(join(home, "packages", "notes", ".git"))).toBe(false);
	});

	it("says which ref or folder does not exist, and shortens git's own failure", async () => {
		const repo = makeRepo(join(root, "repo"));
		repo.commit({ "index.js": EXT("x") });
		await expect(installFrom(`git:${repo.url}@v9`)).rejects.toThrow(
			`${repo.url} has no branch, tag or commit "v9"`,
		);
		await expect(installFrom(`git:${repo.url}//nope`)).rejects.toThrow(`${repo.url} has no folder "nope"`);
		await expect(installFrom(`git:file://${root}/missing`)).rejects.toThrow(
			/cloning file:\/\/.*missing: git clone exited with 128: fatal: .*(does not exist|not a git repository|Could not read)/,
		);
		expect(readLockfile(home).extensions).toEqual({});
		expect(existsSync(join(home, "packages"))).toBe(true);
		expect(discover()).toEqual([]);
	});
});
