/**
 * Both SDKs in real child processes under the extension host: the Python
 * one found through the PYTHONPATH weft gives its children, the JavaScript
 * one through WEFT_NODE_SDK (the built weft; `npm test` builds first). Also
 * runs the Python SDK's own unit tests. Python cases skip where python3 is
 * missing.
 */
import { spawnSync } from "node:child_process";
import { resolve } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { textOf } from "../../src/kernel/messages.js";
import type { UIPort } from "../../src/kernel/ui-port.js";
import { interactiveUI } from "../support/fake-ui.js";
import { HAS_PYTHON, makeSandbox, NO_PYTHON_REASON, type Sandbox, waitFor } from "./subprocess-fixtures.js";

let sb: Sandbox;
afterEach(async () => sb?.cleanup());

const PYTHON = `from weft_extension import Extension

ext = Extension("pysdk", version="1.0")

@ext.tool("count", "Counts to n", {"type": "object", "properties": {"n": {"type": "integer"}}, "required": ["n"]})
def count(args, call):
    for i in range(1, args["n"]):
        call.update(str(i))
    return " ".join(str(i) for i in range(1, args["n"] + 1))

@ext.command("deploy", "Asks first")
def deploy(args):
    if not ext.ui.confirm("Deploy?", args):
        return {"error": "not confirmed"}
    return "deployed " + args

@ext.intercept("tool_call")
def guard(event):
    if event["tool_name"] == "count" and event["tool_args"]["n"] > 5:
        return {"args": {"n": 5}}

@ext.on("turn_end")
def ended(event):
    ext.log("turn ended: " + event["payload"]["stopReason"])

ext.run()
`;

const NODE = `const { createSubprocessExtension } = await import(process.env.WEFT_NODE_SDK);
const ext = createSubprocessExtension({ name: "jssdk", version: "1.0" });
ext.tool({ name: "count", description: "Counts to n", schema: { type: "object", properties: { n: { type: "integer" } }, required: ["n"] } }, (args, call) => {
	for (let i = 1; i < args.n; i++) call.update(String(i));
	return Array.from({ length: args.n }, (_, i) => i + 1).join(" ");
});
ext.command("deploy", "Asks first", async (args) => ((await ext.ui.confirm("Deploy?", args)) ? "deployed " + args : { error: "not confirmed" }));
ext.intercept("tool_call", (event) => (event.tool_name === "count" && event.tool_args.n > 5 ? { args: { n: 5 } } : undefined));
ext.on("turn_end", (event) => ext.log("turn ended: " + event.payload.stopReason));
await ext.run();
`;

function confirmingUI(printed: string[], notes: string[]): UIPort {
	return interactiveUI({
		notify: (message) => notes.push(message),
		print: (block) => printed.push(block.text),
		confirm: async (_title, message) => message === "prod",
	});
}

interface SdkCase {
	sdk: string;
	name: string;
	files: Record<string, string>;
	manifest: Record<string, unknown>;
	skip: boolean;
}

const cases: SdkCase[] = [
	{
		sdk: "Python",
		name: "pysdk",
		files: { "main.py": PYTHON },
		manifest: { exec: "python3", args: ["main.py"] },
		skip: !HAS_PYTHON,
	},
	{
		sdk: "JavaScript",
		name: "jssdk",
		files: { "main.mjs": NODE },
		manifest: { exec: process.execPath, args: ["main.mjs"] },
		skip: false,
	},
];

for (const c of cases) {
	const test = c.skip ? it.skip : it;
	describe(`the ${c.sdk} SDK under the host${c.skip ? ` (skipped: ${NO_PYTHON_REASON})` : ""}`, () => {
		test("registers a tool that streams progress, an intercept that rewrites its arguments, and observes events", async () => {
			sb = makeSandbox();
			const dir = sb.folder(c.name, c.files, c.manifest);
			const { session, host } = await sb.session(
				[{ toolCalls: [{ name: "count", args: { n: 9 } }] }, { text: "counted" }],
				{ cliPaths: [dir] },
			);
			expect(host.list()[0]).toMatchObject({ status: "loaded" });
			expect(host.diagnostics()[0].subprocess?.protocol).toBe(2);
			const updates: unknown[] = [];
			session.subscribe((event) => {
				if (event.type === "tool_execution_update") updates.push(event.partial);
			});
			await session.prompt("count");
			const result = session.messages.find((m) => m.role === "toolResult")!;
			expect(textOf(result.content)).toBe("1 2 3 4 5");
			expect(updates).toHaveLength(4);
			await waitFor(() => sb.log(c.name).includes("turn ended: end"), "the log line from turn_end");
		});

		test("asks the user through a dialog and reports the answer", async () => {
			sb = makeSandbox();
			const dir = sb.folder(c.name, c.files, c.manifest);
			const printed: string[] = [];
			const notes: string[] = [];
			const { host, kernel } = sb.host({ cliPaths: [dir], ui: confirmingUI(printed, notes) });
			await host.loadAll();
			await kernel.commands.get("deploy")!.handler("prod", { cwd: sb.cwd });
			await kernel.commands.get("deploy")!.handler("staging", { cwd: sb.cwd });
			expect(printed).toEqual(["deployed prod"]);
			expect(notes).toEqual(["[" + c.name + "] /deploy: not confirmed"]);
		});
	});
}

describe("the Python SDK's own tests", () => {
	(HAS_PYTHON ? it : it.skip)(`pass${HAS_PYTHON ? "" : ` (skipped: ${NO_PYTHON_REASON})`}`, () => {
		const run = spawnSync("python3", ["-m", "unittest", "discover", "-s", resolve("sdk/python")], {
			encoding: "utf8",
		});
		expect(run.stderr).toMatch(/Ran \d+ tests/);
		expect(run.status, run.stderr).toBe(0);
	});
});
