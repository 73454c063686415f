/**
 * The look pi extensions change through weft's UI port, drawn by the real
 * interactive mode: the working indicator's text and frames while the agent
 * runs, the collapsed thinking block's label, a footer component that
 * replaces the status line (with footerData's git branch and statuses), a
 * header component, the Ctrl+O state, and the theme switched by name.
 */
import { renameSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { type Harness, startInteractive } from "../../support/tui-harness.js";

const LOOK_EXTENSION = `
import type { ExtensionAPI } from "@mariozechner/pi-coding-agent";

export default function (pi: ExtensionAPI) {
	pi.on("session_start", (_event, ctx) => {
		ctx.ui.setWorkingMessage("Pondering hard");
		ctx.ui.setWorkingIndicator({ frames: ["<*>"] });
		ctx.ui.setHiddenThinkingLabel("Mulling");
		ctx.ui.setStatus("mode", "plan-mode");
		ctx.ui.setHeader(() => ({ render: () => ["PI HEADER line"], invalidate() {} }));
		ctx.ui.setFooter((tui, _theme, footerData) => ({
			render: () => [
				"PI FOOTER branch=" + footerData.getGitBranch() + " statuses=" + [...footerData.getExtensionStatuses().values()].join(","),
			],
			invalidate() {},
			dispose: footerData.onBranchChange(() => tui.requestRender()),
		}));
	});
	pi.registerCommand("plain", {
		handler: async (_args, ctx) => {
			ctx.ui.setWorkingMessage();
			ctx.ui.setWorkingIndicator();
			ctx.ui.setHeader(undefined);
			ctx.ui.setFooter(undefined);
		},
	});
	pi.registerCommand("expand", {
		handler: async (_args, ctx) => {
			ctx.ui.setToolsExpanded(!ctx.ui.getToolsExpanded());
			ctx.ui.notify("tools expanded: " + ctx.ui.getToolsExpanded());
		},
	});
	pi.registerCommand("look-theme", {
		handler: async (args, ctx) => {
			const names = ctx.ui.getAllThemes().map((t) => t.name).join("+");
			const result = ctx.ui.setTheme(args.trim());
			ctx.ui.notify(result.success ? "theme now " + args.trim() + " of " + names : "theme failed: " + result.error);
		},
	});
}
`;

let h: Harness | undefined;
afterEach(async () => {
	await h?.dispose();
	h = undefined;
});

function start(script: Parameters<typeof startInteractive>[0]["script"]) {
	return startInteractive({
		script,
		files: { "ext/look.ts": LOOK_EXTENSION, ".git/HEAD": "ref: refs/heads/topic\n" },
		extensions: ["ext/look.ts"],
	});
}

describe("pi's working indicator, header and footer in the terminal UI", () => {
	it("draws the extension's working text and frame, its header, and its footer in the status line's place", async () => {
		let release: () => void = () => {};
		const held = new Promise<void>((resolve) => {
			release = resolve;
		});
		h = await start([{ text: "done answering", holdUntil: () => held }]);
		const idleLines = await h.waitFor("PI FOOTER branch=topic statuses=plan-mode");
		expect(idleLines.join("\n")).toContain("PI HEADER line");
		// The footer replaces the status line: no model, tokens or cost under the composer.
		expect(idleLines.join("\n")).not.toContain("mock-model (mock)");

		h.type("hello");
		h.press("enter");
		const working = await h.waitFor("<*> Pondering hard");
		const row = working.findIndex((l) => l.includes("Pondering hard"));
		// The working row sits above the footer component that replaced the status line.
		expect(working[row + 1]).toContain("PI FOOTER branch=topic");
		expect(working.join("\n")).not.toContain("Working");
		release();
		await h.waitForAll("done answering");
		await h.waitFor((rows) => !rows.join("\n").includes("Pondering hard"));

		h.type("/plain");
		h.press("enter");
		// The header is at the top of the conversation: taking it down writes the conversation again under weft's.
		const plain = await h.waitFor((rows) => !rows.join("\n").includes("PI HEADER"));
		expect(plain.join("\n")).toContain("mock-model (mock)");
		expect(plain.join("\n")).not.toContain("PI FOOTER");
	});

	it("puts weft's look back when the extension unloads", async () => {
		let release: () => void = () => {};
		const held = new Promise<void>((resolve) => {
			release = resolve;
		});
		h = await start([{ text: "after the reload", holdUntil: () => held }]);
		await h.waitFor("PI FOOTER");
		renameSync(join(h.cwd, "ext/look.ts"), join(h.cwd, "ext/look.off"));
		h.type("/reload");
		h.press("enter");
		const back = await h.waitFor((rows) => !rows.join("\n").includes("PI HEADER"));
		expect(back.join("\n")).toContain("mock-model (mock)");
		expect(back.join("\n")).not.toContain("PI FOOTER");
		h.type("hello");
		h.press("enter");
		await h.waitFor(/[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏] Working/);
		release();
		await h.waitForAll("after the reload");
	});

	it("labels a collapsed thinking block with the extension's label", async () => {
		h = await start([{ thinking: "weighing the options", text: "the answer" }]);
		await h.waitFor("PI FOOTER");
		h.type("think");
		h.press("enter");
		const all = await h.waitForAll("the answer");
		expect(all.join("\n")).toMatch(/Mulling \(1 line, ctrl\+o to expand\)/);
		expect(all.join("\n")).not.toContain("Thinking…");
	});

	it("sets the Ctrl+O state and switches the theme by name", async () => {
		h = await start([]);
		await h.waitFor("PI FOOTER");
		h.type("/plain");
		h.press("enter");
		await h.waitFor("mock-model (mock)");
		h.type("/expand");
		h.press("enter");
		const expanded = await h.waitFor("tools expanded: true");
		expect(expanded.find((l) => l.includes("mock-model (mock)"))).toContain("expanded");
		h.type("/look-theme light");
		h.press("enter");
		await h.waitFor("theme now light of dark+light");
		h.type("/look-theme sepia");
		h.press("enter");
		await h.waitFor('theme failed: no theme "sepia" (known: dark, light)');
	});
});
