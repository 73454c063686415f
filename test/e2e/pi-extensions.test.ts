/**
 * Extensions written for pi (importing pi's packages, using pi's API shape)
 * run through the real binary against the mock LLM: a tool-call guard in
 * print mode, a custom tool whose state comes back from the session, an
 * input transform, and a command whose dialog is answered in the terminal
 * UI (tmux).
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
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

/** Writes a pi extension (outside the project) and returns its path. */
const piExtension = (name: string, source: string): string =>
	sandbox.write(join(sandbox.home, "..", "pi-exts", `${name}.ts`), source);

const toolResultsSent = (request: number): string[] =>
	llm.requests[request].body.messages
		.filter((m: { role: string }) => m.role === "tool")
		.map((m: { content: unknown }) =>
			typeof m.content === "string" ? m.content : JSON.stringify(m.content),
		);

const GUARD = `import type { ExtensionAPI } from "@mariozechner/pi-coding-agent";

export default function (pi: ExtensionAPI) {
	const protectedPaths = [".env", ".git/"];
	pi.on("tool_call", async (event, ctx) => {
		if (event.toolName !== "write" && event.toolName !== "edit") return undefined;
		const path = event.input.path as string;
		if (protectedPaths.some((p) => path.includes(p))) {
			if (ctx.hasUI) ctx.ui.notify("Blocked write to " + path, "warning");
			return { block: true, reason: \`Path "\${path}" is protected\` };
		}
		return undefined;
	});
}
`;

describe("a pi tool-call guard", () => {
	it("blocks a write to .env in print mode and lets other writes through", async () => {
		const guard = piExtension("protected-paths", GUARD);
		llm.push(
			{
				toolCalls: [
					{ name: "write", args: { path: ".env", content: "SECRET=1\n" } },
					{ name: "write", args: { path: "notes.txt", content: "fine\n" } },
				],
			},
			{ text: "done" },
		);
		const result = await runWeft(sandbox, ["-p", "--no-session", "-e", guard, "write the files"]);
		expect(result.stderr).toBe("");
		expect(result.code).toBe(0);
		expect(result.stdout).toBe("done\n");
		expect(existsSync(join(sandbox.cwd, ".env"))).toBe(false);
		expect(existsSync(join(sandbox.cwd, "notes.txt"))).toBe(true);
		const [blocked, written] = toolResultsSent(1);
		expect(blocked).toContain('Path ".env" is protected');
		expect(written).not.toContain("protected");
	});
});

const TODO = `import type { ExtensionAPI } from "@mariozechner/pi-coding-agent";
import { StringEnum } from "@mariozechner/pi-ai";
import { Type } from "typebox";

export default function (pi: ExtensionAPI) {
	let items: string[] = [];
	pi.on("session_start", async (_event, ctx) => {
		items = [];
		for (const entry of ctx.sessionManager.getBranch()) {
			if (entry.type === "message" && entry.message.role === "toolResult" && entry.message.toolName === "todo") {
				items = entry.message.details?.items ?? items;
			}
		}
	});
	pi.registerTool({
		name: "todo",
		label: "Todo",
		description: "Keep a todo list",
		parameters: Type.Object({
			action: StringEnum(["add", "list"] as const),
			text: Type.Optional(Type.String()),
		}),
		async execute(toolCallId, params, signal, onUpdate, ctx) {
			onUpdate?.({ content: [{ type: "text", text: "working" }] });
			if (params.action === "add" && params.text) items.push(params.text);
			const text = \`\${toolCallId.length > 0 ? "" : "no id "}items: \${items.join(", ") || "(none)"} in \${ctx.cwd === process.cwd() ? "cwd" : ctx.cwd}\`;
			return { content: [{ type: "text", text }], details: { items: [...items] } };
		},
	});
}
`;

describe("a pi custom tool", () => {
	it("is called by the model with pi's execute signature, its result reaches the next request, and its state comes back from the session", async () => {
		const todo = piExtension("todo", TODO);
		llm.push({ toolCalls: [{ name: "todo", args: { action: "add", text: "buy milk" } }] }, { text: "added" });
		const first = await runWeft(sandbox, ["-p", "-e", todo, "add milk"]);
		expect(first.stderr).toBe("");
		expect(first.stdout).toBe("added\n");
		const schema = llm.requests[0].body.tools.find(
			(t: { function: { name: string } }) => t.function.name === "todo",
		);
		expect(schema.function.parameters.properties.action).toEqual({ type: "string", enum: ["add", "list"] });
		expect(toolResultsSent(1)).toEqual(["items: buy milk in cwd"]);

		// A new process continuing the session: the tool's state is rebuilt from its last result's details.
		llm.push({ toolCalls: [{ name: "todo", args: { action: "list" } }] }, { text: "listed" });
		const second = await runWeft(sandbox, ["-p", "-c", "-e", todo, "what is on the list?"]);
		expect(second.stderr).toBe("");
		expect(second.stdout).toBe("listed\n");
		expect(toolResultsSent(3).at(-1)).toBe("items: buy milk in cwd");
	});
});

