import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { readManifest, resolveExec } from "./manifest.js";

const roots: string[] = [];
afterEach(() => {
	for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
});

function folder(manifest: unknown): string {
	const dir = mkdtempSync(join(tmpdir(), "weft-manifest-"));
	roots.push(dir);
	mkdirSync(dir, { recursive: true });
	writeFileSync(
		join(dir, "extension.json"),
		typeof manifest === "string" ? manifest : JSON.stringify(manifest),
	);
	return dir;
}

describe("extension.json", () => {
	it("reads name, exec, args and the informational fields; enabled defaults to true", () => {
		const dir = folder({
			name: "guard",
			exec: "python3",
			args: ["main.py"],
			version: "1.2",
			language: "python",
		});
		const read = readManifest(dir);
		expect(read).toEqual({
			ok: true,
			manifest: {
				name: "guard",
				exec: "python3",
				args: ["main.py"],
				version: "1.2",
				description: undefined,
				language: "python",
				enabled: true,
				folder: dir,
				file: join(dir, "extension.json"),
			},
		});
	});

	it("says what is missing or malformed", () => {
		expect(readManifest(folder("{oops"))).toMatchObject({
			ok: false,
			reason: expect.stringContaining("is not valid JSON"),
		});
		expect(readManifest(folder({ exec: "x" }))).toMatchObject({
			reason: expect.stringContaining('"name" is required'),
		});
		expect(readManifest(folder({ name: "x" }))).toMatchObject({
			reason: expect.stringContaining('"exec" is required'),
		});
		expect(readManifest(folder({ name: "x", exec: "y", args: "z" }))).toMatchObject({
			reason: expect.stringContaining('"args" must be an array of strings'),
		});
		expect(readManifest(folder({ name: "x", exec: "y", enabled: "no" }))).toMatchObject({
			reason: expect.stringContaining('"enabled" must be true or false'),
		});
	});

	it("resolves exec: absolute as is, paths against the folder, bare names via PATH", () => {
		const base = { name: "x", args: [], enabled: true, folder: "/ext", file: "/ext/extension.json" };
		expect(resolveExec({ ...base, exec: "/usr/bin/env" })).toBe("/usr/bin/env");
		expect(resolveExec({ ...base, exec: "./run.sh" })).toBe("/ext/run.sh");
		expect(resolveExec({ ...base, exec: "../shared/run" })).toBe("/shared/run");
		expect(resolveExec({ ...base, exec: "bin/tool" })).toBe("/ext/bin/tool");
		expect(resolveExec({ ...base, exec: "python3" })).toBe("python3");
	});
});
