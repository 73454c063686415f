import { mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { rememberAllow } from "./remember.js";

const fileWith = (text?: string) => {
	const file = join(mkdtempSync(join(tmpdir(), "weft-remember-")), "settings.json");
	if (text !== undefined) writeFileSync(file, text, { mode: 0o640 });
	return file;
};
const read = (file: string) => JSON.parse(readFileSync(file, "utf8"));

describe("rememberAllow", () => {
	it("adds the rule to permissions.allow, keeping the other keys and the file's mode, once", () => {
		const file = fileWith(
			JSON.stringify({ thinking: "low", permissions: { deny: ["Bash(rm:*)"], allow: ["Read"] } }),
		);
		rememberAllow(file, "Bash(npm test:*)");
		rememberAllow(file, "Bash(npm test:*)");
		expect(read(file)).toEqual({
			thinking: "low",
			permissions: { deny: ["Bash(rm:*)"], allow: ["Read", "Bash(npm test:*)"] },
		});
		expect(statSync(file).mode & 0o777).toBe(0o640);
	});

	it("creates the file and the key when there are none", () => {
		const file = fileWith();
		rememberAllow(file, "deploy");
		expect(read(file)).toEqual({ permissions: { allow: ["deploy"] } });
	});

	it("leaves a file with comments alone and says what to add by hand", () => {
		const text = '{\n  // mine\n  "permissions": {}\n}\n';
		const file = fileWith(text);
		expect(() => rememberAllow(file, "Bash(make:*)")).toThrow(
			/has comments or trailing commas, which weft would lose by rewriting it; add "Bash\(make:\*\)" to "permissions": \{ "allow": \[\.\.\.\] \}/,
		);
		expect(readFileSync(file, "utf8")).toBe(text);
	});

	it("refuses a permissions value it cannot extend", () => {
		expect(() => rememberAllow(fileWith('{"permissions": {"allow": "Bash"}}'), "ls")).toThrow(
			'its "permissions.allow" is not a list',
		);
	});
});
