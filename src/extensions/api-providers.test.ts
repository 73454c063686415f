/** unregisterProvider, resources_discover's reason and a command that clashes with a built-in, through a real host. */
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { Kernel } from "../kernel/kernel.js";
import { BUILTIN_OWNER } from "../kernel/owner.js";
import { ExtensionHost } from "./host.js";
import type { ExtensionAPI, ExtensionFactory } from "./types.js";

const roots: string[] = [];
afterEach(() => {
	for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
});

async function load(extensions: Record<string, ExtensionFactory>, kernel = new Kernel()) {
	const root = mkdtempSync(join(tmpdir(), "weft-api-providers-"));
	roots.push(root);
	mkdirSync(join(root, "home"));
	const host = new ExtensionHost({
		kernel,
		cwd: root,
		home: join(root, "home"),
		settings: {},
		mode: "test",
		watchdog: false,
		noExtensions: true,
		inline: Object.entries(extensions).map(([name, extension]) => ({ name, extension })),
	});
	await host.loadAll();
	return { host, kernel };
}

const PROVIDER = {
	api: "openai-completions" as const,
	baseUrl: "http://127.0.0.1:1/v1",
	models: [{ id: "m" }],
};

describe("unregisterProvider", () => {
	it("removes a provider the extension registered, ignores an unknown name, and refuses another's", async () => {
		let api: ExtensionAPI | undefined;
		const { kernel } = await load({
			owner: (weft) => {
				api = weft;
				weft.registerProvider("proxy", PROVIDER);
			},
			other: (weft) => weft.registerProvider("theirs", PROVIDER),
		});
		kernel.providers.register(
			"builtin-one",
			{ name: "builtin-one", models: [], stream: async function* () {} },
			BUILTIN_OWNER,
		);
		expect(kernel.providers.get("proxy")).toBeDefined();
		api!.unregisterProvider("proxy");
		expect(kernel.providers.get("proxy")).toBeUndefined();
		expect(() => api!.unregisterProvider("proxy")).not.toThrow();
		expect(() => api!.unregisterProvider("theirs")).toThrow(
			/registered by extension "other"; an extension can only remove providers it registered/,
		);
		expect(() => api!.unregisterProvider("builtin-one")).toThrow(/weft's own/);
		expect(kernel.providers.get("theirs")).toBeDefined();
	});
});

describe("resources_discover", () => {
	it("says startup after loading and reload after a reload", async () => {
		const reasons: string[] = [];
		const { host } = await load({
			probe: (weft) => void weft.on("resources_discover", (e) => void reasons.push(e.reason)),
		});
		await host.reload();
		expect(reasons).toEqual(["startup", "reload"]);
	});
});

describe("a command named like a built-in", () => {
	it("is not registered: the built-in keeps its name, and the extension is told it is weft's", async () => {
		const kernel = new Kernel();
		kernel.commands.register("quit", { description: "Exit", handler: () => {} }, BUILTIN_OWNER);
		const { host } = await load(
			{ shutdown: (weft) => weft.registerCommand("quit", { description: "Quit", handler: () => {} }) },
			kernel,
		);
		expect(kernel.commands.ownerOf("quit")).toBe(BUILTIN_OWNER);
		const [diagnostics] = host.diagnostics();
		expect(JSON.stringify(diagnostics)).toContain(
			`command \\"quit\\" is already registered by weft's built-in command`,
		);
	});
});
