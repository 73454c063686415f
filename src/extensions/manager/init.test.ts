import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { inspectExtensionPath } from "../sources.js";
import { initExtension } from "./init.js";

let cwd: string;
beforeEach(() => {
	cwd = mkdtempSync(join(tmpdir(), "weft-init-"));
	return () => rmSync(cwd, { recursive: true, force: true });
});

describe("weft ext init", () => {
	it("writes a skeleton per language that discovery takes for an extension of that name", () => {
		for (const lang of ["ts", "node", "python", "shell"]) {
			const name = `hello-${lang}`;
			expect(initExtension(name, lang, cwd)[0]).toMatch(new RegExp(`^Created .*${name} \\(${lang}\\): `));
			expect(inspectExtensionPath(join(cwd, name))).toMatchObject([{ name, status: "pending" }]);
			expect(readdirSync(join(cwd, name))).toContain("README.md");
		}
	});

	// The TypeScript skeleton's test needs weft installed beside it; test/e2e/ext-manager.test.ts runs it.
	it("the subprocess skeletons' own tests pass as written", { timeout: 60_000 }, () => {
		initExtension("hi-node", "node", cwd);
		initExtension("hi-python", "python", cwd);
		initExtension("hi-shell", "shell", cwd);
		const run = (dir: string, command: string, args: string[]) =>
			execFileSync(command, args, {
				cwd: join(cwd, dir),
				encoding: "utf8",
				stdio: ["ignore", "pipe", "pipe"],
			});
		expect(() => run("hi-node", process.execPath, ["--test", "index.test.mjs"])).not.toThrow();
		expect(() => run("hi-python", "python3", ["-m", "unittest", "-q"])).not.toThrow();
		expect(run("hi-shell", "./test.sh", [])).toContain("ok: hi_shell_hello answers a tool call");
	});

	it("refuses a bad name, an unknown language and a folder that is in use", () => {
		expect(() => initExtension("Hello World", "ts", cwd)).toThrow(/cannot name an extension/);
		expect(() => initExtension("hi", "rust", cwd)).toThrow(
			/unknown language "rust"; choose one of ts, node, python, shell/,
		);
		initExtension("hi", "ts", cwd);
		writeFileSync(join(cwd, "hi", "extra"), "");
		expect(() => initExtension("hi", "shell", cwd)).toThrow(/already exists and is not empty/);
	});
});
