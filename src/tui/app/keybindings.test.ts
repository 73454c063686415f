import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { APP_BINDINGS, applyUserBindings } from "./keybindings.js";

describe("the user's keybindings.json", () => {
	let dir: string;
	afterEach(() => rmSync(dir, { recursive: true, force: true }));

	it("applies a rebinding, and leaves the stock keys without a file", () => {
		dir = mkdtempSync(join(tmpdir(), "weft-keys-"));
		const file = join(dir, "keybindings.json");
		expect(applyUserBindings(APP_BINDINGS, file)).toEqual({ bindings: APP_BINDINGS, warnings: [] });
		writeFileSync(file, JSON.stringify({ "app.abort": "ctrl+g" }));
		const { bindings, warnings } = applyUserBindings(APP_BINDINGS, file);
		expect(warnings).toEqual([]);
		expect(bindings.find((b) => b.action === "app.abort")?.keys).toEqual(["ctrl+g"]);
	});

	it("warns, and keeps the stock keys, when the file cannot be read or parsed", () => {
		dir = mkdtempSync(join(tmpdir(), "weft-keys-"));
		const folder = join(dir, "keybindings.json");
		mkdirSync(folder);
		expect(applyUserBindings(APP_BINDINGS, folder)).toEqual({
			bindings: APP_BINDINGS,
			warnings: [
				expect.stringMatching(/keybindings\.json: cannot be read \(EISDIR.*using the default key bindings$/),
			],
		});
		const broken = join(dir, "broken.json");
		writeFileSync(broken, "{ nope");
		expect(applyUserBindings(APP_BINDINGS, broken).warnings).toEqual([
			expect.stringContaining("broken.json: not valid JSON"),
		]);
	});
});
