import { describe, expect, it } from "vitest";
import { parseSource } from "./source-spec.js";

describe("parseSource", () => {
	it("takes paths, relative ones made absolute", () => {
		expect(parseSource("./guard", "/work")).toEqual({
			kind: "path",
			source: "path:/work/guard",
			path: "/work/guard",
		});
		expect(parseSource("path:../x.ts", "/work/p")).toMatchObject({ path: "/work/x.ts" });
	});

	it("keeps npm specs as npm reads them, local tarballs absolute", () => {
		expect(parseSource("npm:@scope/guard@^1.2", "/w")).toEqual({
			kind: "npm",
			source: "npm:@scope/guard@^1.2",
			spec: "@scope/guard@^1.2",
		});
		expect(parseSource("npm:guard@next", "/w")).toMatchObject({ spec: "guard@next" });
		expect(parseSource("npm:./dist/guard-1.0.0.tgz", "/w")).toMatchObject({
			spec: "/w/dist/guard-1.0.0.tgz",
		});
		expect(parseSource("npm:https://host/guard.tgz", "/w")).toMatchObject({ spec: "https://host/guard.tgz" });
	});

	it("splits git URLs into URL, ref and subfolder without mistaking user@ or scp-style hosts for refs", () => {
		expect(parseSource("git:file:///tmp/repo@v1//ext/guard", "/w")).toEqual({
			kind: "git",
			source: "git:file:///tmp/repo@v1//ext/guard",
			url: "file:///tmp/repo",
			ref: "v1",
			subdir: "ext/guard",
		});
		expect(parseSource("git:git@github.com:o/r.git", "/w")).toMatchObject({
			url: "git@github.com:o/r.git",
			ref: undefined,
		});
		expect(parseSource("git:git@host:r.git@main", "/w")).toMatchObject({
			url: "git@host:r.git",
			ref: "main",
		});
		expect(parseSource("git:https://me@host/r.git", "/w")).toMatchObject({
			url: "https://me@host/r.git",
			ref: undefined,
		});
	});

	it("turns github:OWNER/REPO into its https URL", () => {
		expect(parseSource("github:owner/repo@v2//sub", "/w")).toEqual({
			kind: "git",
			source: "github:owner/repo@v2//sub",
			url: "https://github.com/owner/repo.git",
			ref: "v2",
			subdir: "sub",
		});
	});

	it("refuses unknown schemes, empty specs, bad github names and subfolders that climb out", () => {
		expect(() => parseSource("svn:repo", "/w")).toThrow(/unknown source "svn:"/);
		expect(() => parseSource("npm:", "/w")).toThrow(/npm: needs a package spec/);
		expect(() => parseSource("github:just-a-name", "/w")).toThrow(/github: needs OWNER\/REPO/);
		expect(() => parseSource("git:file:///r//../etc", "/w")).toThrow(/may not contain/);
	});
});
