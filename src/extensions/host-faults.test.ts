/**
 * A misbehaving in-process extension costs only itself: faults traced to it,
 * a load that never finishes, a handler that never answers (the circuit
 * breaker), a flood of notifications.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { Settings } from "../ai/settings.js";
import { Kernel } from "../kernel/kernel.js";
import { extensionLogFile } from "./extension-log.js";
import { ExtensionHost } from "./host.js";
import { NonInteractiveUI } from "./non-interactive-ui.js";
import { attributeFault } from "./process-guard.js";

const roots: string[] = [];
const hosts: ExtensionHost[] = [];
afterEach(async () => {
	for (const host of hosts.splice(0)) await host.unloadAll();
	for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
});

function setup(files: Record<string, string>, settings: Settings = {}) {
	const root = mkdtempSync(join(tmpdir(), "weft-host-faults-"));
	roots.push(root);
	const home = join(root, "home");
	const paths = Object.entries(files).map(([rel, text]) => {
		const file = join(root, rel);
		mkdirSync(join(file, ".."), { recursive: true });
		writeFileSync(file, text);
		return file;
	});
	mkdirSync(home, { recursive: true });
	const ui = new NonInteractiveUI();
	const host = new ExtensionHost({
		kernel: new Kernel(),
		cwd: root,
		home,
		settings,
		mode: "test",
		ui,
		watchdog: false,
		cliPaths: paths,
	});
	hosts.push(host);
	const notes = (extension: string) => ui.notifications.filter((n) => n.extension === extension);
	return { host, ui, kernel: host.kernel, home, paths, notes };
}

/** Polls for a condition, failing after a generous 20 s. */
async function until(condition: () => boolean): Promise<void> {
	for (let waited = 0; !condition(); waited += 10) {
		if (waited > 20_000) throw new Error("condition not met within 20 s");
		await new Promise((resolve) => setTimeout(resolve, 10));
	}
}

const toolCall = { id: "1", name: "bash", args: {}, source: "model" as const };

describe("a fault outside any call weft made", () => {
	it("traced by async context is counted, logged with its stack, and shown once", async () => {
		// The extension's plain setTimeout calls back here; the guard would be called the same way by Node.
		const fired = new Promise<void>((resolve) => {
			(globalThis as Record<string, unknown>).__weftTestFault = (message: string) => {
				attributeFault(new Error(message), "uncaught exception");
				if (message === "boom 2") resolve();
			};
		});
		const { host, notes, home } = setup({
			"ext/timer.ts": `export default () => {
				setTimeout(() => (globalThis as any).__weftTestFault("boom 1"), 1);
				setTimeout(() => (globalThis as any).__weftTestFault("boom 2"), 5);
			};`,
		});
		await host.loadAll();
		await fired;

		const [d] = host.diagnostics();
		expect(d.faults).toEqual({ uncaughtExceptions: 2, unhandledRejections: 0 });
		expect(d.status).toBe("loaded");
		expect(notes("timer")).toEqual([
			{
				extension: "timer",
				level: "error",
				message:
					'uncaught exception in its code: boom 1 (weft keeps running; the stack is in "weft ext logs timer")',
			},
		]);
		await host.unloadAll();
		expect(readFileSync(extensionLogFile(home, "timer"), "utf8")).toMatch(
			/uncaught exception: boom 2\nError: boom 2\n/,
		);
	});

	it("traced by stack through the extension's file is that extension's", async () => {
		const { host, paths } = setup({ "ext/stacked.ts": "export default () => {};" });
		await host.loadAll();
		const error = new Error("from a microtask");
		error.stack = `Error: from a microtask\n    at ${paths[0]}:3:31\n    at node:internal/process/task_queues:140:7`;

		expect(host.claimFault(error, "unhandled rejection")).toBe(true);
		expect(host.claimFault(new Error("not here"), "unhandled rejection")).toBe(false);
		expect(host.diagnostics()[0].faults.unhandledRejections).toBe(1);
	});
});

