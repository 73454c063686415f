/**
 * The session commands through the real binary in a real terminal (tmux),
 * driven with real keystrokes against the mock LLM: /compact, /tree (going
 * back to an earlier message and continuing on a new branch), /fork, and
 * resuming a compacted session, at 80×24 and 160×45. What the model is sent
 * follows the branch, and the screen shows every answer once with a usable
 * composer.
 */
import { rmSync } from "node:fs";
import { dirname } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type MockLlm, type RecordedRequest, startMockLlm } from "../../src/testing/mock-llm/index.js";
import { TmuxSession, tmuxMissingReason } from "../support/tmux.js";
import { makeSandbox, mockProviderSettings, type Sandbox, WEFT_BIN } from "../support/weft-cli.js";

const missing = tmuxMissingReason();
const title = missing ? `session commands in tmux (skipped: ${missing})` : "session commands in tmux";
if (missing) console.warn(`test/e2e/tui-tmux-sessions.test.ts: skipping: ${missing}`);

const READY = "Ask anything";

const isSummaryRequest = (request: RecordedRequest) =>
	JSON.stringify(request.body.messages[0]).includes("You summarise conversations");
const sent = (request: RecordedRequest | undefined) => JSON.stringify(request?.body ?? null);
/** The bottom row weft drew: the status line. */
function statusLine(screen: string): string {
	const rows = screen.split("\n").filter((row) => row.trim() !== "");
	return rows[rows.length - 1] ?? "";
}
const idle = (screen: string) => screen.includes(READY) && !statusLine(screen).includes("Working");
const rowsWith = (screen: string, text: string) => screen.split("\n").filter((row) => row.includes(text));
/** The rows of the dialog drawn in a box (│ …). */
const boxed = (screen: string) =>
	screen
		.split("\n")
		.filter((row) => row.startsWith("│"))
		.join("\n");

