/**
 * This session's extension features through both SDKs in real child
 * processes under the extension host (protocol v2): a tool result with
 * `terminate` ends the run without another model call, `set_label` /
 * `get_label` label a session entry, and a `resources_discover` intercept
 * adds a skill folder that the first-party skills extension then offers
 * (loaded for it, as no skill folder of the user's exists). Python cases
 * skip where python3 is missing.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { labelsOf } from "../../src/agent/session-labels.js";
import { interactiveUI } from "../support/fake-ui.js";
import { HAS_PYTHON, makeSandbox, NO_PYTHON_REASON, type Sandbox } from "./subprocess-fixtures.js";

let sb: Sandbox;
afterEach(async () => sb?.cleanup());

const SKILL = "---\nname: tidy\ndescription: Tidies the imports\n---\nSort the imports.\n";

const PYTHON = `import os
from weft_extension import Extension

ext = Extension("pyfeat", version="1.0")

@ext.tool("final", "Answers and ends the run")
def final(args, call):
    return {"content": "the answer", "terminate": True}

@ext.command("mark", "Labels an entry")
def mark(args):
    ext.set_label(args, "checkpoint")
    try:
        ext.set_label("no-such-entry", "x")
    except RuntimeError as error:
        ext.log("refused: " + str(error))
    return "label: %s" % ext.get_label(args)

@ext.intercept("resources_discover")
def resources(event):
    return {"result": {"skillPaths": [os.path.join(ext.host["extension_dir"], "skills", "tidy")]}}

ext.run()
`;

const NODE = `import { join } from "node:path";
const { createSubprocessExtension } = await import(process.env.WEFT_NODE_SDK);
const ext = createSubprocessExtension({ name: "jsfeat", version: "1.0" });
ext.tool({ name: "final", description: "Answers and ends the run" }, () => ({ content: "the answer", terminate: true }));
ext.command("mark", "Labels an entry", async (args) => {
	await ext.setLabel(args, "checkpoint");
	await ext.setLabel("no-such-entry", "x").catch((error) => ext.log("refused: " + error.message));
	return "label: " + (await ext.getLabel(args));
});
ext.intercept("resources_discover", () => ({ result: { skillPaths: [join(ext.host.extensionDir, "skills", "tidy")] } }));
await ext.run();
`;

const cases = [
	{ sdk: "Python", name: "pyfeat", file: "main.py", text: PYTHON, exec: "python3", skip: !HAS_PYTHON },
	{ sdk: "JavaScript", name: "jsfeat", file: "main.mjs", text: NODE, exec: process.execPath, skip: false },
];

for (const c of cases) {
	const test = c.skip ? it.skip : it;
	describe(`the ${c.sdk} SDK's session features${c.skip ? ` (skipped: ${NO_PYTHON_REASON})` : ""}`, () => {
		test("a terminating tool result ends the run: no second model call", async () => {
			sb = makeSandbox();
			const dir = sb.folder(c.name, { [c.file]: c.text }, { exec: c.exec, args: [c.file] });
			// A second turn would be the model asked again; it stays unplayed.
			const { session } = await sb.session(
				[{ toolCalls: [{ name: "final", args: {} }] }, { text: "never asked" }],
				{ cliPaths: [dir] },
			);
			await session.prompt("answer");
			expect(session.messages.map((m) => m.role)).toEqual(["user", "assistant", "toolResult"]);
			const result = session.messages.at(-1);
			expect(result?.role === "toolResult" && result.terminate).toBe(true);
		});

		test("labels a session entry and reads the label back; an unknown entry is refused with weft's reason", async () => {
			sb = makeSandbox();
			const dir = sb.folder(c.name, { [c.file]: c.text }, { exec: c.exec, args: [c.file] });
			const printed: string[] = [];
			const ui = interactiveUI({ print: (block) => printed.push(block.text) });
			const { session, kernel } = await sb.session([{ text: "hello" }], { cliPaths: [dir], ui });
			await session.prompt("hi");
			const first = session.store.entries.find((e) => e.type === "message")!;
			await kernel.commands.get("mark")!.handler(first.id, { cwd: sb.cwd });
			expect(printed).toEqual(["label: checkpoint"]);
			expect(labelsOf(session.store.entries).get(first.id)).toBe("checkpoint");
			expect(sb.log(c.name)).toContain('refused: cannot label entry "no-such-entry"');
		});

		test("a resources_discover intercept's skill folder is offered as /skill:tidy", async () => {
			sb = makeSandbox();
			const dir = sb.folder(c.name, { [c.file]: c.text }, { exec: c.exec, args: [c.file] });
			mkdirSync(join(dir, "skills", "tidy"), { recursive: true });
			writeFileSync(join(dir, "skills", "tidy", "SKILL.md"), SKILL);
			const { host, kernel } = await sb.session([], { cliPaths: [dir] });
			expect(host.list().find((r) => r.name === "skills")).toMatchObject({ status: "loaded" });
			expect(kernel.commands.get("skill:tidy")?.description).toBe("Tidies the imports");
		});
	});
}
