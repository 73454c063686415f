import { describe, expect, it } from "vitest";
import { decoratePort, type UIPort } from "./ui-port.js";
import type { TUISurface } from "./ui-surface.js";

/** A port that records every call by name. */
function recordingPort(calls: string[], interactive = true): UIPort {
	const record =
		(name: string) =>
		(...args: unknown[]) => {
			calls.push(`${name} ${JSON.stringify(args)}`);
			return Promise.resolve(undefined);
		};
	return {
		interactive,
		notify: record("notify"),
		print: record("print"),
		select: record("select") as UIPort["select"],
		multiSelect: record("multiSelect") as UIPort["multiSelect"],
		confirm: record("confirm") as unknown as UIPort["confirm"],
		input: record("input") as UIPort["input"],
		editor: record("editor") as UIPort["editor"],
		setStatus: record("setStatus"),
		setWidget: record("setWidget"),
		removeWidget: record("removeWidget"),
		setHeader: record("setHeader"),
		setFooter: record("setFooter"),
		setTitle: record("setTitle"),
		setWorkingMessage: record("setWorkingMessage"),
		setWorkingVisible: record("setWorkingVisible"),
		setWorkingIndicator: record("setWorkingIndicator"),
		setHiddenThinkingLabel: record("setHiddenThinkingLabel"),
		getToolsExpanded: () => true,
		setToolsExpanded: record("setToolsExpanded"),
		getAllThemes: () => [{ name: "dark", appearance: "dark" }],
		getTheme: () => undefined,
		setTheme: (theme) => {
			calls.push(`setTheme ${JSON.stringify(theme)}`);
			return { success: true };
		},
	};
}

describe("decoratePort", () => {
	it("passes every call it does not override to the base port, and reads interactive through", async () => {
		const calls: string[] = [];
		const base = recordingPort(calls, false);
		const port = decoratePort(base, { notify: (message) => calls.push(`decorated ${message}`) });
		port.notify("hi", "warning");
		port.setStatus("mode", "plan");
		await port.select("pick", ["a"]);
		port.removeWidget("todo");
		port.setWorkingMessage("Pondering");
		port.setToolsExpanded(true);
		expect(port.getToolsExpanded()).toBe(true);
		expect(port.setTheme("light")).toEqual({ success: true });
		expect(port.getAllThemes()).toEqual([{ name: "dark", appearance: "dark" }]);
		expect(calls).toEqual([
			"decorated hi",
			'setStatus ["mode","plan"]',
			'select ["pick",["a"],null]',
			'removeWidget ["todo"]',
			'setWorkingMessage ["Pondering"]',
			"setToolsExpanded [true]",
			'setTheme "light"',
		]);
		expect(port.interactive).toBe(false);
		expect(port.tui).toBeUndefined();
	});

	it("keeps a tui getter among the overrides a getter, read on each access", () => {
		let reads = 0;
		const port = decoratePort(recordingPort([]), {
			get tui() {
				reads++;
				return {} as TUISurface;
			},
		});
		expect(reads).toBe(0);
		void port.tui;
		void port.tui;
		expect(reads).toBe(2);
	});
});
