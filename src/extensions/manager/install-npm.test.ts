import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startTestRegistry, type TestRegistry } from "../../../test/support/npm-registry.js";
import { discoverExtensions } from "../sources.js";
import { install } from "./install.js";
import { readLockfile } from "./lockfile.js";
import { outdated, update, verify } from "./operations.js";
import { scopeOf } from "./scope.js";
import { parseSource } from "./source-spec.js";

const EXT = (command: string) =>
	`export default function (weft) { weft.registerCommand("${command}", { description: "x", handler() {} }); }\n`;

function pkg(name: string, version: string, extra: Record<string, unknown> = {}): Record<string, string> {
	return {
		"package.json": JSON.stringify({ name, version, weft: { extensions: ["index.js"] }, ...extra }),
		"index.js": EXT(`${name.replace(/\W/g, "")}${version.replace(/\./g, "")}`),
	};
}

let registry: TestRegistry;
let root: string;
let home: string;
let cwd: string;
let env: NodeJS.ProcessEnv;
beforeAll(async () => {
	registry = await startTestRegistry();
	registry.publish(pkg("weft-guard", "1.0.0"));
	registry.publish(pkg("weft-guard", "1.1.0"));
	registry.publish(pkg("weft-guard", "2.0.0-beta.1"), "next");
	registry.publish({
		"package.json": JSON.stringify({ name: "tiny-dep", version: "1.0.0", main: "dep.js" }),
		"dep.js": "module.exports = 42;\n",
	});
	registry.publish(
		pkg("@acme/notes", "0.3.0", {
			dependencies: { "tiny-dep": "^1.0.0" },
			scripts: { postinstall: "node -e \"require('fs').writeFileSync('postinstall-ran', '')\"" },
		}),
	);
	registry.publish({
		"package.json": JSON.stringify({ name: "just-a-lib", version: "1.0.0" }),
		"lib.js": "",
	});
});
afterAll(() => registry.close());
beforeEach(() => {
	root = mkdtempSync(join(tmpdir(), "weft-npm-install-"));
	home = join(root, "home");
	cwd = join(root, "project");
	mkdirSync(home, { recursive: true });
	mkdirSync(cwd, { recursive: true });
	env = registry.env(process.env);
	return () => rmSync(root, { recursive: true, force: true });
});

const scope = () => scopeOf(home, cwd, false);
const installFrom = (source: string, options: { force?: boolean; allowScripts?: boolean } = {}) =>
	install(parseSource(source, cwd), scope(), { ...options, env });

// Every step runs the real npm CLI, which takes a second or more per call on a loaded machine.
describe("install from npm (a registry the test serves)", { timeout: 120_000 }, () => {
	it("resolves a range to the newest match and locks its exact version and the registry's integrity", async () => {
		const done = await installFrom("npm:weft-guard@^1");
		expect(done.name).toBe("weft-guard");
		expect(done.entry).toMatchObject({
			source: "npm:weft-guard@^1",
			dir: "packages/weft-guard",
			resolved: {
				type: "npm",
				name: "weft-guard",
				version: "1.1.0",
				integrity: expect.stringMatching(/^sha512-/),
			},
		});
		expect(Object.keys(done.entry.files).sort()).toEqual(["index.js", "package.json"]);
		expect(discoverExtensions({ cwd, home, trusted: () => true })).toMatchObject([
			{ name: "weft-guard", status: "pending", entry: join(home, "packages", "weft-guard", "index.js") },
		]);
	});

	it("follows a dist-tag, installs dependencies without running install scripts unless allowed", async () => {
		expect((await installFrom("npm:weft-guard@next")).entry.resolved).toMatchObject({
			version: "2.0.0-beta.1",
		});
		const notes = await installFrom("npm:@acme/notes");
		const dir = join(home, "packages", "@acme+notes");
		expect(notes.name).toBe("@acme/notes");
		expect(readFileSync(join(dir, "node_modules", "tiny-dep", "dep.js"), "utf8")).toContain("42");
		expect(Object.keys(notes.entry.files)).toContain("node_modules/tiny-dep/dep.js");
		expect(existsSync(join(dir, "postinstall-ran"))).toBe(false);
		await installFrom("npm:@acme/notes", { force: true, allowScripts: true });
		expect(existsSync(join(dir, "postinstall-ran"))).toBe(true);
	});

	it("installs a tarball by path", async () => {
		const src = join(root, "tarball-src");
		mkdirSync(src);
		for (const [file, text] of Object.entries(pkg("from-tarball", "0.1.0")))
			writeFileSync(join(src, file), text);
		execFileSync("npm", ["pack", src, "--pack-destination", root, "--ignore-scripts"], {
			cwd: root,
			env,
			stdio: "ignore",
		});
		const done = await installFrom("npm:../from-tarball-0.1.0.tgz");
		expect(done.entry).toMatchObject({
			source: `npm:${join(root, "from-tarball-0.1.0.tgz")}`,
			resolved: { name: "from-tarball", version: "0.1.0" },
		});
		expect(await outdated(scope(), undefined, env)).toEqual([]);
	});

	it("lists what is outdated within the range and updates it, old → new; a tampered install is repaired from its pin", async () => {
		await installFrom("npm:weft-guard@^1");
		expect(await update(scope(), undefined, { env })).toEqual(["Every installed extension is up to date."]);
		registry.publish(pkg("weft-guard", "1.2.0"));
		registry.publish(pkg("weft-guard", "3.0.0"));
		expect(await outdated(scope(), undefined, env)).toEqual([
			{ name: "weft-guard", current: "1.1.0", latest: "1.2.0", source: "npm:weft-guard@^1" },
		]);
		expect(await update(scope(), "weft-guard", { env })).toEqual([
			"weft-guard: weft-guard@1.1.0 → weft-guard@1.2.0",
		]);
		expect(readLockfile(home).extensions["weft-guard"].resolved).toMatchObject({ version: "1.2.0" });
		// A backport published later is not newer: outdated asks what an install of ^1 would take.
		registry.publish(pkg("weft-guard", "1.1.5"), "v1-backport");
		expect(await outdated(scope(), undefined, env)).toEqual([]);

		writeFileSync(join(home, "packages", "weft-guard", "index.js"), "export default () => { throw 1 };\n");
		expect(await verify(scope(), undefined, { env })).toEqual([
			"weft-guard: index.js was changed; reinstalled weft-guard@1.2.0",
		]);
		expect(readFileSync(join(home, "packages", "weft-guard", "index.js"), "utf8")).toContain("weftguard120");
	});

	it("says clearly what failed: an unknown package, a package that is not an extension, an unreachable registry", async () => {
		await expect(installFrom("npm:no-such-package")).rejects.toThrow(
			/fetching npm:no-such-package: npm pack exited with 1: .*(404|not found)/i,
		);
		await expect(installFrom("npm:just-a-lib")).rejects.toThrow(
			/npm:just-a-lib is not a weft extension: just-a-lib has no index\.ts, index\.js or index\.mjs/,
		);
		env = { ...env, npm_config_registry: "http://127.0.0.1:9/", npm_config_fetch_retries: "0" };
		await expect(installFrom("npm:weft-guard")).rejects.toThrow(
			/fetching npm:weft-guard: npm pack exited with 1: .*ECONNREFUSED/,
		);
		expect(existsSync(join(home, "extensions-lock.json"))).toBe(false);
	});
});
