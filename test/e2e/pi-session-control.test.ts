/**
 * pi's session-control calls in a command's ctx, through the real binary in
 * the terminal UI (tmux): `ctx.newSession({ parentSession, withSession })`
 * runs weft's /new (the new session's header names the parent) and hands
 * the new session's ctx to `withSession`; `ctx.reload()` runs weft's
 * /reload (the extension loads again). In print mode, which has neither
 * command, both reject with a message naming what is missing.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
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

function sessionControl(): { file: string; loads: string } {
	const loads = join(sandbox.home, "..", "loads.log");
	const file = sandbox.write(
		join(sandbox.home, "..", "pi-exts", "session-control.ts"),
		`import type { ExtensionAPI } from "@mariozechner/pi-coding-agent";
import { appendFileSync } from "node:fs";

export default function (pi: ExtensionAPI) {
	appendFileSync(${JSON.stringify(loads)}, "loaded\\n");
	pi.registerCommand("handoff", {
		description: "Start over with a prompt",
		handler: async (_args, ctx) => {
			try {
				const result = await ctx.newSession({
					parentSession: ctx.sessionManager.getSessionFile(),
					withSession: async (next) => {
						next.ui.setEditorText("the handed-off prompt");
					},
				});
				ctx.ui.notify(result.cancelled ? "handoff cancelled" : "handoff done", "info");
			} catch (error) {
				ctx.ui.notify("handoff failed: " + (error as Error).message, "error");
			}
		},
	});
	pi.registerCommand("reload-runtime", {
		description: "Reload",
		handler: async (_args, ctx) => {
			try {
				await ctx.reload();
			} catch (error) {
				ctx.ui.notify("reload failed: " + (error as Error).message, "error");
			}
		},
	});
}
`,
	);
	return { file, loads };
}

describe("pi's ctx.newSession() and ctx.reload()", () => {
	it("reject in print mode, which has no /new or /reload, naming what is missing", async () => {
		const { file } = sessionControl();
		const result = await runWeft(sandbox, ["-p", "--no-session", "-e", file, "/handoff"]);
		expect(result.stderr).toContain("handoff failed: ctx.newSession() needs weft's /new");
		const reload = await runWeft(sandbox, ["-p", "--no-session", "-e", file, "/reload-runtime"]);
		expect(reload.stderr).toContain("reload failed: ctx.reload() needs weft's /reload");
		expect(llm.requests).toHaveLength(0);
	});

	const missing = tmuxMissingReason();
	describe.skipIf(missing !== undefined)(
		`in the terminal UI${missing ? ` (skipped: ${missing})` : ""}`,
		() => {
			let tmux: TmuxSession | undefined;
			afterEach(async () => {
				await tmux?.kill();
				tmux = undefined;
			});

			it("newSession runs /new and withSession fills the new session's composer; reload runs /reload", async () => {
				const { file, loads } = sessionControl();
				llm.push({ text: "First answer." }, { text: "Second answer." });
				tmux = await TmuxSession.start({
					command: `'${process.execPath}' '${WEFT_BIN}' -e '${file}'; sleep 30`,
					cwd: sandbox.cwd,
					env: sandbox.env,
				});
				await tmux.waitFor("Ask anything");
				await tmux.sendText("the first prompt");
				await tmux.waitFor("> the first prompt");
				await tmux.sendKeys("Enter");
				await tmux.waitFor("First answer.");
				await tmux.sendText("/handoff");
				await tmux.waitFor("> /handoff");
				await tmux.sendKeys("Enter");
				await tmux.waitFor("handoff done");
				await tmux.waitFor("the handed-off prompt");
				await tmux.sendKeys("Enter");
				await tmux.waitFor("Second answer.");
				// The new session's request carries the handed-off prompt, not the first session's conversation.
				const sent = JSON.stringify(llm.requests[1].body.messages);
				expect(sent).toContain("the handed-off prompt");
				expect(sent).not.toContain("the first prompt");
				// The new session's header names the session it was handed off from (pi's parentSession).
				const projects = join(sandbox.home, "sessions");
				const folder = join(projects, readdirSync(projects)[0]);
				const headers = readdirSync(folder)
					.filter((name) => name.endsWith(".jsonl"))
					.map((name) => ({
						file: join(folder, name),
						header: JSON.parse(readFileSync(join(folder, name), "utf8").split("\n")[0]),
					}));
				expect(headers).toHaveLength(2);
				const child = headers.find((h) => h.header.parentSession !== undefined);
				expect(headers.map((h) => h.file)).toContain(child?.header.parentSession);

				expect(readFileSync(loads, "utf8")).toBe("loaded\n");
				await tmux.sendText("/reload-runtime");
				await tmux.waitFor("> /reload-runtime");
				await tmux.sendKeys("Enter");
				await tmux.waitFor(() => readFileSync(loads, "utf8") === "loaded\nloaded\n");
			});
		},
	);
});
