/** The kernel as a whole: one owner's removal takes back everything it added, and only that. */
import { afterEach, describe, expect, it, vi } from "vitest";
import type { CommandDefinition } from "./command.js";
import { Kernel } from "./kernel.js";
import type { Provider } from "./provider.js";
import type { ToolDefinition } from "./tool.js";

const tool = (name: string): ToolDefinition => ({
	name,
	description: name,
	parameters: {},
	execute: () => "ok",
});
const command: CommandDefinition = { description: "c", handler: () => {} };
const provider: Provider = {
	name: "p",
	models: [],
	stream: async function* () {},
};

/** Registers one of everything under the owner; returns the callbacks that must go quiet after removal. */
function addEverything(kernel: Kernel, owner: string): { handler: () => void; timer: () => void } {
	const handler = vi.fn();
	const timer = vi.fn();
	kernel.bus.on("tick", handler, { owner });
	kernel.tools.register(`${owner}-tool`, tool(`${owner}-tool`), owner);
	kernel.commands.register(`${owner}-cmd`, command, owner);
	kernel.providers.register(`${owner}-provider`, provider, owner);
	kernel.messageRenderers.register(`${owner}-msg`, { render: () => [] }, owner);
	kernel.toolRenderers.register(`${owner}-tool`, { verb: "run" }, owner);
	kernel.keymaps.bind({ key: "ctrl+x", target: "global", owner, handler: () => true });
	kernel.timers.defer(owner, 10, timer);
	kernel.timers.interval(owner, 10, timer);
	return { handler, timer };
}

describe("Kernel", () => {
	afterEach(() => {
		vi.useRealTimers();
	});

	it("removeOwner removes handlers, registrations, keymaps and timers of that owner only", async () => {
		vi.useFakeTimers();
		const kernel = new Kernel();
		const gone = addEverything(kernel, "ext-a");
		const kept = addEverything(kernel, "ext-b");

		kernel.removeOwner("ext-a");
		await kernel.bus.emit("tick", { time: 1 });
		vi.advanceTimersByTime(10);

		expect(gone.handler).not.toHaveBeenCalled();
		expect(gone.timer).not.toHaveBeenCalled();
		expect(kept.handler).toHaveBeenCalledTimes(1);
		expect(kept.timer).toHaveBeenCalledTimes(2);
		for (const registry of [
			kernel.tools,
			kernel.commands,
			kernel.providers,
			kernel.messageRenderers,
			kernel.toolRenderers,
		]) {
			expect(registry.list("ext-a")).toEqual([]);
			expect(registry.list("ext-b")).toHaveLength(1);
		}
		expect(kernel.keymaps.list().map((b) => b.owner)).toEqual(["ext-b"]);
		expect(kernel.timers.count("ext-a")).toEqual({ defer: 0, interval: 0 });
	});

	it("passes its deadline option to the bus", async () => {
		const kernel = new Kernel({ deadlineMs: 20 });
		const timedOut: boolean[] = [];
		kernel.bus.onFailure((f) => timedOut.push(f.timedOut));
		kernel.bus.on("turn_start", () => new Promise<void>(() => {}), { owner: "slow" });

		await kernel.bus.emit("turn_start", { step: 1 });

		expect(timedOut).toEqual([true]);
	});

	it("reports timer errors to every timer-error listener until it unsubscribes", () => {
		vi.useFakeTimers();
		const kernel = new Kernel();
		const seen: string[] = [];
		const off = kernel.onTimerError((owner) => seen.push(`first ${owner}`));
		kernel.onTimerError((owner) => seen.push(`second ${owner}`));
		const fail = () => {
			throw new Error("x");
		};

		kernel.timers.defer("ext-a", 1, fail);
		vi.advanceTimersByTime(1);
		off();
		kernel.timers.defer("ext-b", 1, fail);
		vi.advanceTimersByTime(1);

		expect(seen).toEqual(["first ext-a", "second ext-a", "second ext-b"]);
	});
});
