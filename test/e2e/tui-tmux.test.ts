/**
 * The interactive UI in a real terminal (tmux), driven with real keystrokes
 * against the mock LLM: what a user types, what they see, what the model is sent.
 */
import { rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type MockLlm, startMockLlm } from "../../src/testing/mock-llm/index.js";
import { TmuxSession, tmuxMissingReason } from "../support/tmux.js";
import { makeSandbox, mockProviderSettings, type Sandbox, WEFT_BIN } from "../support/weft-cli.js";

const missing = tmuxMissingReason();
const title = missing ? `interactive UI in tmux (skipped: ${missing})` : "interactive UI in tmux";
// A skipped file collapses to one line in the default reporter; say why where it is seen.
if (missing) console.warn(`test/e2e/tui-tmux.test.ts: skipping the terminal end-to-end tests: ${missing}`);

/** weft, then what a user's shell would show after it: its exit code and the terminal mode. */
const COMMAND = `'${process.execPath}' '${WEFT_BIN}'; echo "EXIT:$?"; stty -a; sleep 30`;
const READY = "Ask anything";

/** The bottom row weft drew: the status line. */
function statusLine(screen: string): string {
	const rows = screen.split("\n").filter((row) => row.trim() !== "");
	return rows[rows.length - 1] ?? "";
}

/** Everything the model was sent in one request, as text to search. */
function sent(llm: MockLlm, index: number): string {
	return JSON.stringify(llm.requests[index]?.body ?? null);
}

