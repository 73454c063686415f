/** registerChannel and onActivity: what an extension registers, what a bad shape is told, and what unloading takes back. */
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { ActivityEvent } from "../kernel/activity.js";
import { Kernel } from "../kernel/kernel.js";
import type { ChannelContext } from "./channel.js";
import { ExtensionHost } from "./host.js";
import type { ExtensionFactory } from "./types.js";

const roots: string[] = [];
afterEach(() => {
	for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
});

async function load(name: string, extension: ExtensionFactory) {
	const root = mkdtempSync(join(tmpdir(), "weft-channels-"));
	roots.push(root);
	mkdirSync(join(root, "home"));
	const host = new ExtensionHost({
		kernel: new Kernel(),
		cwd: root,
		home: join(root, "home"),
		settings: {},
		mode: "test",
		watchdog: false,
		noExtensions: true,
		inline: [{ name, extension }],
	});
	await host.loadAll();
	return host;
}

describe("registerChannel", () => {
	it("registers the channel under the extension's name; start and stop reach its code; unload removes it", async () => {
		const calls: string[] = [];
		const host = await load("http-ext", (weft) => {
			weft.registerChannel({
				id: "http",
				description: "POST /prompt",
				start: (ctx) => void calls.push(`start ${ctx.cwd}`),
				stop: () => void calls.push("stop"),
			});
		});
		const channel = host.kernel.channels.get("http");
		expect(host.kernel.channels.ownerOf("http")).toBe("http-ext");
		expect(channel?.description).toBe("POST /prompt");

		await channel?.start({ cwd: "/here" } as ChannelContext);
		await channel?.stop();
		expect(calls).toEqual(["start /here", "stop"]);

		await host.unloadAll();
		expect(host.kernel.channels.has("http")).toBe(false);
	});

	it("refuses a channel without an id or without start/stop, naming the expected shape", async () => {
		const host = await load("bad", (weft) => {
			weft.registerChannel({ id: "", start() {}, stop() {} });
		});
		expect(host.list()[0]).toMatchObject({ status: "failed" });
		expect(host.list()[0].reason).toMatch(
			/registerChannel expects \{ id, description\?, start\(ctx\), stop\(\) \}/,
		);

		const noStop = await load("bad2", (weft) => {
			weft.registerChannel({ id: "x", start() {} } as never);
		});
		expect(noStop.list()[0].reason).toMatch(/registerChannel\("x"\): start and stop must be functions/);
	});

	it("a channel id already taken by another owner is refused and recorded as a conflict", async () => {
		const host = await load("first", (weft) => {
			weft.registerChannel({ id: "http", start() {}, stop() {} });
			weft.registerChannel({ id: "http", start() {}, stop() {} });
		});
		expect(host.kernel.channels.ownerOf("http")).toBe("first");
		host.kernel.channels.register("http", { id: "http", start() {}, stop() {} }, "other");
		expect(host.kernel.channels.conflicts).toContainEqual({
			kind: "channel",
			name: "http",
			winner: "first",
			loser: "other",
		});
	});
});

describe("onActivity", () => {
	it("delivers activity to the extension, filtered by type, until it unloads; a throw is its failure", async () => {
		const seen: ActivityEvent[] = [];
		const host = await load("dash", (weft) => {
			weft.onActivity((e) => seen.push(e), { types: ["task_started"] });
			weft.onActivity(() => {
				throw new Error("dashboard down");
			});
		});
		const event: ActivityEvent = { type: "task_started", sessionId: "s", at: 1, taskId: "t", prompt: "p" };
		host.kernel.activity.publish(event);
		host.kernel.activity.publish({ type: "agent_start", sessionId: "s", at: 2, taskId: "t" });

		expect(seen).toEqual([event]);
		expect(host.diagnostics()[0].errors.map((e) => e.where)).toContain("activity listener");

		await host.unloadAll();
		expect(host.kernel.activity.listening).toBe(false);
	});
});
