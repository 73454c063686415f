import { afterEach, describe, expect, it } from "vitest";
import { type ExtensionRun, runExtensions } from "weft/testing";
import { protectingRule } from "./index.js";

const runs: ExtensionRun[] = [];
afterEach(async () => {
	for (const run of runs.splice(0)) await run.dispose();
});

/** Loads the example by its folder, as `weft -e examples/extensions/protected-paths` does. */
async function start(flags: Record<string, string> = {}) {
	const run = await runExtensions({
		extensions: [new URL(".", import.meta.url)],
		files: { ".env": "API_KEY=old", ".git/config": "[core]", "src/app.ts": "old" },
		flags,
	});
	runs.push(run);
	return run;
}

describe("protected-paths", () => {
	it("blocks the model writing .env and editing inside .git/, and the files stay as they were", async () => {
		const run = await start();
		run.script(
			{
				toolCalls: [
					{ name: "write", args: { path: ".env", content: "API_KEY=new" } },
					{ name: "edit", args: { path: ".git/config", oldText: "[core]", newText: "[x]" } },
				],
			},
			{ text: "I could not change those." },
		);
		await run.prompt("rotate the key");
		expect(run.blockedCalls.map((c) => [c.name, c.by, c.reason])).toEqual([
			[
				"write",
				"protected-paths",
				'.env is protected (rule ".env"); do not change it — tell the user what to change instead',
			],
			[
				"edit",
				"protected-paths",
				'.git/config is protected (rule ".git/"); do not change it — tell the user what to change instead',
			],
		]);
		expect(run.readFile(".env")).toBe("API_KEY=old");
		expect(run.readFile(".git/config")).toBe("[core]");
	});

	it("lets writes elsewhere through", async () => {
		const run = await start();
		const result = await run.runTool("write", { path: "src/app.ts", content: "new" });
		expect(result.isError).toBe(false);
		expect(run.readFile("src/app.ts")).toBe("new");
	});

	it("sees through paths that only look elsewhere", async () => {
		const run = await start();
		for (const path of ["src/../.env", `${run.cwd}/.env.local`, "packages/a/node_modules/x/index.js"]) {
			const result = await run.runTool("write", { path, content: "x" });
			expect(result.isError, path).toBe(true);
		}
		expect(run.blockedCalls).toHaveLength(3);
	});

	it("protects the names and paths given with --protect", async () => {
		const run = await start({ protect: "dist, config/prod.json" });
		expect((await run.runTool("write", { path: "dist/app.js", content: "x" })).isError).toBe(true);
		expect((await run.runTool("write", { path: "config/prod.json", content: "{}" })).isError).toBe(true);
		expect((await run.runTool("write", { path: "config/dev.json", content: "{}" })).isError).toBe(false);
		expect(run.blockedCalls.map((c) => c.args.path)).toEqual(["dist/app.js", "config/prod.json"]);
	});

	it("matches names anywhere and paths from the project root", () => {
		const rules = [".env", ".env.*", ".git/", "node_modules/", "config/prod.json"];
		expect(protectingRule("apps/web/.env", rules)).toBe(".env");
		expect(protectingRule(".env.production", rules)).toBe(".env.*");
		expect(protectingRule("node_modules/x/a.js", rules)).toBe("node_modules/");
		expect(protectingRule("config/prod.json", rules)).toBe("config/prod.json");
		expect(protectingRule("other/config/prod.json", rules)).toBeUndefined();
		expect(protectingRule("src/environment.ts", rules)).toBeUndefined();
		expect(protectingRule(".envrc", rules)).toBeUndefined();
	});
});
