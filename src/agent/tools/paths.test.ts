import { homedir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { displayPath, resolveToolPath } from "./paths.js";

describe("tool paths", () => {
	it("resolve relative paths against the working directory", () => {
		expect(resolveToolPath("src/a.ts", "/work/project")).toBe("/work/project/src/a.ts");
		expect(resolveToolPath("/etc/hosts", "/work/project")).toBe("/etc/hosts");
	});

	it("expand ~ to the home directory", () => {
		expect(resolveToolPath("~", "/work")).toBe(homedir());
		expect(resolveToolPath("~/notes.md", "/work")).toBe(join(homedir(), "notes.md"));
	});

	it("display paths inside the working directory relatively and others absolutely", () => {
		expect(displayPath("/work/project/src/a.ts", "/work/project")).toBe("src/a.ts");
		expect(displayPath("/work/project", "/work/project")).toBe(".");
		expect(displayPath("/work/other/a.ts", "/work/project")).toBe("/work/other/a.ts");
		expect(displayPath("/work/project-two/a.ts", "/work/project")).toBe("/work/project-two/a.ts");
	});
});
