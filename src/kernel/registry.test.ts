/** Owner-tagged registries: built-ins win, first extension wins, conflicts are recorded. */
import { describe, expect, it } from "vitest";
import { BUILTIN_OWNER } from "./owner.js";
import { Registry } from "./registry.js";

describe("Registry", () => {
	it("stores a value under its name with its owner", () => {
		const tools = new Registry<number>("tool");

		expect(tools.register("read", 1, "ext-a")).toEqual({ ok: true });

		expect(tools.get("read")).toBe(1);
		expect(tools.has("read")).toBe(true);
		expect(tools.ownerOf("read")).toBe("ext-a");
		expect(tools.list()).toEqual([{ name: "read", value: 1, owner: "ext-a" }]);
	});

	it("refuses an empty name with an error naming the kind", () => {
		const tools = new Registry<number>("tool");
		expect(() => tools.register("", 1, "a")).toThrow(/tool name must not be empty/);
	});

	it("keeps the first extension's registration and records the conflict", () => {
		const tools = new Registry<string>("tool");
		tools.register("grep", "first", "ext-a");

		const outcome = tools.register("grep", "second", "ext-b");

		expect(outcome).toEqual({
			ok: false,
			conflict: { kind: "tool", name: "grep", winner: "ext-a", loser: "ext-b" },
		});
		expect(tools.get("grep")).toBe("first");
		expect(tools.conflicts).toEqual([{ kind: "tool", name: "grep", winner: "ext-a", loser: "ext-b" }]);
	});

	it("keeps a built-in when an extension registers the same name later", () => {
		const tools = new Registry<string>("tool");
		tools.register("bash", "builtin", BUILTIN_OWNER);

		const outcome = tools.register("bash", "ext", "ext-a");

		expect(outcome.ok).toBe(false);
		expect(tools.get("bash")).toBe("builtin");
		expect(tools.conflicts).toEqual([{ kind: "tool", name: "bash", winner: BUILTIN_OWNER, loser: "ext-a" }]);
	});

	it("lets a built-in displace an extension that registered the name first", () => {
		const tools = new Registry<string>("tool");
		tools.register("bash", "ext", "ext-a");

		const outcome = tools.register("bash", "builtin", BUILTIN_OWNER);

		expect(outcome).toEqual({ ok: true, displaced: "ext-a" });
		expect(tools.get("bash")).toBe("builtin");
		expect(tools.ownerOf("bash")).toBe(BUILTIN_OWNER);
		expect(tools.conflicts).toEqual([{ kind: "tool", name: "bash", winner: BUILTIN_OWNER, loser: "ext-a" }]);
	});

	it("lets an owner replace its own registration without a conflict", () => {
		const tools = new Registry<number>("tool");
		tools.register("read", 1, "ext-a");

		expect(tools.register("read", 2, "ext-a")).toEqual({ ok: true });

		expect(tools.get("read")).toBe(2);
		expect(tools.conflicts).toEqual([]);
	});

	it("unregisters only for the owner that holds the name", () => {
		const tools = new Registry<number>("tool");
		tools.register("read", 1, "ext-a");

		expect(tools.unregister("read", "ext-b")).toBe(false);
		expect(tools.has("read")).toBe(true);
		expect(tools.unregister("read", "ext-a")).toBe(true);
		expect(tools.has("read")).toBe(false);
		expect(tools.unregister("read", "ext-a")).toBe(false);
	});

	it("removeOwner removes that owner's names and the conflicts it took part in, nothing else", () => {
		const tools = new Registry<number>("tool");
		tools.register("a1", 1, "ext-a");
		tools.register("a2", 2, "ext-a");
		tools.register("b1", 3, "ext-b");
		tools.register("b1", 4, "ext-a");
		tools.register("c1", 5, "ext-c");
		tools.register("c1", 6, "ext-b");

		expect(tools.removeOwner("ext-a")).toEqual(["a1", "a2"]);

		expect(tools.names()).toEqual(["b1", "c1"]);
		expect(tools.conflicts).toEqual([{ kind: "tool", name: "c1", winner: "ext-c", loser: "ext-b" }]);
		expect(tools.removeOwner("ext-a")).toEqual([]);
	});

	it("lists and names by owner in insertion order", () => {
		const tools = new Registry<number>("tool");
		tools.register("z", 1, "ext-a");
		tools.register("y", 2, "ext-b");
		tools.register("x", 3, "ext-a");

		expect(tools.names()).toEqual(["z", "y", "x"]);
		expect(tools.names("ext-a")).toEqual(["z", "x"]);
		expect(tools.list("ext-b").map((r) => r.value)).toEqual([2]);
	});

	it("notifies onChange listeners on every change and not on refusals", () => {
		const tools = new Registry<number>("tool");
		let changes = 0;
		const off = tools.onChange(() => changes++);

		tools.register("a", 1, "ext-a");
		tools.register("a", 2, "ext-b");
		expect(changes).toBe(1);
		tools.register("a", 3, BUILTIN_OWNER);
		expect(changes).toBe(2);
		tools.unregister("a", "ext-a");
		expect(changes).toBe(2);
		tools.register("b", 1, "ext-a");
		tools.removeOwner("ext-a");
		expect(changes).toBe(4);
		tools.removeOwner("nobody");
		expect(changes).toBe(4);

		off();
		tools.register("c", 1, "ext-a");
		expect(changes).toBe(4);
	});
});
