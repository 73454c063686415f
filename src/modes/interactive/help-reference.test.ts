import { describe, expect, it } from "vitest";
import { helpText } from "../../cli/args.js";
import { Kernel } from "../../kernel/kernel.js";
import { APP_BINDINGS } from "../../tui/app/keybindings.js";
import { COMPOSER_BINDINGS } from "../../tui/chat/composer/bindings.js";
import { registerBuiltinCommands } from "./commands/index.js";
import { helpReference } from "./help-reference.js";
import type { InteractiveServices } from "./services.js";

/** The help as `weft --help` prints it, with each line's padding collapsed. */
async function help(): Promise<string[]> {
	return helpText("0.0.0", await helpReference())
		.split("\n")
		.map((line) => line.trim().replace(/\s{2,}/g, "  "));
}

describe("weft --help", () => {
	it("lists every command the interactive UI registers as its own, with its description", async () => {
		const kernel = new Kernel();
		registerBuiltinCommands({ kernel } as InteractiveServices);
		const lines = await help();
		const registered = kernel.commands.list();
		expect(registered.length).toBeGreaterThan(5);
		for (const { name, value } of registered) {
			const usage = value.argumentHint ? `/${name} ${value.argumentHint}` : `/${name}`;
			expect(lines).toContain(`${usage}  ${value.description}`);
		}
	});

	it("lists every stock key binding, app and composer, with what it does", async () => {
		const lines = await help();
		for (const binding of [...APP_BINDINGS, ...COMPOSER_BINDINGS]) {
			if (binding.keys.length === 0) continue;
			expect(lines).toContain(`${binding.keys.join(", ")}  ${binding.description}`);
		}
	});

	it("describes the three modes and no longer calls the UI unbuilt", async () => {
		const text = (await help()).join("\n");
		expect(text).toMatch(/^weft \[options\] \[prompt…\]\s+interactive/m);
		expect(text).toMatch(/^weft -p "prompt"/m);
		expect(text).toMatch(/^weft --mode json "prompt"/m);
		expect(text).not.toContain("not built yet");
	});
});
