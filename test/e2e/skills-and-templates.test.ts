import { describe, expect, it } from "vitest";
import type { MockLlm } from "../../src/testing/mock-llm/index.js";
import { rpcClients } from "../support/rpc-clients.js";
import { mockProviderSettings, runWeft, type Sandbox, withMockSandbox } from "../support/weft-cli.js";

let sandbox: Sandbox;
let llm: MockLlm;

withMockSandbox((made, started) => {
	sandbox = made;
	llm = started;
});
const rpc = rpcClients(() => sandbox);

const messagesOf = (request: number): Array<{ role: string; content: unknown }> =>
	llm.requests[request].body.messages;
const systemOf = (request: number): string =>
	String(messagesOf(request).find((m) => m.role === "system")?.content);
const lastUserText = (request: number): string =>
	String(
		messagesOf(request)
			.filter((m) => m.role === "user")
			.at(-1)?.content,
	);

const REVIEW_SKILL =
	"---\nname: review\ndescription: Review a change for bugs\n---\nSKILL-BODY: read the diff first.\n";
const FIX_TEMPLATE =
	"---\ndescription: Fix an issue\nargument-hint: <issue> <where>\n---\nFix issue $1 (everything: $ARGUMENTS).\n";

describe("skills", () => {
	it("lists a project skill in the first request's system prompt, name, description and path only", async () => {
		const file = sandbox.write(".weft/skills/review/SKILL.md", REVIEW_SKILL);
		llm.push({ text: "ok" });
		const result = await runWeft(sandbox, ["-p", "hello", "--no-session"]);
		expect(result).toMatchObject({ code: 0, stderr: "" });
		const system = systemOf(0);
		expect(system).toContain("<name>review</name>");
		expect(system).toContain("<description>Review a change for bugs</description>");
		expect(system).toContain(`<location>${file}</location>`);
		expect(system).not.toContain("SKILL-BODY");
	});

	it("/skill:name sends the skill's body with the arguments", async () => {
		sandbox.write(".claude/skills/review/SKILL.md", REVIEW_SKILL);
		llm.push({ text: "Reviewed." });
		const result = await runWeft(sandbox, ["-p", "/skill:review the parser change", "--no-session"]);
		expect(result).toMatchObject({ code: 0, stdout: "Reviewed.\n" });
		const text = lastUserText(0);
		expect(text).toContain("SKILL-BODY: read the diff first.");
		expect(text).toMatch(/<\/skill>\n\nthe parser change$/);
	});

	it("reports invalid frontmatter with file and line, and still runs", async () => {
		sandbox.write(
			".weft/skills/broken/SKILL.md",
			"---\nname: broken\ndescription: fine\nnot a key line\n---\nbody\n",
		);
		llm.push({ text: "ok" });
		const result = await runWeft(sandbox, ["-p", "hello", "--no-session"]);
		expect(result.code).toBe(0);
		expect(result.stderr).toMatch(
			/^weft: \[skills\] .*\.weft\/skills\/broken\/SKILL\.md:4: invalid frontmatter: expected "key: value", got "not a key line"\n$/,
		);
		expect(systemOf(0)).not.toContain("<name>broken</name>");
	});
});

describe("prompt templates", () => {
	it("expands $1 and $ARGUMENTS in -p and sends the result to the model", async () => {
		sandbox.write(".weft/prompts/fix.md", FIX_TEMPLATE);
		llm.push({ text: "Fixed." });
		const result = await runWeft(sandbox, ["-p", '/fix "bug 12" src/parse.ts', "--no-session"]);
		expect(result).toMatchObject({ code: 0, stdout: "Fixed.\n", stderr: "" });
		expect(lastUserText(0)).toBe('Fix issue bug 12 (everything: "bug 12" src/parse.ts).');
	});

	it("expands in --mode json", async () => {
		sandbox.write(".claude/commands/fix.md", FIX_TEMPLATE);
		llm.push({ text: "Fixed." });
		const result = await runWeft(sandbox, ["--mode", "json", "/fix 7", "--no-session"]);
		expect(result.code).toBe(0);
		expect(lastUserText(0)).toBe("Fix issue 7 (everything: 7).");
	});

	it("is listed by RPC get_commands and expands in an RPC prompt", async () => {
		sandbox.write(".weft/prompts/fix.md", FIX_TEMPLATE);
		sandbox.write(".weft/skills/review/SKILL.md", REVIEW_SKILL);
		llm.push({ text: "Fixed." });
		const client = rpc("--no-session").weft;
		const { commands } = await client.request<{ commands: Array<{ name: string; description: string }> }>({
			type: "get_commands",
		});
		expect(commands).toEqual(
			expect.arrayContaining([
				expect.objectContaining({ name: "fix", description: "Fix an issue", extension: "prompt-templates" }),
				expect.objectContaining({
					name: "skill:review",
					description: "Review a change for bugs",
					extension: "skills",
				}),
			]),
		);
		await client.promptAndWait("/fix 9 now");
		expect(lastUserText(0)).toBe("Fix issue 9 (everything: 9 now).");
	});
});

describe("disabledExtensions", () => {
	it("removes the skills and the templates, each by name", async () => {
		sandbox.write(".weft/skills/review/SKILL.md", REVIEW_SKILL);
		sandbox.write(".weft/prompts/fix.md", FIX_TEMPLATE);
		const url = llm.baseUrlFor("openai-completions");
		sandbox.settings(mockProviderSettings(url, "openai-completions", { disabledExtensions: ["skills"] }));
		llm.push({ text: "one" });
		expect((await runWeft(sandbox, ["-p", "/fix 1", "--no-session"])).code).toBe(0);
		expect(systemOf(0)).not.toContain("<available_skills>");
		expect(lastUserText(0)).toBe("Fix issue 1 (everything: 1).");

		sandbox.settings(
			mockProviderSettings(url, "openai-completions", { disabledExtensions: ["prompt-templates"] }),
		);
		llm.push({ text: "two" });
		expect((await runWeft(sandbox, ["-p", "/fix 1", "--no-session"])).code).toBe(0);
		expect(systemOf(1)).toContain("<name>review</name>");
		// No template: the text goes to the model as written.
		expect(lastUserText(1)).toBe("/fix 1");

		const list = await runWeft(sandbox, ["ext", "list"]);
		expect(list.stdout).toMatch(/skills {2}loaded {2}\(first-party/);
		expect(list.stdout).toMatch(/prompt-templates {2}disabled {2}\(first-party/);
	});
});
