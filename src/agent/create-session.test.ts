/** createAgentSession's options as the model sees them. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { Kernel } from "../kernel/kernel.js";
import { scriptedProvider } from "../testing/scripted-provider.js";
import { createAgentSession } from "./create-session.js";

const roots: string[] = [];
afterEach(() => {
	for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
});

describe("createAgentSession's systemPrompt", () => {
	it("replaces only the base prompt: context files, the appended prompt, date, cwd and APPEND_SYSTEM.md remain", async () => {
		const root = mkdtempSync(join(tmpdir(), "weft-create-session-"));
		roots.push(root);
		const home = join(root, "home");
		const cwd = join(root, "project");
		mkdirSync(home, { recursive: true });
		mkdirSync(join(cwd, ".weft"), { recursive: true });
		writeFileSync(join(home, "SYSTEM.md"), "USER BASE");
		writeFileSync(join(cwd, "AGENTS.md"), "Use tabs.");
		writeFileSync(join(home, "APPEND_SYSTEM.md"), "USER EXTRA");
		writeFileSync(join(cwd, ".weft", "APPEND_SYSTEM.md"), "PROJECT EXTRA");
		const provider = scriptedProvider([{ text: "ok" }]);
		const kernel = new Kernel();
		kernel.providers.register(provider.name, provider, "test-ext");

		const { session } = await createAgentSession({
			kernel,
			cwd,
			home,
			env: {},
			settings: {},
			session: { persist: false },
			provider: provider.name,
			systemPrompt: "CALLER BASE",
			appendSystemPrompt: "CALLER EXTRA",
		});
		await session.prompt("hi");

		const sent = provider.requests[0]?.systemPrompt ?? "";
		expect(sent.startsWith("CALLER BASE")).toBe(true);
		expect(sent).not.toContain("USER BASE");
		expect(sent).not.toContain("You are weft");
		expect(sent).toContain("Use tabs.");
		expect(sent).toContain("CALLER EXTRA");
		expect(sent).toMatch(/Current date: \d{4}-\d\d-\d\d/);
		expect(sent).toContain(`Current working directory: ${cwd}`);
		expect(sent.endsWith("USER EXTRA\n\nPROJECT EXTRA")).toBe(true);
	});
});
