/**
 * Discovery: load order, naming, uniqueness, trust, disabling, and the
 * sources that cannot load yet (reported, never silently skipped).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { type DiscoverOptions, discoverExtensions } from "./sources.js";

const roots: string[] = [];
afterEach(() => {
	for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
});

function sandbox() {
	const root = mkdtempSync(join(tmpdir(), "weft-sources-"));
	roots.push(root);
	const cwd = join(root, "project");
	const home = join(root, "home");
	mkdirSync(cwd, { recursive: true });
	mkdirSync(home, { recursive: true });
	const write = (path: string, text = "export default () => {};\n"): string => {
		mkdirSync(join(path, ".."), { recursive: true });
		writeFileSync(path, text);
		return path;
	};
	const discover = (options: Partial<DiscoverOptions> = {}) =>
		discoverExtensions({ cwd, home, trusted: () => true, ...options });
	return { root, cwd, home, write, discover };
}

const summary = (list: ReturnType<typeof discoverExtensions>) =>
	list.map((s) => `${s.origin}:${s.name}:${s.status}`);

describe("extension discovery", () => {
	it("orders -e paths, global then project settings entries, project folder, global folder", () => {
		const s = sandbox();
		s.write(join(s.home, "extensions", "zeta.ts"));
		s.write(join(s.home, "extensions", "alpha.js"));
		s.write(join(s.cwd, ".weft", "extensions", "m-project.mjs"));
		s.write(join(s.cwd, ".weft", "extensions", "b-folder", "index.ts"));
		s.write(join(s.root, "lib", "from-global.ts"));
		s.write(join(s.cwd, "tools", "from-project.ts"));
		writeFileSync(
			join(s.home, "settings.json"),
			JSON.stringify({ extensions: ["path:../lib/from-global.ts"] }),
		);
		writeFileSync(
			join(s.cwd, ".weft", "settings.json"),
			`// project settings\n{ "extensions": ["path:../tools/from-project.ts"] }`,
		);
		const cli2 = s.write(join(s.root, "cli", "second.ts"));
		const cli1 = s.write(join(s.root, "cli", "first.ts"));
		expect(summary(s.discover({ cliPaths: [cli2, cli1] }))).toEqual([
			"cli:second:pending",
			"cli:first:pending",
			"settings:from-global:pending",
			"settings:from-project:pending",
			"project:b-folder:pending",
			"project:m-project:pending",
			"global:alpha:pending",
			"global:zeta:pending",
		]);
	});

	it("names package entries after the package, and each of several as <package>/<file>", () => {
		const s = sandbox();
		const single = join(s.home, "extensions", "single-dir");
		s.write(
			join(single, "package.json"),
			JSON.stringify({ name: "solo", weft: { extensions: ["./src/main.ts"] } }),
		);
		s.write(join(single, "src", "main.ts"));
		const multi = join(s.home, "extensions", "multi-dir");
		s.write(
			join(multi, "package.json"),
			JSON.stringify({ name: "@acme/kit", weft: { extensions: ["a.ts", "b.ts"] } }),
		);
		s.write(join(multi, "a.ts"));
		s.write(join(multi, "b.ts"));
		const list = s.discover();
		expect(list.map((e) => [e.name, e.entry])).toEqual([
			["@acme/kit/a", join(multi, "a.ts")],
			["@acme/kit/b", join(multi, "b.ts")],
			["solo", join(single, "src", "main.ts")],
		]);
	});

	it("lets a -e extension win over a project copy of the same name, which is reported as shadowed", () => {
		const s = sandbox();
		const projectCopy = s.write(join(s.cwd, ".weft", "extensions", "guard.ts"));
		const globalCopy = s.write(join(s.home, "extensions", "guard.ts"));
		const mine = s.write(join(s.root, "dev", "guard.ts"));
		const list = s.discover({ cliPaths: [mine] });
		expect(summary(list)).toEqual(["cli:guard:pending", "project:guard:shadowed", "global:guard:shadowed"]);
		expect(list[1].reason).toBe(`shadowed by ${mine} (cli)`);
		expect(list[1].entry).toBe(projectCopy);
		expect(list[2].entry).toBe(globalCopy);
	});

	it("marks project extensions and project-settings sources untrusted in an untrusted folder", () => {
		const s = sandbox();
		s.write(join(s.cwd, ".weft", "extensions", "local.ts"));
		s.write(join(s.cwd, "x.ts"));
		writeFileSync(join(s.cwd, ".weft", "settings.json"), JSON.stringify({ extensions: ["path:../x.ts"] }));
		s.write(join(s.home, "extensions", "local.ts"));
		const list = s.discover({ trusted: () => false });
		expect(summary(list)).toEqual([
			"settings:x:untrusted",
			"project:local:untrusted",
			"global:local:pending",
		]);
	});

	it("does not look at trust when there is nothing from the project", () => {
		const s = sandbox();
		s.write(join(s.home, "extensions", "g.ts"));
		const list = s.discover({
			trusted: () => {
				throw new Error("asked");
			},
		});
		expect(summary(list)).toEqual(["global:g:pending"]);
	});

	it("reports subprocess extensions, unknown schemes, missing paths and entry-less folders", () => {
		const s = sandbox();
		s.write(join(s.home, "extensions", "sub", "extension.json"), "{}");
		mkdirSync(join(s.home, "extensions", "empty"), { recursive: true });
		s.write(join(s.home, "extensions", "README.md"), "# notes");
		writeFileSync(
			join(s.home, "settings.json"),
			JSON.stringify({ extensions: ["npm:weft-thing", "svn:repo", "path:./nope.ts"] }),
		);
		const list = s.discover();
		expect(list.map((e) => [e.name, e.status, e.reason])).toEqual([
			["npm:weft-thing", "failed", expect.stringContaining("not installed (listed in")],
			["svn:repo", "failed", expect.stringContaining('unknown source "svn:"')],
			["nope", "failed", expect.stringContaining("not found")],
			["empty", "failed", expect.stringContaining("has no index.ts")],
			["sub", "failed", expect.stringContaining('"name" is required')],
		]);
	});

	it("reports a package.json that exists but cannot be read, instead of taking the folder for a plain one", () => {
		const s = sandbox();
		s.write(join(s.home, "extensions", "pkg", "index.ts"));
		mkdirSync(join(s.home, "extensions", "pkg", "package.json"));
		expect(s.discover().map((e) => [e.name, e.status, e.reason])).toEqual([
			["pkg", "failed", expect.stringMatching(/package\.json cannot be read \(EISDIR/)],
		]);
	});

	it("disables configured extensions by name but still loads an explicit -e path", () => {
		const s = sandbox();
		s.write(join(s.home, "extensions", "noisy.ts"));
		s.write(join(s.home, "extensions", "quiet.ts"));
		const explicit = s.write(join(s.root, "noisy.ts"));
		expect(summary(s.discover({ disabled: ["noisy", "quiet"] }))).toEqual([
			"global:noisy:disabled",
			"global:quiet:disabled",
		]);
		expect(summary(s.discover({ disabled: ["noisy"], cliPaths: [explicit] }))).toEqual([
			"cli:noisy:pending",
			"global:noisy:disabled",
			"global:quiet:pending",
		]);
	});

	it("with noExtensions uses only the -e paths", () => {
		const s = sandbox();
		s.write(join(s.home, "extensions", "g.ts"));
		const explicit = s.write(join(s.root, "e.ts"));
		expect(summary(s.discover({ noExtensions: true, cliPaths: [explicit] }))).toEqual(["cli:e:pending"]);
	});

	it("refuses the reserved owner name builtin", () => {
		const s = sandbox();
		s.write(join(s.home, "extensions", "builtin.ts"));
		expect(s.discover()[0]).toMatchObject({ status: "failed", reason: expect.stringContaining("reserved") });
	});
});
