/**
 * Files and folders for tests that read the file system: a file written
 * with its folders, and a fresh temp folder per test holding the places
 * weft reads (a weft home and a project; for discovery, the user's home).
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

/** Before each test: a fresh temp folder named from `prefix`, handed to `use`; removed after the test. */
function withTempFolder(prefix: string, use: (root: string) => void): void {
	let root: string | undefined;
	beforeEach(() => {
		root = mkdtempSync(join(tmpdir(), prefix));
		use(root);
	});
	afterEach(() => {
		if (root) rmSync(root, { recursive: true, force: true });
		root = undefined;
	});
}

export interface TempPlaces {
	cwd: string;
	home: string;
	userHome: string;
}

/**
 * Before each test: a temp folder handed to `use` as `project/`,
 * `weft-home/` and `user/` inside it (paths only: nothing is made until a
 * test writes there).
 */
export function withTempPlaces(prefix: string, use: (places: TempPlaces) => void): void {
	withTempFolder(prefix, (root) =>
		use({ cwd: join(root, "project"), home: join(root, "weft-home"), userHome: join(root, "user") }),
	);
}

export interface HomeAndProject {
	/** The temp folder holding both (for other folders a test needs). */
	root: string;
	/** weft's home, made (empty). */
	home: string;
	/** A project, made with its empty `.weft/`. */
	cwd: string;
}

/** Before each test: a temp folder with `home/` and `repo/.weft/` made, handed to `use`. */
export function withHomeAndProject(prefix: string, use: (dirs: HomeAndProject) => void): void {
	withTempFolder(prefix, (root) => {
		const dirs = { root, home: join(root, "home"), cwd: join(root, "repo") };
		mkdirSync(dirs.home);
		mkdirSync(join(dirs.cwd, ".weft"), { recursive: true });
		use(dirs);
	});
}
