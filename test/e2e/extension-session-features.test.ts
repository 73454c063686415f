/**
 * Session features every weft extension gets, through the real binary
 * against the mock LLM: a tool result that ends the run (`terminate`), with
 * the next prompt's request valid in every wire format; labels on entries;
 * skill and prompt-template paths added through `resources_discover`.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { ApiKind } from "../../src/kernel/provider.js";
import { type MockLlm, startMockLlm } from "../../src/testing/mock-llm/index.js";
import { TmuxSession, tmuxMissingReason } from "../support/tmux.js";
import { makeSandbox, mockProviderSettings, runWeft, type Sandbox, WEFT_BIN } from "../support/weft-cli.js";

let sandbox: Sandbox;
let llm: MockLlm;

beforeEach(async () => {
	sandbox = makeSandbox();
	llm = await startMockLlm({ script: [] });
});
afterEach(async () => {
	await llm.close();
	sandbox.cleanup();
});

function useApi(api: ApiKind): void {
	sandbox.settings(mockProviderSettings(llm.baseUrlFor(api), api));
}

/** Writes a weft extension whose default export runs `body` with `weft` in scope; returns its path. */
function extension(name: string, body: string): string {
	const file = join(sandbox.home, "..", "exts", `${name}.ts`);
	mkdirSync(dirname(file), { recursive: true });
	writeFileSync(
		file,
		`import type { ExtensionAPI } from "weft";\nexport default function (weft: ExtensionAPI) {\n${body}\n}\n`,
	);
	return file;
}

const FINAL_ANSWER = `weft.registerTool({
	name: "final_answer",
	description: "Give the final answer as structured data",
	parameters: { type: "object", properties: { answer: { type: "string" } }, required: ["answer"] },
	execute: (args) => ({ content: "recorded " + args.answer, details: args, terminate: true }),
});`;

/** The roles of the request's conversation, as each wire format names them. */
function wireRoles(api: ApiKind, body: any): string[] {
	switch (api) {
		case "anthropic-messages":
			return body.messages.map((m: any) => `${m.role}:${m.content.map((c: any) => c.type).join("+")}`);
		case "google-generative-ai":
			return body.contents.map(
				(c: any) =>
					`${c.role}:${c.parts.map((p: any) => Object.keys(p).find((k) => k !== "thoughtSignature")).join("+")}`,
			);
		case "openai-responses":
			return body.input.map((item: any) => item.role ?? item.type);
		case "openai-completions":
			return body.messages.map((m: any) => m.role);
	}
}

const EXPECTED_ROLES: Record<ApiKind, string[]> = {
	// Anthropic: roles alternate; the tool result and the next prompt share one user turn.
	"anthropic-messages": ["user:text", "assistant:tool_use", "user:tool_result+text"],
	// Gemini: the function response right after the call, as it requires (the same shape as steering after tools).
	"google-generative-ai": ["user:text", "model:functionCall", "user:functionResponse", "user:text"],
	"openai-responses": ["system", "user", "function_call", "function_call_output", "user"],
	"openai-completions": ["system", "user", "assistant", "tool", "user"],
};

describe("terminate: true on a tool result", () => {
	it.each(Object.keys(EXPECTED_ROLES) as ApiKind[])(
		"ends the run without asking the model again, and the next prompt's %s request is valid",
		async (api) => {
			useApi(api);
			const ext = extension("final-answer", FINAL_ANSWER);
			llm.push({ toolCalls: [{ name: "final_answer", args: { answer: "42" } }] });
			const first = await runWeft(sandbox, ["-p", "-e", ext, "what is the answer?"]);
			expect(first.stderr).toBe("");
			expect(first.code).toBe(0);
			expect(llm.requests).toHaveLength(1);

			llm.push({ text: "It was 42." });
			const second = await runWeft(sandbox, ["-c", "-p", "-e", ext, "say it in words"]);
			expect(second.stderr).toBe("");
			expect(second.stdout).toBe("It was 42.\n");
			expect(llm.requests).toHaveLength(2);
			expect(wireRoles(api, llm.requests[1].body)).toEqual(EXPECTED_ROLES[api]);
		},
	);

	it("lets the model answer when another tool of the same answer does not terminate", async () => {
		useApi("openai-completions");
		const ext = extension("final-answer", FINAL_ANSWER);
		llm.push(
			{
				toolCalls: [
					{ name: "final_answer", args: { answer: "42" } },
					{ name: "ls", args: {} },
				],
			},
			{ text: "Both done." },
		);
		const result = await runWeft(sandbox, ["-p", "-e", ext, "go"]);
		expect(result.stdout).toBe("Both done.\n");
		expect(llm.requests).toHaveLength(2);
	});
});

const MARKER = `let lastAnswer: string | undefined;
weft.on("session_save", (event) => {
	const entry = event.entry as { id: string; type: string; message?: { role: string } };
	if (entry.type === "message" && entry.message?.role === "assistant") lastAnswer = entry.id;
});
weft.on("agent_end", () => {
	if (!lastAnswer) return;
	weft.setLabel(lastAnswer, "answered");
	weft.ui.notify("label: " + weft.getLabel(lastAnswer));
	try {
		weft.setLabel("no-such-entry", "x");
	} catch (error) {
		weft.ui.notify(String(error));
	}
});`;