describe.skipIf(missing !== undefined)(title, () => {
	let sandbox: Sandbox;
	let llm: MockLlm;
	let tmux: TmuxSession | undefined;

	beforeEach(async () => {
		sandbox = makeSandbox();
		llm = await startMockLlm({ script: [] });
		sandbox.settings(settings());
	});

	afterEach(async () => {
		await tmux?.kill();
		tmux = undefined;
		await llm.close();
		// weft may still be writing its session file while it hangs up; retry instead of failing on ENOTEMPTY.
		rmSync(dirname(sandbox.home), { recursive: true, force: true, maxRetries: 10, retryDelay: 50 });
	});

	function settings(extraModels: Array<{ id: string; contextWindow: number }> = []) {
		const value = mockProviderSettings(llm.baseUrlFor("openai-completions"), "openai-completions", {
			defaultProvider: "mock",
			defaultModel: "mock-model",
		});
		value.providers.mock.models.push(...extraModels);
		return value;
	}

	async function openWeft(size: { width?: number; height?: number } = {}): Promise<TmuxSession> {
		tmux = await TmuxSession.start({ command: COMMAND, cwd: sandbox.cwd, env: sandbox.env, ...size });
		await tmux.waitFor(READY);
		return tmux;
	}

	async function submit(session: TmuxSession, text: string): Promise<void> {
		await session.sendText(text);
		await session.waitFor(`> ${text}`);
		await session.sendKeys("Enter");
	}

	it("answers a typed prompt and shows the model on the status line", async () => {
		llm.push({ text: "Hello from the mock model." });
		const term = await openWeft();
		expect(statusLine(await term.capture())).toContain("mock-model");

		await submit(term, "say hello");
		const screen = await term.waitFor("Hello from the mock model.");
		expect(screen).toContain("say hello");
		expect(statusLine(await term.waitFor((s) => !statusLine(s).includes("Working")))).toContain("mock-model");
		expect(llm.requests).toHaveLength(1);
		expect(sent(llm, 0)).toContain("say hello");
	});

	it("runs a read tool call on a project file and answers with its result", async () => {
		writeFileSync(join(sandbox.cwd, "notes.txt"), "the secret word is marmalade\n");
		llm.push(
			{ toolCalls: [{ name: "read", args: { path: "notes.txt" } }] },
			{ text: "The word is marmalade." },
		);
		const term = await openWeft();

		await submit(term, "what does notes.txt say?");
		const screen = await term.waitFor("The word is marmalade.");
		expect(screen).toMatch(/Read notes\.txt/);
		expect(llm.requests).toHaveLength(2);
		const toolMessage = llm.requests[1].body.messages.find((m: { role: string }) => m.role === "tool");
		expect(JSON.stringify(toolMessage)).toContain("the secret word is marmalade");
	});

	it("aborts a stalled answer on Escape and takes a new prompt afterwards", async () => {
		llm.push(
			{ text: "Let me think about this for a very long time", stallAfterChunks: 4 },
			{ text: "Back after the abort." },
		);
		const term = await openWeft();

		await submit(term, "take forever");
		await term.waitFor("Let me");
		await term.sendKeys("Escape");
		await term.waitFor("Aborted");
		await term.waitFor((s) => !statusLine(s).includes("Working"));

		await submit(term, "try again");
		await term.waitFor("Back after the abort.");
		expect(llm.requests).toHaveLength(2);
		expect(sent(llm, 1)).toContain("try again");
	});

	it("queues a message typed while the answer streams and delivers it as a steer", async () => {
		const words = Array.from({ length: 60 }, (_, i) => `w${i}`).join(" ");
		llm.push({ text: words, delayMs: 50 }, { text: "Steer received." });
		const term = await openWeft();

		await submit(term, "write slowly");
		await term.waitFor("w2 ");
		await submit(term, "and mention cats");
		await term.waitFor("↳ steer and mention cats");

		await term.waitFor("Steer received.");
		expect(llm.requests).toHaveLength(2);
		expect(sent(llm, 0)).not.toContain("and mention cats");
		expect(sent(llm, 1)).toContain("and mention cats");
		expect(await term.capture()).not.toContain("↳ steer");
	});

	it("switches the model with /model and uses it for the next request", async () => {
		sandbox.settings(settings([{ id: "mock-large", contextWindow: 65536 }]));
		llm.push({ text: "Answered by the large one." });
		const term = await openWeft();

		await term.sendText("/model");
		await term.waitFor("> /model");
		await term.sendKeys("Enter");
		// Enter may only accept the completion; then a second one runs the command.
		let screen = await term.waitFor((s) => s.includes("Choose a model") || !s.includes("Switch the model"));
		if (!screen.includes("Choose a model")) {
			await term.sendKeys("Enter");
			screen = await term.waitFor("Choose a model");
		}
		await term.sendText("mock-large");
		await term.waitFor((s) => s.includes("mock/mock-large") && !s.includes("mock/mock-model"));
		await term.sendKeys("Enter");

		screen = await term.waitFor("Model: mock/mock-large");
		expect(statusLine(screen)).toContain("mock-large");
		await submit(term, "who are you?");
		await term.waitFor("Answered by the large one.");
		expect(llm.requests[0].body.model).toBe("mock-large");
	});

	it("exits on Ctrl+C twice and leaves the terminal as it found it", async () => {
		const term = await openWeft();

		await term.sendKeys("C-c");
		await term.waitFor("again to exit");
		await term.sendKeys("C-c");
		const screen = await term.waitFor(/EXIT:\d+[\s\S]*-?echoctl/, { scrollback: true, joinWrapped: true });
		const after = screen.slice(screen.lastIndexOf("EXIT:"));
		expect(after).toMatch(/^EXIT:0\b/);
		const modes = after.split(/\s+/);
		expect(modes).toContain("icanon");
		expect(modes).toContain("echo");
		expect(modes).not.toContain("-icanon");
		expect(modes).not.toContain("-echo");
		expect(await term.display("#{cursor_flag}")).toBe("1");
	});

	it("opens a setup view on a first run without a provider, with /login's picker and a usable composer", async () => {
		// No provider and no key: a fresh machine. (Saving a key is tested on screen with a stubbed key test:
		// the check request would go to the provider's real endpoint.)
		sandbox.settings({});
		const term = await openWeft();
		const setup = await term.waitFor("/login");
		expect(setup).toContain("ANTHROPIC_API_KEY");
		expect(setup).toContain("11434");

		await submit(term, "/login");
		const picker = await term.waitFor("Log in to which provider?");
		expect(picker).toContain("anthropic");
		await term.sendKeys("Escape");
		await term.waitFor((s) => !s.includes("Log in to which provider?"));
		await term.sendText("still typing");
		const screen = await term.waitFor("> still typing");
		expect(screen).not.toContain("EXIT:");
	});

	it("shows a code block taller than an 80×24 screen once, and rewraps it after the terminal gets narrower", async () => {
		const code = Array.from(
			{ length: 60 },
			(_, i) => `line ${String(i + 1).padStart(2, "0")} of the block`,
		).join("\n");
		const words = Array.from({ length: 60 }, (_, i) => `wrapword${i}`).join(" ");
		llm.push({ text: `Here it is:\n\n\`\`\`\n${code}\n\`\`\`\n\n${words}`, deltas: 80, delayMs: 5 });
		const term = await openWeft({ width: 80, height: 24 });
		await submit(term, "show the block");
		await term.waitFor((s) => s.includes("wrapword59") && !statusLine(s).includes("Working"));

		const history = await term.capture({ scrollback: true });
		for (let i = 1; i <= 60; i++) {
			const line = `line ${String(i).padStart(2, "0")} of the block`;
			expect(history.split("\n").filter((row) => row.includes(line))).toHaveLength(1);
		}
		expect(history.split("\n").filter((row) => row.includes("Ask anything"))).toHaveLength(1);

		await term.resize(50, 24);
		// Once the size settles weft writes the conversation again at 50 columns: every word whole.
		const after = await term.waitFor(
			(s) => {
				const found = s.match(/wrapword\d+/g) ?? [];
				return found.length === 60 && s.split("\n").every((row) => row.trimEnd().length <= 50);
			},
			{ scrollback: true },
		);
		expect(after.match(/wrapword\d+/g)).toEqual(Array.from({ length: 60 }, (_, i) => `wrapword${i}`));
		expect(after.split("\n").filter((row) => row.includes("line 01 of the block"))).toHaveLength(1);
		expect(after.split("\n").filter((row) => row.includes("Ask anything"))).toHaveLength(1);
	});

	it("puts a queued message back in the composer on Escape instead of sending it later", async () => {
		const words = Array.from({ length: 80 }, (_, i) => `w${i}`).join(" ");
		llm.push({ text: words, delayMs: 60 }, { text: "Only the new one arrived." });
		const term = await openWeft();

		await submit(term, "write slowly");
		await term.waitFor("w2 ");
		await submit(term, "queued thought");
		await term.waitFor("↳ steer queued thought");
		await term.sendKeys("Escape");
		// The run stops and the queued text is back in the composer, not sent.
		await term.waitFor((s) => s.includes("> queued thought") && !s.includes("↳ steer"));
		await term.sendKeys("C-u");
		await submit(term, "a different question");
		await term.waitFor("Only the new one arrived.");
		expect(llm.requests).toHaveLength(2);
		expect(sent(llm, 1)).toContain("a different question");
		expect(sent(llm, 1)).not.toContain("queued thought");
	});
});
