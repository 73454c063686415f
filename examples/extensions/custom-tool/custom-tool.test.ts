import { afterEach, describe, expect, it } from "vitest";
import type { ExtensionAPI } from "weft";
import { type ExtensionRun, runExtensions } from "weft/testing";
import { FindTodosParameters } from "./index.js";

const runs: ExtensionRun[] = [];
afterEach(async () => {
	for (const run of runs.splice(0)) await run.dispose();
});

const FILES = {
	"src/a.ts": "const a = 1; // TODO: name this better\n",
	"src/b.ts": "// FIXME handle errors\nexport {};\n// HACK: not a default tag\n",
	"src/c.ts": "export const c = 3;\n",
	"node_modules/x/index.js": "// TODO: not ours\n",
};

async function callTool(args: Record<string, unknown>, extra: Array<(weft: ExtensionAPI) => void> = []) {
	const run = await runExtensions({
		// Loaded by path, as weft loads it: `import { Type } from "weft"` resolves to the running weft.
		extensions: [new URL(".", import.meta.url), ...extra],
		files: FILES,
		script: [{ toolCalls: [{ name: "find_todos", args }] }, { text: "done" }],
		prompt: "find the todos",
	});
	runs.push(run);
	return run;
}

describe("custom-tool (find_todos)", () => {
	it("lists TODO and FIXME comments with file and line, skipping node_modules", async () => {
		const run = await callTool({});
		expect(run.toolCalls[0].result).toMatchObject({
			isError: false,
			text: "src/a.ts:1: TODO name this better\nsrc/b.ts:1: FIXME handle errors",
			details: { scanned: 3 },
		});
		expect(run.requests[0].tools.find((t) => t.name === "find_todos")?.parameters).toMatchObject({
			type: "object",
			properties: { maxResults: { type: "integer", minimum: 1 } },
		});
	});

	it("streams its progress while it scans", async () => {
		const run = await callTool({ tags: ["HACK"] });
		const updates = run
			.eventsOf("tool_execution_update")
			.map((e) => (e.partial as Array<{ text: string }>)[0].text);
		expect(updates).toEqual([
			"scanned 1/3 files, 0 found",
			"scanned 2/3 files, 1 found",
			"scanned 3/3 files, 1 found",
		]);
		expect(run.toolCalls[0].result.text).toBe("src/b.ts:3: HACK not a default tag");
	});

	it("never runs with arguments its schema rejects; the model is told what is wrong", async () => {
		const run = await callTool({ maxResults: 0 });
		expect(run.eventsOf("tool_execution_start")).toEqual([]);
		expect(run.toolCalls[0].result.isError).toBe(true);
		expect(run.toolCalls[0].result.text).toContain("maxResults");
	});

	it("stops scanning when the run is aborted", async () => {
		const abortOnFirstUpdate = (weft: ExtensionAPI) => {
			weft.on("tool_execution_update", (_event, ctx) => ctx.abort());
		};
		const run = await callTool({}, [abortOnFirstUpdate]);
		expect(run.result?.reason).toBe("aborted");
		expect(run.toolCalls[0].result).toMatchObject({
			isError: true,
			text: "Aborted: stopped after scanning 1 of 3 files",
		});
		expect(run.requests).toHaveLength(1);
	});

	it("exports a TypeBox schema, which is plain JSON Schema", () => {
		expect(JSON.parse(JSON.stringify(FindTodosParameters))).toMatchObject({
			type: "object",
			properties: { path: { type: "string" }, tags: { type: "array", minItems: 1 } },
		});
	});
});
