/**
 * What pi extensions change of the terminal UI's look, through the real
 * binary against the mock LLM: in tmux at 80×24, the shapes of pi's
 * working-message-test.ts, custom-header.ts, custom-footer.ts (footerData's
 * git branch following a checkout), hidden-thinking-label.ts and
 * mac-system-theme.ts; in print mode, the same calls doing nothing and
 * reporting nothing, as pi's non-terminal modes do. (pi-extensions.test.ts
 * is past the length a test file may grow to, so these live here.)
 */
import { mkdirSync, renameSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { MockLlm } from "../../src/testing/mock-llm/index.js";
import { TmuxSession, tmuxMissingReason } from "../support/tmux.js";
import { runWeft, type Sandbox, WEFT_BIN, withMockSandbox } from "../support/weft-cli.js";

let sandbox: Sandbox;
let llm: MockLlm;

withMockSandbox(
	(made, started) => {
		sandbox = made;
		llm = started;
	},
	{ defaultProvider: "mock", defaultModel: "mock-model" },
);

const LOOK = `import type { ExtensionAPI } from "@mariozechner/pi-coding-agent";

export default function (pi: ExtensionAPI) {
	pi.on("session_start", async (_event, ctx) => {
		ctx.ui.setWorkingMessage("\\x1b[38;2;155;86;63mWorking... (custom)\\x1b[39m");
		ctx.ui.setWorkingIndicator({ frames: ["\\x1b[38;2;155;86;63m●\\x1b[39m"] });
		ctx.ui.setHiddenThinkingLabel("Pondering...");
		const themed = ctx.ui.setTheme("light");
		ctx.ui.setStatus("look", "theme " + (themed.success ? "light" : themed.error));
		if (ctx.hasUI) {
			ctx.ui.setHeader((_tui, theme) => ({
				render: () => [theme.fg("accent", "  MASCOT HEADER"), theme.fg("muted", "   a coding agent")],
				invalidate() {},
			}));
			ctx.ui.setFooter((tui, theme, footerData) => {
				const unsub = footerData.onBranchChange(() => tui.requestRender());
				return {
					dispose: unsub,
					invalidate() {},
					render: (width: number) => [
						theme.fg("dim", ("model " + (ctx.model?.id ?? "none") + " (" + (footerData.getGitBranch() || "no git") + ") " + [...footerData.getExtensionStatuses().values()].join(" ")).slice(0, width)),
					],
				};
			});
		}
		if (!ctx.hasUI) console.error("themes offered: " + ctx.ui.getAllThemes().length + ", expanded " + ctx.ui.getToolsExpanded());
	});
}
`;

function piExtension(name: string, source: string): string {
	const file = join(sandbox.home, "..", "pi-exts", `${name}.ts`);
	mkdirSync(dirname(file), { recursive: true });
	writeFileSync(file, source);
	return file;
}

describe("pi's look calls in print mode", () => {
	it("do nothing and report nothing, as where pi has no terminal", async () => {
		llm.push({ text: "printed answer" });
		const look = piExtension("look", LOOK);
		const result = await runWeft(sandbox, ["-p", "hi", "--no-session", "-e", look]);
		expect(result.code).toBe(0);
		expect(result.stdout).toContain("printed answer");
		expect(result.stderr).toContain("themes offered: 0, expanded false");
		expect(result.stderr).not.toContain("does not support");
	});
});

const missing = tmuxMissingReason();

describe.skipIf(missing !== undefined)(
	`pi's working indicator, header, footer and theme in the terminal UI${missing ? ` (skipped: ${missing})` : ""}`,
	() => {
		let tmux: TmuxSession | undefined;
		afterEach(async () => {
			await tmux?.kill();
			tmux = undefined;
		});

		it("draws them at 80×24 and follows a checkout in the footer", async () => {
			sandbox.write(".git/HEAD", "ref: refs/heads/feature-x\n");
			let release: () => void = () => {};
			const held = new Promise<void>((resolve) => {
				release = resolve;
			});
			llm.push({ thinking: "weighing it", text: "the answer", holdUntil: () => held });
			const look = piExtension("look", LOOK);
			tmux = await TmuxSession.start({
				command: `'${process.execPath}' '${WEFT_BIN}' --no-session -e '${look}'; sleep 30`,
				cwd: sandbox.cwd,
				env: sandbox.env,
				width: 80,
				height: 24,
			});
			const idle = await tmux.waitFor("model mock-model (feature-x) theme light");
			expect(idle).toContain("MASCOT HEADER");
			// The footer replaced weft's status line.
			expect(idle).not.toContain("mock-model (mock)");
			await tmux.sendText("go");
			await tmux.waitFor("> go");
			await tmux.sendKeys("Enter");
			const working = await tmux.waitFor("● Working... (custom)");
			expect(working).not.toMatch(/[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏]/);
			release();
			const answered = await tmux.waitFor("the answer");
			expect(answered).toMatch(/Pondering\.\.\. \(1 line, ctrl\+o to expand\)/);
			writeFileSync(join(sandbox.cwd, ".git", "HEAD.new"), "ref: refs/heads/main\n");
			renameSync(join(sandbox.cwd, ".git", "HEAD.new"), join(sandbox.cwd, ".git", "HEAD"));
			await tmux.waitFor("model mock-model (main) theme light");
		});
	},
);