describe("labels on session entries", () => {
	it("an extension labels an entry; the file holds pi's label entry and the next request only the conversation", async () => {
		useApi("anthropic-messages");
		const ext = extension("marker", MARKER);
		llm.push({ text: "Hello there." });
		const first = await runWeft(sandbox, ["-p", "-e", ext, "hi"]);
		expect(first.code).toBe(0);
		expect(first.stderr).toContain("label: answered");
		expect(first.stderr).toMatch(/cannot label entry "no-such-entry": session .* has no such entry/);
		const [file] = sandbox.sessionFiles();
		const entries = sandbox.readSession(file);
		const answer = entries.find((e) => e.type === "message" && e.message.role === "assistant");
		expect(entries.at(-1)).toMatchObject({
			type: "label",
			targetId: answer.id,
			label: "answered",
			parentId: answer.id,
		});

		llm.push({ text: "Again." });
		const second = await runWeft(sandbox, ["-c", "-p", "again"]);
		expect(second.code).toBe(0);
		expect(second.stderr).toBe("");
		expect(wireRoles("anthropic-messages", llm.requests[1].body)).toEqual([
			"user:text",
			"assistant:text",
			"user:text",
		]);
	});
});

describe("resources_discover", () => {
	it("takes the skill and prompt-template paths an extension adds, relative ones from the project", async () => {
		useApi("openai-completions");
		const resources = join(sandbox.cwd, "ext-resources");
		mkdirSync(join(resources, "deploy"), { recursive: true });
		writeFileSync(
			join(resources, "deploy", "SKILL.md"),
			"---\nname: deploy\ndescription: Deploy the app to staging\n---\nRun make deploy.\n",
		);
		writeFileSync(
			join(resources, "review.md"),
			"---\ndescription: Review a change\n---\nReview $ARGUMENTS carefully.\n",
		);
		const ext = extension(
			"resources",
			`weft.on("resources_discover", (event) => {
				weft.ui.notify("discover: " + event.reason);
				return { skillPaths: ["ext-resources/deploy"], promptPaths: [${JSON.stringify(join(resources, "review.md"))}, "ext-resources/missing.md"] };
			});`,
		);
		llm.push({ text: "Reviewed." });
		const result = await runWeft(sandbox, ["-p", "--no-session", "-e", ext, "/review the parser"]);
		expect(result.code).toBe(0);
		expect(result.stdout).toBe("Reviewed.\n");
		expect(result.stderr).toContain("discover: startup");
		expect(result.stderr).toContain("ext-resources/missing.md: an extension named this prompt template path");
		const body = JSON.stringify(llm.requests[0].body.messages);
		expect(body).toContain("Review the parser carefully.");
		expect(body).toContain("<name>deploy</name>");
	});
});

const missing = tmuxMissingReason();

describe.skipIf(missing !== undefined)(
	`labels in /tree at 80×24${missing ? ` (skipped: ${missing})` : ""}`,
	() => {
		let tmux: TmuxSession | undefined;
		afterEach(async () => {
			await tmux?.kill();
			tmux = undefined;
		});

		it("Ctrl+E labels a node, the tree shows it, and the conversation goes on", async () => {
			useApi("openai-completions");
			llm.push({ text: "answer one" }, { text: "answer two" }, { text: "answer three" });
			tmux = await TmuxSession.start({
				command: `'${process.execPath}' '${WEFT_BIN}'; sleep 30`,
				cwd: sandbox.cwd,
				env: sandbox.env,
				width: 80,
				height: 24,
			});
			await tmux.waitFor("Ask anything");
			await tmux.sendText("first question");
			await tmux.sendKeys("Enter");
			await tmux.waitFor("answer one");
			await tmux.sendText("second question");
			await tmux.sendKeys("Enter");
			await tmux.waitFor("answer two");
			await tmux.sendText("/tree");
			await tmux.sendKeys("Enter");
			await tmux.waitFor("ctrl+e label · esc close");
			await tmux.sendKeys("Up", "C-e");
			await tmux.waitFor("Label for this point");
			await tmux.sendText("before refactor");
			await tmux.sendKeys("Enter");
			await tmux.waitFor("[before refactor] first question");
			await tmux.sendKeys("Escape");
			// Typed before the tree closed, the Esc and the first letter would read as Alt+letter.
			await tmux.waitFor((screen) => !screen.includes("Session tree"));
			await tmux.sendText("third question");
			await tmux.sendKeys("Enter");
			await tmux.waitFor("answer three");
			const entries = sandbox.readSession(sandbox.sessionFiles()[0]);
			const first = entries.find((e) => e.type === "message" && e.message.content === "first question");
			expect(entries.filter((e) => e.type === "label")).toEqual([
				expect.objectContaining({ targetId: first.id, label: "before refactor" }),
			]);
			expect(llm.requests[2].body.messages.map((m: { role: string }) => m.role)).toEqual([
				"system",
				"user",
				"assistant",
				"user",
				"assistant",
				"user",
			]);
		});
	},
);
