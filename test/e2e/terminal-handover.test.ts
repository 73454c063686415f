/**
 * Handing the terminal to another program, through the real binary in tmux
 * at 80×24: pi's interactive-shell.ts shape (`!i less file` through
 * `user_bash`, `tui.stop()` / spawnSync / `tui.start()` inside `custom()`)
 * and a weft extension's `ui.tui.runInTerminal`. less must get the keys
 * (q quits it), and weft must be usable afterwards: the composer takes text
 * and a prompt reaches the model.
 */
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type MockLlm, startMockLlm } from "../../src/testing/mock-llm/index.js";
import { TmuxSession, tmuxMissingReason } from "../support/tmux.js";
import { makeSandbox, mockProviderSettings, type Sandbox, WEFT_BIN } from "../support/weft-cli.js";

const PI_SHELL = `import { spawnSync } from "node:child_process";
import type { ExtensionAPI } from "@mariozechner/pi-coding-agent";

export default function (pi: ExtensionAPI) {
	pi.on("session_start", (_event, ctx) => ctx.ui.setStatus("ready", "SESSION READY"));
	pi.on("user_bash", async (event, ctx) => {
		if (!event.command.startsWith("i ")) return;
		const command = event.command.slice(2).trim();
		const exitCode = await ctx.ui.custom<number | null>((tui, _theme, _kb, done) => {
			tui.stop();
			process.stdout.write("\\x1b[2J\\x1b[H");
			const result = spawnSync(process.env.SHELL || "/bin/sh", ["-c", command], { stdio: "inherit", env: process.env });
			tui.start();
			tui.requestRender(true);
			done(result.status);
			return { render: () => [], invalidate: () => {} };
		});
		return { result: { output: \`ran \${command}: exit \${exitCode}\`, exitCode: exitCode ?? 1, cancelled: false, truncated: false } };
	});
}
`;

const WEFT_PAGER = `import { spawnSync } from "node:child_process";
import type { ExtensionAPI } from "weft";

export default function (weft: ExtensionAPI) {
	weft.on("session_start", (_event, ctx) => ctx.ui.setStatus("ready", "SESSION READY"));
	weft.registerCommand("page", {
		handler: async (args, ctx) => {
			const tui = ctx.ui.tui;
			if (!tui) return;
			const status = await tui.runInTerminal(() => spawnSync("less", [args.trim()], { stdio: "inherit" }).status);
			ctx.ui.notify(\`less exited with \${status}\`, "info");
		},
	});
}
`;

const missing = tmuxMissingReason();

describe.skipIf(missing !== undefined)(
	`handing the terminal to a program${missing ? ` (skipped: ${missing})` : ""}`,
	() => {
		let sandbox: Sandbox;
		let llm: MockLlm;
		let tmux: TmuxSession | undefined;

		beforeEach(async () => {
			sandbox = makeSandbox();
			llm = await startMockLlm({ script: [] });
			sandbox.settings(
				mockProviderSettings(llm.baseUrlFor("openai-completions"), "openai-completions", {
					defaultProvider: "mock",
					defaultModel: "mock-model",
				}),
			);
			writeFileSync(
				join(sandbox.cwd, "notes.txt"),
				Array.from({ length: 60 }, (_, i) => `NOTE LINE ${i + 1}`).join("\n"),
			);
		});
		afterEach(async () => {
			await tmux?.kill();
			tmux = undefined;
			await llm.close();
			rmSync(dirname(sandbox.home), { recursive: true, force: true, maxRetries: 10, retryDelay: 50 });
		});

		function extension(name: string, source: string): string {
			const file = join(sandbox.home, "..", "exts", `${name}.ts`);
			mkdirSync(dirname(file), { recursive: true });
			writeFileSync(file, source);
			return file;
		}

		async function start(file: string): Promise<TmuxSession> {
			const session = await TmuxSession.start({
				command: `'${process.execPath}' '${WEFT_BIN}' --no-session -e '${file}'; sleep 30`,
				cwd: sandbox.cwd,
				env: { ...sandbox.env, LESS: "", PAGER: "less" },
				width: 80,
				height: 24,
			});
			// The status line's model shows before the session exists; the extension's status once it does.
			await session.waitFor("SESSION READY");
			return session;
		}

		/** less showed the file, took q, and weft drew its composer again and still sends prompts. */
		async function pageThenPrompt(session: TmuxSession, command: string): Promise<void> {
			await session.sendText(command);
			await session.waitFor(`> ${command}`);
			await session.sendKeys("Enter");
			await session.waitFor((screen) => screen.includes("NOTE LINE 1") && !screen.includes("Ask anything"));
			await session.sendKeys("Space");
			await session.waitFor("NOTE LINE 30");
			await session.sendKeys("q");
			await session.waitFor("Ask anything");
			llm.push({ text: "BACK IN WEFT" });
			await session.sendText("are you there");
			await session.waitFor("> are you there");
			await session.sendKeys("Enter");
			await session.waitFor("BACK IN WEFT");
			expect(llm.requests).toHaveLength(1);
		}

		it("runs less for pi's interactive-shell shape (!i) and gives weft the terminal back", async () => {
			tmux = await start(extension("shell", PI_SHELL));
			await pageThenPrompt(tmux, "!i less notes.txt");
			await tmux.waitFor("ran less notes.txt: exit 0");
			const request = JSON.stringify(llm.requests[0].body.messages);
			expect(request).toContain("ran less notes.txt: exit 0");
		});

		it("runs less through a weft extension's ui.tui.runInTerminal and gives weft the terminal back", async () => {
			tmux = await start(extension("pager", WEFT_PAGER));
			await pageThenPrompt(tmux, "/page notes.txt");
			await tmux.waitFor("less exited with 0");
		});
	},
);
