/**
 * Files and folders for tests that read the file system: a file written
 * with its folders, and a fresh temp folder per test holding the places
 * weft's discovery reads (project, weft home, user home).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterEach, beforeEach } from "vitest";

/** Writes a file, making its folders first; returns its path. */
export function writeFileWithFolders(path: string, text: string): string {
	mkdirSync(dirname(path), { recursive: true });
	writeFileSync(path, text);
	return path;
}

export interface TempPlaces {
	cwd: string;
	home: string;
	userHome: string;
}

/**
 * Before each test: a temp folder named from `prefix`, handed to `use` as
 * `project/`, `weft-home/` and `user/` inside it (paths only: nothing is
 * made until a test writes there); removed after the test.
 */
export function withTempPlaces(prefix: string, use: (places: TempPlaces) => void): void {
	let root: string | undefined;
	beforeEach(() => {
		root = mkdtempSync(join(tmpdir(), prefix));
		use({ cwd: join(root, "project"), home: join(root, "weft-home"), userHome: join(root, "user") });
	});
	afterEach(() => {
		if (root) rmSync(root, { recursive: true, force: true });
		root = undefined;
	});
}
