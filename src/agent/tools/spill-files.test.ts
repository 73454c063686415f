import { spawnSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import {
	existsSync,
	mkdirSync,
	mkdtempSync,
	readdirSync,
	rmSync,
	symlinkSync,
	utimesSync,
	writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { removeStaleSpillFiles, SpillFiles, STALE_AFTER_MS } from "./spill-files.js";

let dir: string;
beforeEach(() => {
	dir = mkdtempSync(join(tmpdir(), "weft-spills-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const put = (name: string, ageMs = 0): string => {
	const path = join(dir, name);
	writeFileSync(path, "x");
	const when = (Date.now() - ageMs) / 1000;
	utimesSync(path, when, when);
	return path;
};
const DEAD = 4_000_001;
const ALIVE = 4_000_002;
const isAlive = (pid: number) => pid !== DEAD;

describe("spill files of a session", () => {
	it("are named after this process and deleted when the session ends, leaving other files alone", async () => {
		const other = put("notes.txt");
		const spills = new SpillFiles({ dir });
		const a = spills.create();
		const b = spills.create();
		a.write("one");
		b.write("two");
		a.close();
		b.close();
		expect(a.path).toMatch(new RegExp(`/weft-bash-${process.pid}-[0-9a-f-]{36}\\.log$`));
		expect(readdirSync(dir).sort()).toHaveLength(3);

		await spills.removeAll();
		expect(readdirSync(dir)).toEqual(["notes.txt"]);
		expect(existsSync(other)).toBe(true);
	});

	it("are deleted when the process exits, even without a session shutdown", () => {
		const script = join(dir, "exit.ts");
		const module = resolve(import.meta.dirname, "spill-files.ts");
		writeFileSync(
			script,
			`import { SpillFiles } from ${JSON.stringify(module)};\n` +
				`const file = new SpillFiles({ dir: ${JSON.stringify(dir)} }).create();\n` +
				`file.write("output");\nconsole.log(file.path);\nprocess.exit(0);\n`,
		);
		const jiti = resolve(import.meta.dirname, "../../../node_modules/.bin/jiti");
		const run = spawnSync(jiti, [script], { encoding: "utf8" });
		expect(run.status, run.stderr).toBe(0);
		expect(run.stdout.trim()).toMatch(/weft-bash-\d+-/);
		expect(existsSync(run.stdout.trim())).toBe(false);
	});
});

describe("removeStaleSpillFiles", () => {
	it("removes weft's spill files whose process is gone or that are over a week old, and nothing else", async () => {
		const now = Date.now();
		const week = STALE_AFTER_MS;
		const deadOwner = put(`weft-bash-${DEAD}-${randomUUID()}.log`);
		const liveOwner = put(`weft-bash-${ALIVE}-${randomUUID()}.log`);
		const liveButAncient = put(`weft-bash-${ALIVE}-${randomUUID()}.log`, week + 60_000);
		const oldStyleRecent = put(`weft-bash-${randomUUID()}.log`);
		const oldStyleAncient = put(`weft-bash-${randomUUID()}.log`, week + 60_000);
		const unrelated = [
			put("weft-bash-notes.txt", week * 2),
			put(`weft-bash-${DEAD}.log`, week * 2),
			put(`other-${DEAD}-${randomUUID()}.log`, week * 2),
		];
		const folder = join(dir, `weft-bash-${DEAD}-${randomUUID()}.log`);
		mkdirSync(folder);
		const target = put("target.txt", week * 2);
		const link = join(dir, `weft-bash-${DEAD}-${randomUUID()}.log`);
		symlinkSync(target, link);

		const removed = await removeStaleSpillFiles(dir, { now, isAlive });

		expect(removed.sort()).toEqual([deadOwner, liveButAncient, oldStyleAncient].sort());
		for (const kept of [liveOwner, oldStyleRecent, ...unrelated, folder, target, link])
			expect(existsSync(kept), kept).toBe(true);
	});

	it("treats a file with this process's pid that it did not make as left by an earlier process", async () => {
		const leftover = put(`weft-bash-${process.pid}-${randomUUID()}.log`);
		// The sweep starts here and lists the folder only after this synchronous code: ours exists by then.
		const spills = new SpillFiles({ dir });
		const ours = spills.create();
		ours.close();

		expect(await spills.staleRemoved).toEqual([leftover]);
		expect(existsSync(ours.path)).toBe(true);
		await spills.removeAll();
	});
});
