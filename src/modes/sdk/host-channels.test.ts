/** HostChannels: starting with a context, a start that throws, stop reporting instead of throwing, and stopAll. */
import { describe, expect, it } from "vitest";
import type { ChannelContext, SessionPool } from "../../extensions/channel.js";
import { Kernel } from "../../kernel/kernel.js";
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
});
