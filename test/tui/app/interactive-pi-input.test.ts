/**
 * pi's input hooks in the real interactive mode: `ctx.ui.onTerminalInput`
 * consuming and rewriting what is typed before the composer sees it, and
 * removing itself; `ctx.ui.addAutocompleteProvider` in the shape of pi's
 * github-issue-autocomplete.ts (its issues given, not fetched with gh),
 * layered over weft's own `/` completion.
 */
import { afterEach, describe, expect, it } from "vitest";
import { type Harness, startInteractive } from "../../support/tui-harness.js";

const INPUT_EXTENSION = `
import type { ExtensionAPI } from "@mariozechner/pi-coding-agent";

export default function (pi: ExtensionAPI) {
	let stop;
	pi.on("session_start", (_event, ctx) => {
		ctx.ui.setStatus("ready", "SESSION READY");
		stop = ctx.ui.onTerminalInput((data) => {
			if (data === "q") return { consume: true };
			if (data === "z") return { data: "ok" };
			return undefined;
		});
	});
	pi.registerCommand("raw-off", { handler: async () => stop?.() });
}
`;

const AUTOCOMPLETE_EXTENSION = `
import type { ExtensionAPI } from "@mariozechner/pi-coding-agent";
import { fuzzyFilter } from "@mariozechner/pi-tui";

const issues = [
	{ number: 2983, title: "Extension API for autocomplete" },
	{ number: 2753, title: "Reload stale resource settings" },
];

export default function (pi: ExtensionAPI) {
	pi.on("session_start", (_event, ctx) => {
		ctx.ui.setStatus("ready", "SESSION READY");
		ctx.ui.addAutocompleteProvider((current) => ({
			async getSuggestions(lines, cursorLine, cursorCol, options) {
				const match = (lines[cursorLine] ?? "").slice(0, cursorCol).match(/(?:^|[ \\t])#([^\\s#]*)$/);
				if (!match) return current.getSuggestions(lines, cursorLine, cursorCol, options);
				const found = fuzzyFilter(issues, match[1], (i) => i.number + " " + i.title);
				if (found.length === 0) return current.getSuggestions(lines, cursorLine, cursorCol, options);
				return {
					prefix: "#" + match[1],
					items: found.map((i) => ({ value: "#" + i.number, label: "#" + i.number, description: "[open] " + i.title })),
				};
			},
			applyCompletion(lines, cursorLine, cursorCol, item, prefix) {
				return current.applyCompletion(lines, cursorLine, cursorCol, item, prefix);
			},
			shouldTriggerFileCompletion(lines, cursorLine, cursorCol) {
				return current.shouldTriggerFileCompletion?.(lines, cursorLine, cursorCol) ?? true;
			},
		}));
	});
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
		await h.waitFor("SESSION READY");
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

describe("pi's addAutocompleteProvider in the terminal UI", () => {
	it("completes #issues from the provider and leaves / to weft's command completion", async () => {
		h = await startInteractive({
			script: [],
			files: { "ext/issues.ts": AUTOCOMPLETE_EXTENSION },
			extensions: ["ext/issues.ts"],
		});
		await h.waitFor("SESSION READY");
		h.type("see #stale");
		const lines = await h.waitFor("[open] Reload stale resource settings");
		expect(lines.join("\n")).not.toContain("#2983");
		h.press("tab");
		await h.waitFor((rows) => rows.some((l) => l.trimEnd() === "> see #2753"));
		h.press("ctrl+u");
		h.type("/hel");
		await h.waitFor("/help");
	});
});
