/**
 * A pi user's existing setup through the real binary against the mock LLM:
 * settings `"piExtensions"` loads the extensions in pi's global folder
 * (`$PI_CODING_AGENT_DIR/extensions/`) and, in a trusted folder only, the
 * project's `.pi/extensions/`; `weft ext install npm:…` installs a pi package
 * (its `"pi"` manifest naming a folder of extensions, pi's packages as `"*"`
 * peers) from a registry the test serves, and its tool answers the model.
 */
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { MockLlm } from "../../src/testing/mock-llm/index.js";
import { startTestRegistry, type TestRegistry } from "../support/npm-registry.js";
import { mockProviderSettings, runWeft, type Sandbox, withMockSandbox } from "../support/weft-cli.js";

const GUARD = `import type { ExtensionAPI } from "@mariozechner/pi-coding-agent";

export default function (pi: ExtensionAPI) {
	pi.on("tool_call", async (event) => {
		if (event.toolName === "write" && String(event.input.path).includes(".env")) {
			return { block: true, reason: \`Path "\${event.input.path}" is protected\` };
		}
		return undefined;
	});
}
`;

const TRANSFORM = `import type { ExtensionAPI } from "@mariozechner/pi-coding-agent";

export default function (pi: ExtensionAPI) {
	pi.on("input", async (event) => ({ action: "transform", text: event.text + " [from the project's pi folder]" }));
}
`;

// Extension start-ups and npm take seconds each on a loaded machine.
describe("a pi user's setup", { timeout: 180_000 }, () => {
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

	const settings = (extra: Record<string, unknown>) =>
		sandbox.settings(
			mockProviderSettings(llm.baseUrlFor("openai-completions"), "openai-completions", {
				defaultProvider: "mock",
				defaultModel: "mock-model",
				...extra,
			}),
		);

	async function weft(args: string[]) {
		const result = await runWeft(sandbox, args);
		return { ...result, out: result.stdout + result.stderr };
	}

	it("settings piExtensions loads pi's global folder, and the project's .pi/extensions only when trusted", async () => {
		const agentDir = join(dirname(sandbox.home), "pi-agent");
		sandbox.env.PI_CODING_AGENT_DIR = agentDir;
		sandbox.write(join(agentDir, "extensions", "protected-paths.ts"), GUARD);
		sandbox.write(join(sandbox.cwd, ".pi", "extensions", "project-note", "index.ts"), TRANSFORM);

		settings({});
		const off = await weft(["ext", "list"]);
		expect(off.stdout).not.toContain("protected-paths");
		expect(off.stdout).not.toContain("project-note");

		settings({ piExtensions: true });
		const listed = await weft(["ext", "list"]);
		expect(listed.stdout).toMatch(/protected-paths\s+loaded/);
		expect(listed.stdout).toMatch(/project-note\s+untrusted/);

		llm.push(
			{
				toolCalls: [
					{ name: "write", args: { path: ".env", content: "SECRET=1\n" } },
					{ name: "write", args: { path: "notes.txt", content: "fine\n" } },
				],
			},
			{ text: "done" },
		);
		const run = await weft(["-p", "--no-session", "--trust", "write the files"]);
		expect(run.code, run.out).toBe(0);
		expect(run.stdout).toBe("done\n");
		expect(existsSync(join(sandbox.cwd, ".env"))).toBe(false);
		expect(existsSync(join(sandbox.cwd, "notes.txt"))).toBe(true);
		const sent = JSON.stringify(llm.requests[0].body.messages);
		expect(sent).toContain("write the files [from the project's pi folder]");
		expect(JSON.stringify(llm.requests[1].body.messages)).toContain('Path \\".env\\" is protected');

		settings({ piExtensions: { global: "yes" } });
		const bad = await weft(["ext", "list"]);
		expect(bad.out).toMatch(/piExtensions\.global.*expected true or false; got "yes"/);
	});

	it("weft ext install npm:… installs a pi package, and its extensions load through the pi adapter", async () => {
		settings({});
		registry.publish({
			"package.json": JSON.stringify({ name: "tiny-dep", version: "1.0.0", main: "dep.js" }),
			"dep.js": 'module.exports = "from tiny-dep";\n',
		});
		registry.publish({
			"package.json": JSON.stringify({
				name: "@pi-user/greeter",
				version: "1.2.0",
				keywords: ["pi-package"],
				pi: { extensions: ["./extensions"] },
				dependencies: { "tiny-dep": "^1.0.0" },
				peerDependencies: { "@mariozechner/pi-coding-agent": "*", typebox: "*" },
			}),
			"extensions/greet.ts": `import { type ExtensionAPI, truncateHead } from "@mariozechner/pi-coding-agent";
import { Type } from "typebox";
import dep from "tiny-dep";

export default function (pi: ExtensionAPI) {
	pi.registerTool({
		name: "greet",
		label: "Greet",
		description: "Greets someone",
		parameters: Type.Object({ who: Type.String() }),
		async execute(_toolCallId, params) {
			const text = truncateHead(\`Hello, \${params.who} (\${dep})\`).content;
			return { content: [{ type: "text", text }], details: {} };
		},
	});
}
`,
			"extensions/farewell.ts": `import type { ExtensionAPI } from "@mariozechner/pi-coding-agent";

export default function (pi: ExtensionAPI) {
	pi.registerCommand("farewell", { description: "Says goodbye", handler: async () => {} });
}
`,
		});
		Object.assign(sandbox.env, registry.env({}));
		const installed = await weft(["ext", "install", "npm:@pi-user/greeter@^1"]);
		expect(installed.code, installed.out).toBe(0);
		expect(installed.stdout).toContain("Installed @pi-user/greeter (@pi-user/greeter@1.2.0)");

		const listed = await weft(["ext", "list"]);
		expect(listed.stdout).toMatch(/@pi-user\/greeter\/farewell\s+loaded/);
		expect(listed.stdout).toMatch(/@pi-user\/greeter\/greet\s+loaded/);

		llm.push({ toolCalls: [{ name: "greet", args: { who: "pi" } }] }, { text: "Greeted." });
		const run = await weft(["-p", "--no-session", "greet pi"]);
		expect(run.code, run.out).toBe(0);
		expect(run.stdout).toBe("Greeted.\n");
		expect(JSON.stringify(llm.requests.at(-1)?.body.messages)).toContain("Hello, pi (from tiny-dep)");
	});
});