describe.skipIf(missing !== undefined)(title, () => {
	let sandbox: Sandbox;
	let llm: MockLlm;
	let tmux: TmuxSession | undefined;

	beforeEach(async () => {
		sandbox = makeSandbox();
		// Summaries get a marked summary; every other request the next answer.
		let answers = 0;
		let summaries = 0;
		const answer = (request: RecordedRequest) =>
			isSummaryRequest(request)
				? { text: `SUMMARY-${++summaries} of the earlier turns` }
				: { text: `ANSWER-${++answers}` };
		llm = await startMockLlm({ script: Array.from({ length: 30 }, () => answer) });
		sandbox.settings(
			mockProviderSettings(llm.baseUrlFor("openai-completions"), "openai-completions", {
				defaultProvider: "mock",
				defaultModel: "mock-model",
				compaction: { keepRecentTokens: 50 },
			}),
		);
	});

	afterEach(async () => {
		await tmux?.kill();
		tmux = undefined;
		await llm.close();
		rmSync(dirname(sandbox.home), { recursive: true, force: true, maxRetries: 10, retryDelay: 50 });
	});

	async function openWeft(args: string, width: number, height: number): Promise<TmuxSession> {
		const command = `'${process.execPath}' '${WEFT_BIN}' ${args}; echo "EXIT:$?"; sleep 30`;
		tmux = await TmuxSession.start({ command, cwd: sandbox.cwd, env: sandbox.env, width, height });
		await tmux.waitFor(READY);
		return tmux;
	}

	async function submit(term: TmuxSession, text: string): Promise<void> {
		await term.sendText(text);
		await term.waitFor(`> ${text}`);
		await term.sendKeys("Enter");
	}

	async function ask(term: TmuxSession, text: string, answer: string): Promise<void> {
		await submit(term, text);
		await term.waitFor((s) => s.includes(answer) && idle(s));
	}

	it("/compact, then /tree back to an earlier message and on along a new branch, then /fork, at 80×24 and 160×45", async () => {
		const term = await openWeft("", 80, 24);
		await ask(term, "alpha question", "ANSWER-1");
		await ask(term, "beta question", "ANSWER-2");
		await ask(term, "gamma question", "ANSWER-3");

		await submit(term, "/compact");
		await term.waitFor((s) => /Compacted: .* tokens \(manual\)/.test(s) && idle(s));
		expect(isSummaryRequest(llm.requests.at(-1)!)).toBe(true);

		// The tree: the three messages and the compaction, where we are marked.
		await submit(term, "/tree");
		const tree = await term.waitFor("Session tree");
		for (const text of ["alpha question", "beta question", "gamma question", "compacted"])
			expect(rowsWith(boxed(tree), text), text).toHaveLength(1);
		expect(rowsWith(tree, "●")).toHaveLength(1);
		expect(rowsWith(tree, "●")[0]).toContain("compacted");
		// Filter to the second message and go there; no summary of the branch left.
		await term.sendText("beta");
		await term.waitFor((s) => boxed(s).includes("beta question") && !boxed(s).includes("gamma question"));
		await term.sendKeys("Enter");
		await term.waitFor("Summarise the branch you leave?");
		await term.sendKeys("Enter");
		// Its text comes back to the composer, to edit and send.
		await term.waitFor("> beta question");
		await term.sendKeys("C-u");
		await term.waitFor((s) => !s.includes("> beta question"));
		const requestsBefore = llm.requests.length;
		await ask(term, "beta revised", "ANSWER-4");
		expect(llm.requests).toHaveLength(requestsBefore + 1);
		const branch = sent(llm.requests.at(-1));
		expect(branch).toContain("alpha question");
		expect(branch).toContain("ANSWER-1");
		expect(branch).toContain("beta revised");
		for (const text of ["beta question", "gamma question", "SUMMARY-1"]) expect(branch).not.toContain(text);

		// The history: each answer once above the line marking the move, the new branch once below it,
		// and one composer.
		const history = await term.capture({ scrollback: true });
		const [before, after, ...more] = history.split("moved in the session tree");
		expect(more).toEqual([]);
		for (const text of ["ANSWER-1", "ANSWER-2", "ANSWER-3"])
			expect(rowsWith(before, text), text).toHaveLength(1);
		expect(rowsWith(before, "ANSWER-4")).toEqual([]);
		for (const text of ["ANSWER-1", "beta revised", "ANSWER-4"])
			expect(rowsWith(after, text), text).toHaveLength(1);
		for (const text of ["ANSWER-2", "ANSWER-3"]) expect(rowsWith(after, text), text).toEqual([]);
		expect(rowsWith(history, READY)).toHaveLength(1);

		// The tree now has both branches.
		await submit(term, "/tree");
		const both = await term.waitFor("Session tree");
		expect(rowsWith(boxed(both), "●")).toHaveLength(1);
		expect(rowsWith(boxed(both), "●")[0]).toContain("beta revised");
		expect(rowsWith(boxed(both), "gamma question")).toHaveLength(1);
		await term.sendKeys("Escape");
		await term.waitFor((s) => !s.includes("Session tree") && idle(s));

		// A wider terminal: still one composer, and it still takes a prompt.
		await term.resize(160, 45);
		await term.waitFor((s) => s.split("\n").some((row) => row.startsWith("─".repeat(160))));
		await ask(term, "delta question", "ANSWER-5");

		// /fork before the first message: a new session file, the message in the composer.
		const [original] = sandbox.sessionFiles();
		await submit(term, "/fork");
		await term.waitFor("Fork from which message?");
		await term.sendText("alpha");
		await term.waitFor((s) => boxed(s).includes("alpha question") && !boxed(s).includes("delta question"));
		await term.sendKeys("Enter");
		await term.waitFor((s) => s.includes("> alpha question") && s.includes("Forked into session"));
		await term.sendKeys("Enter");
		await term.waitFor((s) => s.includes("ANSWER-6") && idle(s));
		const forked = sent(llm.requests.at(-1));
		expect(forked).toContain("alpha question");
		for (const text of ["ANSWER-1", "beta revised", "delta question"]) expect(forked).not.toContain(text);
		const files = sandbox.sessionFiles();
		expect(files).toHaveLength(2);
		const fork = files.find((file) => file !== original)!;
		expect(sandbox.readSession(fork)[0].parentSession).toBe(original);
		const wide = await term.capture({ scrollback: true });
		expect(rowsWith(wide, "ANSWER-6")).toHaveLength(1);
		expect(rowsWith(wide, READY)).toHaveLength(1);
	});

	it("resumes a compacted session at 160×45 and at 80×24: the compaction is shown, the model gets the summary", async () => {
		let term = await openWeft("", 160, 45);
		await ask(term, "alpha question", "ANSWER-1");
		await ask(term, "beta question", "ANSWER-2");
		await submit(term, "/compact");
		await term.waitFor((s) => /Compacted: .* tokens \(manual\)/.test(s) && idle(s));
		await term.sendKeys("C-d");
		await term.waitFor("EXIT:0");
		await term.kill();

		for (const [width, height, n] of [
			[160, 45, 3],
			[80, 24, 4],
		] as const) {
			term = await openWeft("-c", width, height);
			const resumed = await term.waitFor("Compacted here");
			expect(rowsWith(resumed, READY)).toHaveLength(1);
			await ask(term, `question ${n}`, `ANSWER-${n}`);
			const request = sent(llm.requests.at(-1));
			expect(request).toContain("SUMMARY-1");
			expect(request).not.toContain("alpha question");
			expect(request).toContain(`question ${n}`);
			const history = await term.capture({ scrollback: true });
			expect(rowsWith(history, `ANSWER-${n}`)).toHaveLength(1);
			expect(rowsWith(history, READY)).toHaveLength(1);
			await term.sendKeys("C-d");
			await term.waitFor("EXIT:0");
			await term.kill();
		}
	});
});
