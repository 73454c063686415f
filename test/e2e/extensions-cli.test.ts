/**
 * Extensions through the real `weft` binary: a project guard against the
 * mock LLM, trust, `-e`, extension flags and providers, `weft ext list`.
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { type MockLlm, startMockLlm } from "../../src/testing/mock-llm/index.js";
import {
	makeSandbox,
	mockProviderSettings,
	runWeft,
	type Sandbox,
	withMockSandbox,
} from "../support/weft-cli.js";

const GUARD = `import type { ExtensionAPI } from "weft";
export default function (weft: ExtensionAPI) {
	weft.on("tool_call", (event) => {
		if (event.name === "bash" && /rm -rf/.test(String(event.args.command)))
			return { block: true, reason: "destructive command refused" };
	});
}
`;

const untrustedLine = (cwd: string, n: number) =>
	`weft: skipped ${n} project extension(s) in ${cwd}: this folder is not trusted. Run "weft trust" to trust it, or pass --trust for this run.`;

describe("extensions in the weft binary", () => {
	let sandbox: Sandbox;
	let llm: MockLlm;

	withMockSandbox((made, started) => {
		sandbox = made;
		llm = started;
	});

	it("a trusted project's guard blocks a destructive bash call and the model sees the reason", async () => {
		sandbox.write(join(sandbox.cwd, ".weft", "extensions", "guard.ts"), GUARD);
		const trust = await runWeft(sandbox, ["trust"]);
		expect(trust.stdout).toContain(`Trusted ${sandbox.cwd}`);
		llm.push(
			{ toolCalls: [{ name: "bash", args: { command: "rm -rf build" } }] },
			{ text: "I will not delete it." },
		);
		const result = await runWeft(sandbox, ["-p", "clean up"]);
		expect(result.stderr).toBe("");
		expect(result.code).toBe(0);
		expect(result.stdout).toBe("I will not delete it.\n");
		expect(JSON.stringify(llm.requests[1].body)).toContain("Tool call blocked: destructive command refused");
	});

	it("skips an untrusted project's extensions with one line saying how to trust it", async () => {
		sandbox.write(join(sandbox.cwd, ".weft", "extensions", "guard.ts"), GUARD);
		sandbox.write(join(sandbox.cwd, ".weft", "extensions", "other.ts"), GUARD);
		llm.push({ toolCalls: [{ name: "bash", args: { command: "rm -rf nothing-here" } }] }, { text: "Done." });
		const result = await runWeft(sandbox, ["-p", "clean up"]);
		expect(result.code).toBe(0);
		expect(result.stderr).toBe(`${untrustedLine(sandbox.cwd, 2)}\n`);
		expect(JSON.stringify(llm.requests[1].body)).not.toContain("Tool call blocked");

		llm.push(
			{ toolCalls: [{ name: "bash", args: { command: "rm -rf nothing-here" } }] },
			{ text: "Refused." },
		);
		const trusted = await runWeft(sandbox, ["-p", "--trust", "clean up"]);
		expect(trusted.stderr).toBe("");
		expect(JSON.stringify(llm.requests[3].body)).toContain("destructive command refused");
	});

	it("trust, trust --list and untrust say what they did", async () => {
		const sub = join(sandbox.cwd, "sub");
		mkdirSync(sub);
		expect((await runWeft(sandbox, ["trust", "--list"])).stdout).toBe(
			"No folder is trusted yet. Run: weft trust [DIR]\n",
		);
		expect((await runWeft(sandbox, ["trust"])).code).toBe(0);
		expect((await runWeft(sandbox, ["trust", "sub"])).stdout).toBe(
			`${sub} is already trusted (through ${sandbox.cwd}).\n`,
		);
		expect((await runWeft(sandbox, ["trust", "--list"])).stdout).toBe(`${sandbox.cwd}\n`);
		expect((await runWeft(sandbox, ["untrust", "sub"])).stdout).toBe(
			`${sub} was not listed as trusted. It is still trusted through ${sandbox.cwd}; run: weft untrust ${sandbox.cwd}\n`,
		);
		expect((await runWeft(sandbox, ["untrust"])).stdout).toBe(`No longer trusting ${sandbox.cwd}.\n`);
		const wrong = await runWeft(sandbox, ["trust", "--bogus"]);
		expect(wrong.code).toBe(2);
		expect(wrong.stderr).toBe("weft: unknown option --bogus (see weft --help)\n");
	});

	it("an -e extension wins over the project's copy of the same name", async () => {
		sandbox.write(join(sandbox.cwd, ".weft", "extensions", "guard.ts"), GUARD);
		const mine = sandbox.write(
			join(sandbox.home, "..", "dev", "guard.ts"),
			`export default (weft: any) => weft.on("tool_call", () => ({ block: true, reason: "dev guard says no" }));`,
		);
		await runWeft(sandbox, ["trust"]);
		llm.push({ toolCalls: [{ name: "ls", args: {} }] }, { text: "ok" });
		const result = await runWeft(sandbox, ["-p", "-e", mine, "look"]);
		expect(result.code).toBe(0);
		expect(JSON.stringify(llm.requests[1].body)).toContain("dev guard says no");
		const list = JSON.parse((await runWeft(sandbox, ["ext", "list", "--json", "-e", mine])).stdout);
		expect(list.extensions.map((e: any) => [e.name, e.origin, e.status])).toEqual([
			["guard", "cli", "loaded"],
			["guard", "project", "shadowed"],
		]);
	});

	it("passes boolean and string flags to the extension that registered them; others stay unknown", async () => {
		const ext = sandbox.write(
			join(sandbox.home, "extensions", "flags.ts"),
			`export default (weft: any) => {
				weft.registerFlag("plan", { type: "boolean", description: "plan first" });
				weft.registerFlag("style", { type: "string", description: "answer style", default: "plain" });
				weft.on("before_agent_start", (e: any) => ({ systemPrompt: e.systemPrompt + "\\nFLAGS plan=" + weft.getFlag("plan") + " style=" + weft.getFlag("style") }));
			};`,
		);
		expect(ext).toContain("flags.ts");
		llm.push({ text: "a" }, { text: "b" });
		const set = await runWeft(sandbox, ["-p", "--plan", "--style", "pirate", "hello"]);
		expect(set.code).toBe(0);
		expect(JSON.stringify(llm.requests[0].body)).toContain("FLAGS plan=true style=pirate");
		expect(JSON.stringify(llm.requests[0].body)).toContain('"hello"');
		const unset = await runWeft(sandbox, ["-p", "hello"]);
		expect(unset.code).toBe(0);
		expect(JSON.stringify(llm.requests[1].body)).toContain("FLAGS plan=undefined style=plain");
		const unknown = await runWeft(sandbox, ["-p", "--nope", "hello"]);
		expect(unknown.code).toBe(2);
		expect(unknown.stderr).toBe("weft: unknown option --nope (see weft --help)\n");
	});

	it("uses a provider an extension registered (settings shape) when named with --provider", async () => {
		sandbox.settings({});
		sandbox.write(
			join(sandbox.home, "extensions", "my-provider.ts"),
			`export default (weft: any) => weft.registerProvider("ext-mock", {
				api: "openai-completions", baseUrl: ${JSON.stringify(llm.baseUrlFor("openai-completions"))}, apiKey: "k",
				models: [{ id: "ext-model", contextWindow: 32768 }] });`,
		);
		llm.push({ text: "Hello from the extension's provider." });
		const result = await runWeft(sandbox, ["-p", "--provider", "ext-mock", "hi"]);
		expect(result.stderr).toBe("");
		expect(result.code).toBe(0);
		expect(result.stdout).toBe("Hello from the extension's provider.\n");
		expect(llm.requests[0].body.model).toBe("ext-model");
	});

	it("reports a failing extension on stderr and still runs the others", async () => {
		sandbox.write(
			join(sandbox.home, "extensions", "broken.ts"),
			"export default function () {\n  const = 1;\n}\n",
		);
		sandbox.write(join(sandbox.home, "extensions", "guard.ts"), GUARD);
		llm.push({ toolCalls: [{ name: "bash", args: { command: "rm -rf /tmp/x" } }] }, { text: "ok" });
		const result = await runWeft(sandbox, ["-p", "go"]);
		expect(result.code).toBe(0);
		expect(result.stderr).toMatch(/^weft: extension "broken" failed to load: .*broken\.ts:2/);
		expect(JSON.stringify(llm.requests[1].body)).toContain("destructive command refused");
	});

	it("a throwing tool_call handler blocks the call naming the extension, and says so once", async () => {
		sandbox.write(
			join(sandbox.home, "extensions", "crashy.ts"),
			`export default (weft: any) => weft.on("tool_call", () => { throw new Error("crashy broke"); });`,
		);
		llm.push(
			{ toolCalls: [{ name: "ls", args: {} }] },
			{ toolCalls: [{ name: "ls", args: {} }] },
			{ text: "gave up" },
		);
		const result = await runWeft(sandbox, ["-p", "look"]);
		expect(result.code).toBe(0);
		expect(result.stderr).toBe("weft: [crashy] error: tool_call handler failed: crashy broke\n");
		expect(JSON.stringify(llm.requests[1].body)).toContain(
			'the extension \\"crashy\\" failed while checking this call',
		);
	});

	describe("weft ext list", () => {
		it("needs no provider and shows each extension with its registrations and status", async () => {
			sandbox.settings({ disabledExtensions: ["off"] });
			sandbox.write(
				join(sandbox.home, "extensions", "tools.ts"),
				`export default (weft: any) => {
					weft.registerTool({ name: "weather", description: "w", parameters: { type: "object", properties: {} }, execute: () => "sunny" });
					weft.registerCommand("hello", { description: "hi", handler() {} });
					weft.on("tool_call", () => undefined, { priority: 5 });
					weft.interval(60_000, () => {});
				};`,
			);
			sandbox.write(join(sandbox.home, "extensions", "off.ts"), GUARD);
			sandbox.write(join(sandbox.home, "extensions", "sub", "extension.json"), "{}");
			const result = await runWeft(sandbox, ["ext", "list"]);
			expect(result.code).toBe(0);
			expect(result.stderr).toBe("");
			const text = result.stdout;
			expect(text).toContain("tools  loaded  (global, loaded in");
			expect(text).toContain("  tools      weather\n");
			expect(text).toContain("  commands   /hello\n");
			expect(text).toContain("  handlers   tool_call ×1 [5]\n");
			expect(text).toContain("  running    0 deferred, 1 intervals, 0 processes\n");
			expect(text).toContain("off  disabled  (global)\n  source     ");
			expect(text).toContain("sub  failed  (global)");
			expect(text).toContain('extension.json: "name" is required');
		});

		it("--json gives the full diagnostics", async () => {
			sandbox.write(join(sandbox.home, "extensions", "guard.ts"), GUARD);
			sandbox.write(join(sandbox.cwd, ".weft", "extensions", "local.ts"), GUARD);
			const result = await runWeft(sandbox, ["ext", "list", "--json"]);
			expect(result.code).toBe(0);
			const report = JSON.parse(result.stdout);
			expect(report.running).toBeNull();
			expect(report.notices).toEqual([untrustedLine(sandbox.cwd, 1).slice("weft: ".length)]);
			expect(report.extensions).toMatchObject([
				{ name: "local", origin: "project", status: "untrusted" },
				{
					name: "guard",
					origin: "global",
					status: "loaded",
					handlers: { tool_call: { count: 1, priorities: [0] } },
					handlerStats: { calls: 0, ms: 0, errors: 0, timeouts: 0 },
					errors: [],
				},
			]);
		});

		it("says where to put extensions when there are none", async () => {
			const result = await runWeft(sandbox, ["ext", "list"]);
			expect(result.code).toBe(0);
			expect(result.stdout).toContain("No extensions found.");
		});
	});
});

describe("a handler stuck in a synchronous loop", () => {
	it("is named on stderr while weft is blocked, with how to stop it", async () => {
		const sandbox = makeSandbox();
		const llm = await startMockLlm({ script: [{ toolCalls: [{ name: "ls", args: {} }] }] });
		try {
			sandbox.settings(mockProviderSettings(llm.baseUrlFor("openai-completions"), "openai-completions"));
			sandbox.write(
				join(sandbox.home, "extensions", "spinner.ts"),
				`export default (weft: any) => weft.on("tool_call", () => { for (;;) {} });`,
			);
			let stderr = "";
			const result = await runWeft(sandbox, ["-p", "look"], {
				onSpawn: (child) => {
					child.stderr?.on("data", (chunk) => {
						stderr += chunk;
						if (stderr.includes("\n")) child.kill("SIGKILL");
					});
				},
			});
			expect(result.signal).toBe("SIGKILL");
			expect(result.stderr).toMatch(
				/^weft: extension "spinner" has been running its tool_call handler for [\d.]+ s without returning\. A synchronous loop cannot be interrupted in-process .*stop weft with: kill -9 \d+\n$/,
			);
		} finally {
			await llm.close();
			sandbox.cleanup();
		}
	});
});
