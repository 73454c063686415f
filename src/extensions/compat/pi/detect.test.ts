import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { isPiExtension } from "./detect.js";

let dir: string;
beforeEach(() => {
	dir = mkdtempSync(join(tmpdir(), "weft-pi-detect-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function file(path: string, text: string): string {
	const full = join(dir, path);
	mkdirSync(join(full, ".."), { recursive: true });
	writeFileSync(full, text);
	return full;
}

describe("isPiExtension", () => {
	it("sees pi's packages in the entry, type-only imports included", () => {
		expect(
			isPiExtension(file("a.ts", 'import type { ExtensionAPI } from "@mariozechner/pi-coding-agent";')),
		).toBe(true);
		expect(isPiExtension(file("b.ts", 'import { Text } from "@mariozechner/pi-tui";'))).toBe(true);
		expect(isPiExtension(file("c.ts", 'import { Type } from "weft";\nexport default () => {};'))).toBe(false);
	});

	it("follows relative imports (a folder extension whose helper imports pi)", () => {
		file("ext/utils.ts", 'export { StringEnum } from "@mariozechner/pi-ai";');
		expect(isPiExtension(file("ext/index.ts", 'import { StringEnum } from "./utils.js";'))).toBe(true);
		file("other/lib/index.ts", 'import "@mariozechner/pi-tui";');
		expect(isPiExtension(file("other/index.ts", 'import "./lib";'))).toBe(true);
	});

	it("honours a package.json that declares a pi package", () => {
		file("pkg/package.json", JSON.stringify({ name: "x", pi: { extensions: ["./index.ts"] } }));
		expect(isPiExtension(file("pkg/index.ts", "export default () => {};"))).toBe(true);
		file("kw/package.json", JSON.stringify({ name: "y", keywords: ["pi-package"] }));
		expect(isPiExtension(file("kw/index.ts", "export default () => {};"))).toBe(true);
		file("plain/package.json", JSON.stringify({ name: "z" }));
		expect(isPiExtension(file("plain/index.ts", "export default () => {};"))).toBe(false);
	});
});
