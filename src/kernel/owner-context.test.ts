/** Owner scopes: the async context of an owner's code, carried into what it schedules. */
import { describe, expect, it } from "vitest";
import { EventBus } from "./event-bus.js";
import { Kernel } from "./kernel.js";
import { BUILTIN_OWNER } from "./owner.js";
import { currentScope, type OwnerFault, OwnerScopes } from "./owner-context.js";

const ownerNow = () => currentScope()?.owner;

describe("owner scopes", () => {
	it("run a bus handler as its owner, and what it schedules stays that owner's", async () => {
		const bus = new EventBus();
		const seen: Array<string | undefined> = [];
		const later = new Promise<void>((resolve) => {
			bus.on(
				"agent_start",
				() => {
					seen.push(ownerNow());
					setTimeout(() => {
						seen.push(ownerNow());
						resolve();
					}, 1);
				},
				{ owner: "ext-a" },
			);
		});

		await bus.emit("agent_start", { prompt: "p" });
		await later;

		expect(seen).toEqual(["ext-a", "ext-a"]);
		expect(ownerNow()).toBeUndefined();
	});

	it("run an async handler's continuation after an await as its owner", async () => {
		const bus = new EventBus();
		let after: string | undefined;
		bus.on(
			"turn_start",
			async () => {
				await new Promise((resolve) => setImmediate(resolve));
				after = ownerNow();
			},
			{ owner: "ext-b" },
		);

		await bus.emit("turn_start", { step: 1 });

		expect(after).toBe("ext-b");
	});

	it("run weft's own handlers as nobody's, even when an extension's code triggered them", async () => {
		const bus = new EventBus();
		let builtin: string | undefined = "unset";
		bus.on(
			"agent_start",
			() => {
				builtin = ownerNow();
			},
			{ owner: BUILTIN_OWNER },
		);
		bus.on("turn_start", () => bus.emit("agent_start", { prompt: "p" }).then(() => undefined), {
			owner: "ext-c",
		});

		await bus.emit("turn_start", { step: 1 });

		expect(builtin).toBeUndefined();
	});

	it("run a kernel timer's callback as the owner that set it", async () => {
		const kernel = new Kernel();
		const owner = await new Promise<string | undefined>((resolve) =>
			kernel.timers.defer("ext-d", 1, () => resolve(ownerNow())),
		);
		expect(owner).toBe("ext-d");
	});

	it("hand a reported fault to the kernel's listeners, and say when nobody listens", () => {
		const scopes = new OwnerScopes();
		const fault: OwnerFault = { owner: "x", origin: "uncaught exception", error: new Error("boom") };
		expect(scopes.report(fault)).toBe(false);

		const heard: OwnerFault[] = [];
		const off = scopes.onFault((f) => heard.push(f));
		expect(scopes.report(fault)).toBe(true);
		off();

		expect(heard).toEqual([fault]);
		expect(scopes.report(fault)).toBe(false);
	});

	it("keep one scope per owner, pointing back at its kernel's scopes", () => {
		const kernel = new Kernel();
		const scope = kernel.scopes.scope("ext-e");
		expect(scope).toBe(kernel.scopes.scope("ext-e"));
		expect(scope?.scopes).toBe(kernel.scopes);
		expect(kernel.scopes.scope(BUILTIN_OWNER)).toBeUndefined();
		expect(kernel.bus.scopes).toBe(kernel.scopes);
	});
});
