/**
 * pi's raw input hooks drawn by the real interactive mode:
 * `ctx.ui.onTerminalInput` consuming and rewriting what is typed before the
 * composer sees it, and removing itself.
 */
import { afterEach, describe, expect, it } from "vitest";
import { type Harness, startInteractive } from "../../support/tui-harness.js";

const INPUT_EXTENSION = `
import type { ExtensionAPI } from "@mariozechner/pi-coding-agent";

export default function (pi: ExtensionAPI) {
	let stop;
	pi.on("session_start", (_event, ctx) => {
		stop = ctx.ui.onTerminalInput((data) => {
			if (data === "q") return { consume: true };
			if (data === "z") return { data: "ok" };
			return undefined;
		});
	});
	pi.registerCommand("raw-off", { handler: async () => stop?.() });
}
`;

let h: Harness | undefined;
afterEach(async () => {
	await h?.dispose();
	h = undefined;
});

describe("pi's onTerminalInput in the terminal UI", () => {
	it("drops and rewrites typed input before the composer, until the listener is removed", async () => {
		h = await startInteractive({
			script: [],
			files: { "ext/raw.ts": INPUT_EXTENSION },
			extensions: ["ext/raw.ts"],
		});
		await h.waitFor("mock-model (mock)");
		h.type("a");
		h.type("z");
		h.type("q");
		h.type("b");
		const lines = await h.waitFor("> aokb");
		expect(lines.find((l) => l.startsWith("> "))?.trimEnd()).toBe("> aokb");
		h.press("ctrl+u");
		h.type("/raw-off");
		await h.waitFor("> /raw-off");
		h.press("enter");
		await h.waitFor((rows) => !rows.join("\n").includes("/raw-off"));
		h.type("zq");
		await h.waitFor("> zq");
	});
});
