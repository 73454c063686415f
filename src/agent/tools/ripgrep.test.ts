import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

// Simulates an install where the platform package of @vscode/ripgrep is missing.
vi.mock("@vscode/ripgrep", () => {
	throw new Error("Could not find @vscode/ripgrep-test-platform.");
});

let dir: string;
const originalPath = process.env.PATH;
beforeEach(() => {
	dir = mkdtempSync(join(tmpdir(), "weft-rg-"));
	vi.resetModules();
});
afterEach(() => {
	process.env.PATH = originalPath;
	rmSync(dir, { recursive: true, force: true });
});

describe("locating ripgrep", () => {
	it("falls back to rg on PATH when the registry package has no binary for this platform", async () => {
		const fake = join(dir, "rg");
		writeFileSync(fake, "#!/bin/sh\n");
		chmodSync(fake, 0o755);
		process.env.PATH = dir;
		const { findRipgrep } = await import("./ripgrep.js");
		await expect(findRipgrep()).resolves.toBe(fake);
	});

	it("fails with an actionable message when no ripgrep exists", async () => {
		process.env.PATH = dir;
		const { findRipgrep } = await import("./ripgrep.js");
		await expect(findRipgrep()).rejects.toThrow(/ripgrep is not available.*install ripgrep/);
	});
});
