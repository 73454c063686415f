/** Keymap bindings: lookup order by priority then recency, target filtering, removal. */
import { describe, expect, it } from "vitest";
import { KeymapRegistry, type KeymapTarget } from "./keymap.js";

const noop = () => true;

describe("KeymapRegistry", () => {
	it("looks up a key's bindings highest priority first, newest first among equals", () => {
		const keymap = new KeymapRegistry();
		keymap.bind({ key: "ctrl+k", target: "global", owner: "a", description: "old", handler: noop });
		keymap.bind({ key: "ctrl+k", target: "global", owner: "b", description: "new", handler: noop });
		keymap.bind({
			key: "ctrl+k",
			target: "global",
			owner: "c",
			description: "urgent",
			priority: 5,
			handler: noop,
		});
		keymap.bind({
			key: "ctrl+k",
			target: "global",
			owner: "d",
			description: "meek",
			priority: -1,
			handler: noop,
		});

		const order = keymap.lookup("ctrl+k", ["global"]).map((b) => b.description);

		expect(order).toEqual(["urgent", "new", "old", "meek"]);
	});

	it("returns only bindings for the key in the requested targets", () => {
		const keymap = new KeymapRegistry();
		const targets: KeymapTarget[] = ["composer", "window:files"];
		keymap.bind({ key: "enter", target: "composer", owner: "a", handler: noop });
		keymap.bind({ key: "enter", target: "transcript", owner: "a", handler: noop });
		keymap.bind({ key: "enter", target: "window:files", owner: "b", handler: noop });
		keymap.bind({ key: "tab", target: "composer", owner: "a", handler: noop });

		expect(keymap.lookup("enter", targets).map((b) => b.target)).toEqual(["window:files", "composer"]);
		expect(keymap.lookup("escape", targets)).toEqual([]);
	});

	it("defaults priority to 0", () => {
		const keymap = new KeymapRegistry();
		keymap.bind({ key: "x", target: "global", owner: "a", handler: noop });
		expect(keymap.lookup("x", ["global"])[0].priority).toBe(0);
	});

	it("the unbind function removes only its binding", () => {
		const keymap = new KeymapRegistry();
		const off = keymap.bind({ key: "x", target: "global", owner: "a", description: "one", handler: noop });
		keymap.bind({ key: "x", target: "global", owner: "a", description: "two", handler: noop });

		off();
		off();

		expect(keymap.lookup("x", ["global"]).map((b) => b.description)).toEqual(["two"]);
	});

	it("removeOwner removes every binding of that owner only and says how many", () => {
		const keymap = new KeymapRegistry();
		keymap.bind({ key: "x", target: "global", owner: "a", handler: noop });
		keymap.bind({ key: "y", target: "composer", owner: "a", handler: noop });
		keymap.bind({ key: "x", target: "global", owner: "b", handler: noop });

		expect(keymap.removeOwner("a")).toBe(2);

		expect(keymap.list().map((b) => b.owner)).toEqual(["b"]);
		expect(keymap.list("a")).toEqual([]);
		expect(keymap.removeOwner("a")).toBe(0);
	});
});
