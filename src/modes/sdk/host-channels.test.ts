/**
 * HostChannels: starting with a context, a start that throws, stop reporting
 * instead of throwing, stopAll, requested ids checked, several started beside
 * a mode, and an extension's channels restarted around a reload.
 */
import { describe, expect, it } from "vitest";
import type { ChannelContext, SessionPool } from "../../extensions/channel.js";
import { Kernel } from "../../kernel/kernel.js";
import { BUILTIN_OWNER } from "../../kernel/owner.js";
import { HostChannels } from "./host-channels.js";

const pool = {} as SessionPool;

function setup() {
	const kernel = new Kernel();
	const reports: string[] = [];
	const channels = new HostChannels({
		cwd: "/project",
		kernel,
		sessions: pool,
		report: (owner, where, error) => reports.push(`${owner} | ${where} | ${(error as Error).message}`),
	});
	return { kernel, channels, reports };
}

describe("HostChannels", () => {
	it("starts a channel once with the host's context, and aborts its signal when it stops", async () => {
		const { kernel, channels } = setup();
		const contexts: ChannelContext[] = [];
		kernel.channels.register(
			"a",
			{ id: "a", start: (ctx) => void contexts.push(ctx as ChannelContext), stop() {} },
			"ext",
		);

		await channels.start("a");
		await channels.start("a");

		expect(contexts).toHaveLength(1);
		expect(contexts[0]).toMatchObject({ cwd: "/project", sessions: pool, kernel, activity: kernel.activity });
		expect(channels.list()).toEqual([{ id: "a", description: undefined, owner: "ext", running: true }]);
		expect(await channels.stop("a")).toBe(true);
		expect(contexts[0].signal.aborted).toBe(true);
		expect(await channels.stop("a")).toBe(false);
	});

	it("a start that throws leaves the channel stopped and says which channel failed", async () => {
		const { kernel, channels } = setup();
		kernel.channels.register(
			"bad",
			{
				id: "bad",
				start: () => {
					throw new Error("port 8787 is in use");
				},
				stop() {},
			},
			"ext",
		);

		await expect(channels.start("bad")).rejects.toThrow('channel "bad" failed to start: port 8787 is in use');
		expect(channels.runningIds()).toEqual([]);
	});

	it("a failing stop is reported with the owner, not thrown; stopAll stops every running channel", async () => {
		const { kernel, channels, reports } = setup();
		const stopped: string[] = [];
		kernel.channels.register(
			"x",
			{
				id: "x",
				start() {},
				stop: () => {
					throw new Error("already closed");
				},
			},
			"ext-x",
		);
		kernel.channels.register("y", { id: "y", start() {}, stop: () => void stopped.push("y") }, "ext-y");
		await channels.start("x");
		await channels.start("y");

		await channels.stopAll();

		expect(reports).toEqual(["ext-x | channel x: stop | already closed"]);
		expect(stopped).toEqual(["y"]);
		expect(channels.runningIds()).toEqual([]);
	});

	it("names the registered channels when asked for an unknown one", async () => {
		const { channels } = setup();
		await expect(channels.start("http")).rejects.toThrow(
			'no channel "http" is registered (none is; an extension adds one with registerChannel)',
		);
	});

	it("names each unknown requested id with where it was asked, a close match and the registered ids", () => {
		const { kernel, channels } = setup();
		kernel.channels.register("terminal", { id: "terminal", start() {}, stop() {} }, BUILTIN_OWNER);
		kernel.channels.register("http", { id: "http", start() {}, stop() {} }, "http-channel");

		expect(() => channels.checkRegistered([{ id: "http", from: "--channel" }])).not.toThrow();
		expect(() =>
			channels.checkRegistered([
				{ id: "htp", from: "--channel" },
				{ id: "nope", from: 'setting "channels"' },
			]),
		).toThrow(
			'--channel: no channel "htp" is registered (did you mean "http"?); setting "channels": no channel "nope" is registered; registered: terminal, http',
		);
	});

	it("starts several at once, each once; one that fails is reported in its result, the others run", async () => {
		const { kernel, channels } = setup();
		const started: string[] = [];
		kernel.channels.register(
			"ok",
			{ id: "ok", description: "fine", start: () => void started.push("ok"), stop() {} },
			"ext",
		);
		kernel.channels.register(
			"bad",
			{
				id: "bad",
				start: () => Promise.reject(new Error("port 8787 is in use")),
				stop() {},
			},
			"ext",
		);

		const results = await channels.startEach(["ok", "bad", "ok"]);

		expect(results).toEqual([
			{ id: "ok", description: "fine" },
			{ id: "bad", description: undefined, error: 'channel "bad" failed to start: port 8787 is in use' },
		]);
		expect(started).toEqual(["ok"]);
		expect(channels.runningIds()).toEqual(["ok"]);
	});

	it("around a reload, stops an extension's running channels and starts them again; weft's own keep running", async () => {
		const { kernel, channels } = setup();
		const calls: string[] = [];
		const channel = (id: string) => ({
			id,
			start: () => void calls.push(`start ${id}`),
			stop: () => void calls.push(`stop ${id}`),
		});
		kernel.channels.register("terminal", channel("terminal"), BUILTIN_OWNER);
		kernel.channels.register("http", channel("http"), "http-channel");
		kernel.channels.register("gone", channel("gone"), "old-ext");
		await channels.startEach(["terminal", "http", "gone"]);
		calls.length = 0;

		const { result, restarted } = await channels.aroundReload(async () => {
			calls.push("reload");
			// The reload takes every extension's registrations back; one extension registers its channel again.
			kernel.removeOwner("http-channel");
			kernel.removeOwner("old-ext");
			kernel.channels.register("http", channel("http"), "http-channel");
			return "records";
		});

		expect(result).toBe("records");
		expect(calls).toEqual(["stop http", "stop gone", "reload", "start http"]);
		expect(restarted).toEqual([{ id: "http", description: undefined }]);
		expect(channels.runningIds().sort()).toEqual(["http", "terminal"]);
	});
});