const READ_OVERRIDE = `import type { ExtensionAPI } from "@mariozechner/pi-coding-agent";
import { createReadTool } from "@mariozechner/pi-coding-agent";

export default function (pi: ExtensionAPI) {
	const local = createReadTool(process.cwd());
	pi.registerTool({
		...local,
		async execute(id, params, signal, onUpdate) {
			if (String(params.path).includes("secret")) throw new Error("reading secrets is not allowed");
			const result = await local.execute(id, params, signal, onUpdate);
			return { ...result, content: [{ type: "text", text: "[logged] " + result.content[0].text }] };
		},
	});
}
`;

describe("a pi extension replacing a built-in tool", () => {
	it("runs in the built-in's place, wrapping weft's own read, and its thrown error is the result", async () => {
		writeFileSync(join(sandbox.cwd, "notes.txt"), "plain notes\n");
		const override = piExtension("read-override", READ_OVERRIDE);
		llm.push(
			{
				toolCalls: [
					{ name: "read", args: { path: "notes.txt" } },
					{ name: "read", args: { path: "secret.txt" } },
				],
			},
			{ text: "read" },
		);
		const result = await runWeft(sandbox, ["-p", "--no-session", "-e", override, "read them"]);
		expect(result.stderr).toBe("");
		expect(result.stdout).toBe("read\n");
		const [notes, secret] = toolResultsSent(1);
		expect(notes).toMatch(/^\[logged\] .*plain notes/s);
		expect(secret).toContain("reading secrets is not allowed");
	});
});

const TRANSFORM = `import type { ExtensionAPI } from "@mariozechner/pi-coding-agent";

export default function (pi: ExtensionAPI) {
	pi.on("input", async (event) => {
		if (event.text.startsWith("?quick ")) return { action: "transform", text: \`Respond briefly: \${event.text.slice(7)}\` };
		if (event.text === "ping") return { action: "handled" };
		return { action: "continue" };
	});
}
`;

describe("a pi input transform", () => {
	it("rewrites the prompt the model receives, and a handled input never reaches the model", async () => {
		const transform = piExtension("input-transform", TRANSFORM);
		llm.push({ text: "brief" });
		const result = await runWeft(sandbox, ["-p", "--no-session", "-e", transform, "?quick what is 2+2"]);
		expect(result.stdout).toBe("brief\n");
		const user = llm.requests[0].body.messages.filter((m: { role: string }) => m.role === "user").at(-1);
		expect(JSON.stringify(user.content)).toContain("Respond briefly: what is 2+2");

		const handled = await runWeft(sandbox, ["-p", "--no-session", "-e", transform, "ping"]);
		expect(handled.code).toBe(0);
		expect(llm.requests).toHaveLength(1);
	});
});

const ASK = `import type { ExtensionAPI } from "@mariozechner/pi-coding-agent";
import { complete } from "@mariozechner/pi-ai";

export default function (pi: ExtensionAPI) {
	// An event of a newer pi than weft knows.
	pi.on("agent_idle" as never, () => undefined);
	pi.on("agent_idle" as never, () => undefined);
	pi.registerCommand("ask", {
		description: "Ask the model on the side",
		handler: async (args, ctx) => {
			const auth = await ctx.modelRegistry.getApiKeyAndHeaders(ctx.model!);
			if (!auth.ok || !auth.apiKey) throw new Error("no key");
			const response = await complete(
				ctx.model!,
				{ systemPrompt: "You answer side questions.", messages: [{ role: "user", content: [{ type: "text", text: args }], timestamp: Date.now() }] },
				{ apiKey: auth.apiKey },
			);
			const text = response.content.filter((c) => c.type === "text").map((c) => c.text).join("");
			ctx.ui.notify(\`\${response.stopReason}: \${text}\`, "info");
		},
	});
}
`;

describe("pi-ai's complete() and pi events weft lacks", () => {
	it("calls weft's configured provider, and an unsupported event is reported once by name", async () => {
		const ask = piExtension("ask", ASK);
		llm.push({ text: "forty-two" });
		const result = await runWeft(sandbox, ["-p", "--no-session", "-e", ask, "/ask what is the answer?"]);
		expect(result.code).toBe(0);
		expect(llm.requests).toHaveLength(1);
		expect(JSON.stringify(llm.requests[0].body.messages)).toContain("You answer side questions.");
		expect(JSON.stringify(llm.requests[0].body.messages)).toContain("what is the answer?");
		expect(result.stderr).toContain("stop: forty-two");
		const warnings = result.stderr.split("\n").filter((line) => line.includes('"agent_idle"'));
		expect(warnings).toHaveLength(1);
		expect(warnings[0]).toContain(
			'pi extension "ask" uses the "agent_idle" event, which weft does not support',
		);
	});
});

