import {
	mkdirSync,
	mkdtempSync,
	readFileSync,
	realpathSync,
	rmSync,
	statSync,
	symlinkSync,
	writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { trustFile } from "../base/paths.js";
import { addTrusted, isTrusted, readTrusted, removeTrusted } from "./trust.js";

const roots: string[] = [];
afterEach(() => {
	for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
});

function sandbox() {
	const root = realpathSync(mkdtempSync(join(tmpdir(), "weft-trust-")));
	roots.push(root);
	const home = join(root, "home");
	const work = join(root, "work");
	mkdirSync(join(work, "app", "sub"), { recursive: true });
	return { root, home, work };
}

describe("trusted folders", () => {
	it("trusts a folder and everything below it, stored 0600", () => {
		const { home, work } = sandbox();
		expect(isTrusted(home, join(work, "app"))).toBe(false);
		expect(addTrusted(home, work)).toEqual({ changed: true, dir: work });
		expect(isTrusted(home, join(work, "app", "sub"))).toBe(true);
		expect(isTrusted(home, `${work}-other`)).toBe(false);
		expect(statSync(trustFile(home)).mode & 0o777).toBe(0o600);
		expect(JSON.parse(readFileSync(trustFile(home), "utf8"))).toEqual({ trusted: [work] });
	});

	it("says which folder already covers one being trusted again", () => {
		const { home, work } = sandbox();
		addTrusted(home, work);
		expect(addTrusted(home, join(work, "app"))).toEqual({ changed: false, dir: join(work, "app"), by: work });
		expect(readTrusted(home)).toEqual([work]);
	});

	it("untrusts a folder, and names an ancestor that still covers it", () => {
		const { home, work } = sandbox();
		addTrusted(home, work);
		addTrusted(home, join(work, "app"));
		expect(readTrusted(home)).toEqual([work]);
		const app = join(work, "app");
		expect(removeTrusted(home, app)).toEqual({ changed: false, dir: app, by: work });
		expect(removeTrusted(home, work)).toEqual({ changed: true, dir: work, by: undefined });
		expect(isTrusted(home, app)).toBe(false);
	});

	it("treats a symlink to a trusted folder as trusted", () => {
		const { root, home, work } = sandbox();
		addTrusted(home, work);
		const link = join(root, "link");
		symlinkSync(work, link);
		expect(isTrusted(home, join(link, "app"))).toBe(true);
	});

	it("reports a damaged trust file with its path and the fix", () => {
		const { home, work } = sandbox();
		mkdirSync(home, { recursive: true });
		writeFileSync(trustFile(home), "{ not json");
		expect(() => isTrusted(home, work)).toThrow(/trust\.json is not valid JSON .*fix or delete it/);
	});
});
