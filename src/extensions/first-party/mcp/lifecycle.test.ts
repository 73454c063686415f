/**
 * The MCP extension under the embeddable host (createWeft): a stdio server
 * started at load, stopped without a crash report by `/reload` (which
 * starts it afresh) and by shutdown.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterEach, beforeEach, expect, it } from "vitest";
import { mockProviderSettings, waitFor } from "../../../../test/support/weft-cli.js";
import { createWeft } from "../../../modes/sdk/create-weft.js";
import { NonInteractiveUI } from "../../non-interactive-ui.js";

const SERVER = resolve(import.meta.dirname, "../../../../test/support/mcp-server.mjs");
let root: string;

beforeEach(() => {
	root = mkdtempSync(join(tmpdir(), "weft-mcp-"));
	mkdirSync(join(root, "home"));
	mkdirSync(join(root, "project"));
	writeFileSync(
		join(root, "home", "settings.json"),
		JSON.stringify({
			// A session needs a model; no request is made.
			...mockProviderSettings("http://127.0.0.1:9", "openai-completions"),
			mcpServers: { demo: { command: process.execPath, args: [SERVER] } },
		}),
	);
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

it("restarts its servers on reload and stops them at shutdown, reporting no crash", async () => {
	const ui = new NonInteractiveUI();
	const weft = await createWeft({ cwd: join(root, "project"), home: join(root, "home"), env: {}, ui });
	const pids = () => weft.extensions.diagnostics().find((d) => d.name === "mcp")?.jobs ?? 0;
	await waitFor(() => weft.kernel.tools.has("mcp__demo__echo"), 20_000);
	expect(pids()).toBe(1);

	await weft.extensions.reload();
	await waitFor(() => weft.kernel.tools.has("mcp__demo__echo"), 20_000);
	expect(pids()).toBe(1);

	const session = await weft.sessions.create();
	const result = await session.runTool({
		id: "t1",
		name: "mcp__demo__echo",
		args: { text: "after reload" },
		source: "user",
	});
	expect(result).toMatchObject({
		isError: false,
		content: [{ type: "text", text: "echo: after reload (env -)" }],
	});

	await weft.shutdown();
	expect(ui.notifications.filter((n) => n.extension === "mcp")).toEqual([]);
}, 60_000);
