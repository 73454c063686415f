import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { makeRepo } from "../../../test/support/git-repo.js";
import { discoverExtensions } from "../sources.js";
import { install } from "./install.js";
import { readLockfile } from "./lockfile.js";
import { outdated, remove, setEnabled, sync, update } from "./operations.js";
import { scopeOf } from "./scope.js";
import { parseSource } from "./source-spec.js";

const EXT = (command: string) =>
	`export default function (weft) { weft.registerCommand("${command}", { description: "x", handler() {} }); }\n`;

let root: string;
let home: string;
let cwd: string;
beforeEach(() => {
	root = mkdtempSync(join(tmpdir(), "weft-ext-ops-"));
	home = join(root, "home");
	cwd = join(root, "project");
	mkdirSync(home, { recursive: true });
	mkdirSync(cwd, { recursive: true });
	return () => rmSync(root, { recursive: true, force: true });
});

const discover = () =>
	discoverExtensions({
		cwd,
		home,
		trusted: () => true,
		disabled: readJson(join(home, "settings.json")).disabledExtensions,
	});
const readJson = (file: string) => (existsSync(file) ? JSON.parse(readFileSync(file, "utf8")) : {});

function folder(name: string, command = name): string {
	const dir = join(root, "src", name);
	mkdirSync(dir, { recursive: true });
	writeFileSync(join(dir, "index.js"), EXT(command));
	return dir;
}

describe("disable, enable, remove", () => {
	it("disable and enable go through disabledExtensions; remove takes back the folder, the lock entry and the settings entries", async () => {
		const global = scopeOf(home, cwd, false);
		await install(parseSource(folder("guard"), cwd), global);
		expect(setEnabled("guard", false, global)).toEqual([
			expect.stringMatching(/^guard is disabled \(disabledExtensions in /),
		]);
		expect(discover()[0]).toMatchObject({ name: "guard", status: "disabled" });
		expect(setEnabled("guard", false, global)).toEqual([expect.stringMatching(/already disabled/)]);
		setEnabled("guard", true, global);
		expect(discover()[0].status).toBe("pending");
		setEnabled("guard", false, global);

		expect(remove("guard", global)).toEqual([`Removed guard (path:${join(root, "src", "guard")}).`]);
		expect(existsSync(join(home, "packages", "guard"))).toBe(false);
		expect(readLockfile(home).extensions).toEqual({});
		expect(readJson(join(home, "settings.json"))).toEqual({});
		expect(discover()).toEqual([]);
		expect(() => remove("guard", global)).toThrow(
			/no extension named "guard" is installed in the global home/,
		);
		expect(() => setEnabled("ghost", false, global)).toThrow(/no extension named "ghost" was found/);
	});

	it("--project installs into .weft/, with its own lockfile and settings", async () => {
		const project = scopeOf(home, cwd, true);
		await install(parseSource(folder("lint"), cwd), project);
		expect(readLockfile(join(cwd, ".weft")).extensions.lint.dir).toBe("packages/lint");
		expect(readJson(join(cwd, ".weft", "settings.json")).extensions).toEqual([
			`path:${join(root, "src", "lint")}`,
		]);
		expect(discoverExtensions({ cwd, home, trusted: () => false })[0]).toMatchObject({
			name: "lint",
			status: "untrusted",
		});
		expect(discoverExtensions({ cwd, home, trusted: () => true })[0]).toMatchObject({
			name: "lint",
			status: "pending",
		});
		// A tampered project install names the repairs that act on the project's install.
		writeFileSync(join(cwd, ".weft", "packages", "lint", "index.js"), EXT("tampered"));
		expect(discoverExtensions({ cwd, home, trusted: () => true })[0].reason).toMatch(
			/run weft ext verify lint --project to reinstall it, or weft ext install --force --project path:/,
		);
	});
});

describe("outdated and update on a moving git ref", () => {
	it("a branch that moved is outdated and updates to its new head", async () => {
		const repo = makeRepo(join(root, "repo"));
		const first = repo.commit({ "index.js": EXT("first") });
		repo.tag("v1");
		const global = scopeOf(home, cwd, false);
		await install(parseSource(`git:${repo.url}@main`, cwd), global);
		expect(await outdated(global)).toEqual([]);
		const second = repo.commit({ "index.js": EXT("second") });
		expect(await outdated(global)).toEqual([
			{ name: "repo", current: first, latest: second, source: `git:${repo.url}@main` },
		]);
		expect(await update(global, undefined, {})).toEqual([
			`repo: commit ${first.slice(0, 12)} → commit ${second.slice(0, 12)}`,
		]);
		expect(readFileSync(join(home, "packages", "repo", "index.js"), "utf8")).toContain('"second"');
		expect(await update(global, "repo", {})).toEqual(["repo is up to date."]);
	});

	it("an annotated tag is current while it points where it did; a moved tag is outdated", async () => {
		const repo = makeRepo(join(root, "tagged"));
		repo.commit({ "index.js": EXT("one") });
		repo.tag("v1");
		const global = scopeOf(home, cwd, false);
		await install(parseSource(`git:${repo.url}@v1`, cwd), global);
		const later = repo.commit({ "index.js": EXT("two") });
		expect(await outdated(global)).toEqual([]);
		repo.git("tag", "-f", "-a", "v1", "-m", "v1 again");
		expect(await outdated(global)).toMatchObject([{ name: "tagged", latest: later }]);
	});
});

describe("sync", () => {
	it("installs what settings list but is missing, from the lockfile's pin when there is one", async () => {
		const repo = makeRepo(join(root, "repo"));
		const pinned = repo.commit({ "index.js": EXT("pinned") });
		const global = scopeOf(home, cwd, false);
		await install(parseSource(`git:${repo.url}`, cwd), global);
		repo.commit({ "index.js": EXT("later") });
		// A fresh checkout of a project: settings and lockfile, no installed folders.
		rmSync(join(home, "packages"), { recursive: true });
		expect(discover()[0]).toMatchObject({
			status: "failed",
			reason: expect.stringMatching(/index\.js is missing/),
		});
		expect(await sync(global, {})).toEqual([`repo: installed commit ${pinned.slice(0, 12)} (as locked)`]);
		expect(readFileSync(join(home, "packages", "repo", "index.js"), "utf8")).toContain('"pinned"');

		const other = makeRepo(join(root, "other"));
		other.commit({ "index.js": EXT("other") });
		writeFileSync(
			join(home, "settings.json"),
			JSON.stringify({ extensions: [`git:${repo.url}`, `git:${other.url}`] }),
		);
		expect(discover()[1]).toMatchObject({
			status: "failed",
			reason: expect.stringMatching(/not installed .*run: weft ext sync/),
		});
		expect(await sync(global, {})).toEqual([expect.stringMatching(/^other: installed commit /)]);
		expect(await sync(global, {})).toEqual(["Every extension the global settings list is installed."]);
		expect(discover().map((s) => s.status)).toEqual(["pending", "pending"]);
	});
});