describe("loading under a deadline", () => {
	it("fails an extension whose top-level await never settles, naming the limit and the setting, and loads the rest", async () => {
		const { host } = setup(
			{
				"ext/hangs.ts": "await new Promise(() => {});\nexport default () => {};\n",
				"ext/fine.ts": `export default (weft: any) => weft.registerCommand("fine", { handler() {} });`,
			},
			{ extensionOptions: { hangs: { loadTimeoutMs: 300 } } },
		);

		const records = await host.loadAll();

		expect(records.map((r) => [r.name, r.status])).toEqual([
			["hangs", "failed"],
			["fine", "loaded"],
		]);
		expect(records[0].reason).toBe(
			'did not finish loading (import, factory and top-level await) within 300 ms; if it needs longer, raise extensionOptions."hangs".loadTimeoutMs in settings',
		);
		expect(host.kernel.commands.has("fine")).toBe(true);
	});

	it("runs no factory whose import finished after the deadline", async () => {
		const flags = globalThis as Record<string, unknown>;
		flags.__weftLateRelease = undefined;
		flags.__weftLateImported = false;
		const { host, kernel } = setup(
			{
				"ext/late.ts": `await new Promise((resolve) => ((globalThis as any).__weftLateRelease = resolve));
				(globalThis as any).__weftLateImported = true;
				export default (weft: any) => weft.registerCommand("late", { handler() {} });`,
			},
			{ extensionOptions: { late: { loadTimeoutMs: 100 } } },
		);

		const [record] = await host.loadAll();
		await until(() => typeof flags.__weftLateRelease === "function");
		(flags.__weftLateRelease as () => void)();
		await until(() => flags.__weftLateImported === true);
		await new Promise((resolve) => setImmediate(resolve));

		expect(record.status).toBe("failed");
		expect(kernel.commands.has("late")).toBe(false);
	});
});

describe("the circuit breaker", () => {
	const hung = `export default (weft: any) => weft.on("tool_call", () => {
		weft.log("called");
		return new Promise(() => {});
	});`;

	it("suspends a handler that keeps missing its deadline, says so once, and blocks at once after that", async () => {
		const { host, kernel, notes } = setup(
			{ "ext/hung.ts": hung },
			{ extensionOptions: { hung: { deadlineMs: 50, breakAfter: 2 } } },
		);
		await host.loadAll();

		for (let i = 0; i < 2; i++) await kernel.bus.emit("tool_call", toolCall);
		const after = await kernel.bus.emit("tool_call", toolCall);

		const [d] = host.diagnostics();
		expect(d.log.filter((l) => l.message === "called")).toHaveLength(2);
		expect(d.status).toBe("suspended");
		expect(d.suspended).toBe("its handlers missed their 50 ms deadline 2 times in a row");
		expect(after.terminal).toMatchObject({
			block: true,
			reason: expect.stringContaining(
				'the extension "hung" failed while checking this call: it is suspended',
			),
		});
		expect(notes("hung").filter((n) => n.message.startsWith("suspended for this session"))).toHaveLength(1);
	});

	it("is reset by /reload: the extension runs again", async () => {
		const { host, kernel } = setup(
			{ "ext/hung.ts": hung },
			{ extensionOptions: { hung: { deadlineMs: 50, breakAfter: 1 } } },
		);
		await host.loadAll();
		await kernel.bus.emit("tool_call", toolCall);
		expect(kernel.bus.suspendedReason("hung")).toBeDefined();

		await host.reload();

		expect(kernel.bus.suspendedReason("hung")).toBeUndefined();
		expect(host.diagnostics()[0].status).toBe("loaded");
	});
});

describe("notifications", () => {
	it("are limited to ten a second; the rest are counted and summarised when the extension unloads", async () => {
		const { host, notes } = setup({
			"ext/chatty.ts": `export default (weft: any) => { for (let i = 0; i < 200; i++) weft.ui.notify("note " + i); };`,
		});
		await host.loadAll();
		expect(notes("chatty")).toHaveLength(10);
		expect(host.diagnostics()[0].notificationsDropped).toBe(190);

		await host.unloadAll();

		expect(
			notes("chatty")
				.map((n) => n.message)
				.slice(10),
		).toEqual(["190 more notifications were not shown (more than 10 a second)"]);
	});

	it("do not hold back weft's own notes about the extension", async () => {
		const { host, kernel, notes } = setup({
			"ext/noisy.ts": `export default (weft: any) => {
				for (let i = 0; i < 50; i++) weft.ui.notify("spam");
				weft.on("turn_start", () => { throw new Error("handler broke"); });
			};`,
		});
		await host.loadAll();
		await kernel.bus.emit("turn_start", { step: 1 });

		expect(notes("noisy").map((n) => n.message)).toContain("turn_start handler failed: handler broke");
	});
});