const DEPLOY = `import type { ExtensionAPI } from "@mariozechner/pi-coding-agent";

export default function (pi: ExtensionAPI) {
	pi.registerCommand("deploy", {
		description: "Deploy somewhere",
		handler: async (_args, ctx) => {
			const target = await ctx.ui.select("Deploy where?", ["staging", "production"]);
			if (!target) return;
			const sure = await ctx.ui.confirm("Really?", \`Deploy to \${target}?\`);
			ctx.ui.notify(sure ? \`Deploying to \${target}\` : "Deploy cancelled", "info");
		},
	});
}
`;

const PICKER = `import type { ExtensionAPI } from "@mariozechner/pi-coding-agent";
import { Key, matchesKey, truncateToWidth } from "@mariozechner/pi-tui";

export default function (pi: ExtensionAPI) {
	pi.registerCommand("pick", {
		description: "Pick a number",
		handler: async (_args, ctx) => {
			const picked = await ctx.ui.custom<number | undefined>((tui, theme, _kb, done) => {
				let n = 1;
				return {
					render: (width) => [truncateToWidth(theme.bold(\`Number: \${n}\`), width), "up/down, enter"],
					handleInput(data) {
						if (matchesKey(data, Key.up)) n++;
						else if (matchesKey(data, Key.down)) n--;
						else if (matchesKey(data, Key.enter)) done(n);
						else if (matchesKey(data, Key.escape)) done(undefined);
						tui.requestRender();
					},
					invalidate() {},
				};
			});
			ctx.ui.notify(\`picked \${picked}\`, "info");
		},
	});
}
`;

const missing = tmuxMissingReason();

describe.skipIf(missing !== undefined)(
	`a pi command with dialogs in the terminal UI${missing ? ` (skipped: ${missing})` : ""}`,
	() => {
		let tmux: TmuxSession | undefined;
		afterEach(async () => {
			await tmux?.kill();
			tmux = undefined;
		});

		it("shows pi's select and confirm as weft dialogs and acts on the answers", async () => {
			const deploy = piExtension("deploy", DEPLOY);
			tmux = await TmuxSession.start({
				command: `'${process.execPath}' '${WEFT_BIN}' --no-session -e '${deploy}'; sleep 30`,
				cwd: sandbox.cwd,
				env: sandbox.env,
			});
			await tmux.waitFor("Ask anything");
			await tmux.sendText("/deploy");
			await tmux.waitFor("> /deploy");
			await tmux.sendKeys("Enter");
			await tmux.waitFor("Deploy where?");
			await tmux.sendKeys("Down");
			await tmux.sendKeys("Enter");
			await tmux.waitFor("Deploy to production?");
			await tmux.sendKeys("y");
			await tmux.waitFor("Deploying to production");
			expect(llm.requests).toHaveLength(0);
		});

		it("ctx.shutdown() from a tool exits the way /quit does, once the answer is done", async () => {
			const exiter = piExtension(
				"exiter",
				`import type { ExtensionAPI } from "@mariozechner/pi-coding-agent";
import { Type } from "typebox";

export default function (pi: ExtensionAPI) {
	pi.on("session_shutdown", async () => {
		await import("node:fs").then((fs) => fs.writeFileSync("shutdown.txt", "clean"));
	});
	pi.registerTool({
		name: "finish",
		label: "Finish",
		description: "Finish and exit",
		parameters: Type.Object({}),
		async execute(_id, _params, _signal, _onUpdate, ctx) {
			ctx.shutdown();
			return { content: [{ type: "text", text: "exiting after this answer" }] };
		},
	});
}
`,
			);
			llm.push({ toolCalls: [{ name: "finish", args: {} }] }, { text: "Goodbye." });
			tmux = await TmuxSession.start({
				command: `'${process.execPath}' '${WEFT_BIN}' --no-session -e '${exiter}'; echo "EXIT:$?"; sleep 30`,
				cwd: sandbox.cwd,
				env: sandbox.env,
			});
			await tmux.waitFor("Ask anything");
			await tmux.sendText("wrap up");
			await tmux.waitFor("> wrap up");
			await tmux.sendKeys("Enter");
			const screen = await tmux.waitFor("EXIT:");
			expect(screen).toContain("Goodbye.");
			expect(screen).toContain("EXIT:0");
			expect(readFileSync(join(sandbox.cwd, "shutdown.txt"), "utf8")).toBe("clean");
		});

		it("draws a custom() component as an overlay, feeds it keys, and resolves with what it returns", async () => {
			const picker = piExtension("picker", PICKER);
			tmux = await TmuxSession.start({
				command: `'${process.execPath}' '${WEFT_BIN}' --no-session -e '${picker}'; sleep 30`,
				cwd: sandbox.cwd,
				env: sandbox.env,
			});
			await tmux.waitFor("Ask anything");
			await tmux.sendText("/pick");
			await tmux.waitFor("> /pick");
			await tmux.sendKeys("Enter");
			await tmux.waitFor("Number: 1");
			await tmux.sendKeys("Up");
			await tmux.sendKeys("Up");
			await tmux.waitFor("Number: 3");
			await tmux.sendKeys("Enter");
			await tmux.waitFor("picked 3");
			expect(await tmux.capture()).not.toContain("Number: 3");
		});
	},
);
