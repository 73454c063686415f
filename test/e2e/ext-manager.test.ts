/**
 * The extension manager through the real `weft` binary: `weft ext init` in
 * every language, installed and called by the model in a print-mode run
 * against the mock LLM; an npm install from a registry the test serves,
 * refused at load once tampered with and repaired by `weft ext verify`;
 * the TypeScript skeleton's own test under weft's harness; bad input.
 */
import { execFileSync } from "node:child_process";
import { appendFileSync, mkdirSync, symlinkSync } from "node:fs";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { MockLlm } from "../../src/testing/mock-llm/index.js";
import { startTestRegistry, type TestRegistry } from "../support/npm-registry.js";
import { runWeft, type Sandbox, withMockSandbox } from "../support/weft-cli.js";

const REPO_ROOT = resolve(import.meta.dirname, "../..");

// npm and extension start-ups take seconds each on a loaded machine.
describe("weft ext: the extension manager", { timeout: 180_000 }, () => {
	let sandbox: Sandbox;
	let llm: MockLlm;
	let registry: TestRegistry;

	beforeAll(async () => {
		registry = await startTestRegistry();
	});
	afterAll(() => registry.close());

	withMockSandbox((made, started) => {
		sandbox = made;
		llm = started;
	});

	async function weft(args: string[]) {
		const result = await runWeft(sandbox, args);
		return { ...result, out: result.stdout + result.stderr };
	}

	it("init skeletons in every language install, load, and answer the model's calls", async () => {
		const langs = ["ts", "node", "python", "shell"];
		for (const lang of langs) {
			const made = await weft(["ext", "init", "--lang", lang, `hi-${lang}`]);
			expect(made.code, made.out).toBe(0);
			const installed = await weft(["ext", "install", `./hi-${lang}`]);
			expect(installed.code, installed.out).toBe(0);
			expect(installed.stdout).toContain(`Installed hi-${lang} (copied from`);
		}
		llm.push(
			{
				toolCalls: langs.map((lang, i) => ({
					id: `call_${i}`,
					name: `hi_${lang}_hello`,
					args: { who: lang },
				})),
			},
			{ text: "Greeted." },
		);
		const run = await weft(["-p", "--no-session", "greet everyone"]);
		expect(run.code, run.out).toBe(0);
		expect(run.stdout).toBe("Greeted.\n");
		const sent = JSON.stringify(llm.requests.at(-1)?.body.messages);
		for (const lang of langs) expect(sent).toContain(`Hello, ${lang}!`);
	});

	it("the TypeScript skeleton's own test passes with weft installed beside it", async () => {
		expect((await weft(["ext", "init", "greeter"])).code).toBe(0);
		const dir = join(sandbox.cwd, "greeter");
		mkdirSync(join(dir, "node_modules"));
		// What `npm install` of its dev dependency would give it: this weft, built.
		symlinkSync(REPO_ROOT, join(dir, "node_modules", "weft"));
		const out = execFileSync(process.execPath, ["--test", "index.test.mjs"], { cwd: dir, encoding: "utf8" });
		expect(out).toMatch(/# pass 1/);
	});

	it("installs from npm, refuses the install once a file changed, and verify repairs it", async () => {
		registry.publish({
			"package.json": JSON.stringify({
				name: "weft-echo",
				version: "1.0.0",
				weft: { extensions: ["index.js"] },
			}),
			"index.js": `import { Type } from "weft";
export default function (weft) {
	weft.registerTool({
		name: "echo",
		label: "Echo",
		description: "Echoes its text",
		parameters: Type.Object({ text: Type.String() }),
		async execute(args) { return { content: [{ type: "text", text: "echo: " + args.text }] }; },
	});
}
`,
		});
		Object.assign(sandbox.env, registry.env({}));
		const installed = await weft(["ext", "install", "npm:weft-echo@^1"]);
		expect(installed.code, installed.out).toBe(0);
		expect(installed.stdout).toContain("Installed weft-echo (weft-echo@1.0.0)");

		const info = await weft(["ext", "info", "weft-echo"]);
		expect(info.code, info.out).toBe(0);
		expect(info.stdout).toMatch(/source\s+npm:weft-echo@\^1/);
		expect(info.stdout).toMatch(/verified\s+yes/);
		expect(info.stdout).toMatch(/tools\s+echo/);

		appendFileSync(join(sandbox.home, "packages", "weft-echo", "index.js"), "\n// changed\n");
		const refused = await weft(["ext", "list"]);
		expect(refused.stdout).toMatch(/weft-echo\s+failed/);
		expect(refused.stdout).toMatch(
			/packages\/weft-echo\/index\.js is changed since it was installed; run weft ext verify weft-echo/,
		);

		const verified = await weft(["ext", "verify"]);
		expect(verified.code, verified.out).toBe(0);
		expect(verified.stdout).toBe("weft-echo: index.js was changed; reinstalled weft-echo@1.0.0\n");
		llm.push({ toolCalls: [{ name: "echo", args: { text: "hi" } }] }, { text: "done" });
		const run = await weft(["-p", "--no-session", "echo hi"]);
		expect(run.code, run.out).toBe(0);
		expect(JSON.stringify(llm.requests.at(-1)?.body.messages)).toContain("echo: hi");

		expect((await weft(["ext", "disable", "weft-echo"])).code).toBe(0);
		expect((await weft(["ext", "list"])).stdout).toMatch(/weft-echo\s+disabled/);
		expect((await weft(["ext", "enable", "weft-echo"])).code).toBe(0);
		const removed = await weft(["ext", "remove", "weft-echo"]);
		expect(removed.stdout).toBe("Removed weft-echo (npm:weft-echo@^1).\n");
	});

	it("answers bad input with what is wrong and what to do", async () => {
		const unknown = await weft(["ext", "install", "svn:repo"]);
		expect(unknown.code).toBe(1);
		expect(unknown.stderr).toMatch(
			/^weft: ext install: unknown source "svn:" in svn:repo; use a path, npm:SPEC/,
		);
		const usage = await weft(["ext", "install"]);
		expect(usage.code).toBe(2);
		expect(usage.stderr).toContain("usage: weft ext install SOURCE [--project] [--force] [--allow-scripts]");
		const sync = await weft(["ext", "sync", "--project"]);
		expect(sync.code).toBe(1);
		expect(sync.stderr).toContain("this folder is not trusted");
		const missing = await weft(["ext", "remove", "ghost"]);
		expect(missing.stderr).toMatch(/no extension named "ghost" is installed in the global home/);
	});
});
