import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { trustFile } from "../../src/base/paths.js";
import { isTrusted } from "../../src/extensions/trust.js";
import { askAboutTrust } from "../../src/modes/interactive/trust-prompt.js";
import { ScriptedUser } from "./commands-fake-services.js";

let root: string;
let home: string;
let cwd: string;

beforeEach(() => {
	root = mkdtempSync(join(tmpdir(), "weft-trust-prompt-"));
	// A WEFT_HOME-style home outside the user's ~/.weft: the prompt must name this one.
	home = join(root, "custom-home");
	cwd = join(root, "repo");
	mkdirSync(home);
	mkdirSync(join(cwd, ".weft", "extensions"), { recursive: true });
	writeFileSync(join(cwd, ".weft", "extensions", "helper.ts"), "export default () => {};\n");
});

afterEach(() => {
	rmSync(root, { recursive: true, force: true });
});

describe("the trust prompt", () => {
	it("names the real trust file (under the configured home) and writes that file when trusted", async () => {
		const user = new ScriptedUser().selects("trust");
		expect(await askAboutTrust(user, { cwd, home })).toBe(true);
		const trustItem = user.dialogs[0].items?.find((item) => item.value === "trust");
		expect(trustItem?.description).toBe(`remembered in ${trustFile(home)}`);
		expect(trustFile(home)).toBe(join(home, "trust.json"));
		expect(isTrusted(home, cwd)).toBe(true);
	});

	it("loads the project extensions once without remembering the folder", async () => {
		const user = new ScriptedUser().selects("once");
		expect(await askAboutTrust(user, { cwd, home })).toBe(true);
		expect(isTrusted(home, cwd)).toBe(false);
	});

	it("asks nothing when the folder has no project extensions", async () => {
		rmSync(join(cwd, ".weft"), { recursive: true });
		const user = new ScriptedUser();
		expect(await askAboutTrust(user, { cwd, home })).toBe(false);
		expect(user.dialogs).toEqual([]);
	});
});
