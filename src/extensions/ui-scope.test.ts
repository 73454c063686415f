import { describe, expect, it } from "vitest";
import type { UIPort } from "../kernel/ui-port.js";
import type { TUISurface, UIComponent } from "../kernel/ui-surface.js";
import { NonInteractiveUI } from "./non-interactive-ui.js";
import { endingWithTheRun, holdingDeadlinesInDialogs } from "./ui-scope.js";

describe("holdingDeadlinesInDialogs", () => {
	it("holds the deadlines while a dialog or custom dialog is open, and only then", async () => {
		const events: string[] = [];
		let answer!: (value: string | undefined) => void;
		const surface = {
			size: { columns: 80, rows: 24 },
			custom: (factory: (done: (value: unknown) => void) => UIComponent) => {
				events.push("custom opened");
				return new Promise((resolve) => factory(resolve));
			},
		} as unknown as TUISurface;
		const base: UIPort = Object.assign(new NonInteractiveUI(), {
			select: () => {
				events.push("select opened");
				return new Promise<string | undefined>((resolve) => {
					answer = resolve;
				});
			},
			tui: surface,
		});
		const ui = holdingDeadlinesInDialogs(base, () => {
			events.push("hold");
			return () => events.push("release");
		});

		ui.notify("no dialog");
		const picked = ui.select("pick", ["a"]);
		expect(events).toEqual(["hold", "select opened"]);
		answer("a");
		expect(await picked).toBe("a");
		expect(events).toEqual(["hold", "select opened", "release"]);

		events.length = 0;
		expect(ui.tui?.size).toEqual({ columns: 80, rows: 24 });
		const chosen = await ui.tui?.custom<string>((done) => {
			done("x");
			return {} as UIComponent;
		});
		expect(chosen).toBe("x");
		expect(events).toEqual(["hold", "custom opened", "release"]);
	});

	it("has no tui where the wrapped port has none", () => {
		const ui = holdingDeadlinesInDialogs(new NonInteractiveUI(), () => () => {});
		expect(ui.tui).toBeUndefined();
		expect(ui.interactive).toBe(false);
	});
});

describe("endingWithTheRun", () => {
	it("gives a dialog asked without a signal the run's, and keeps the caller's own", async () => {
		const seen: Array<AbortSignal | undefined> = [];
		const base: UIPort = Object.assign(new NonInteractiveUI(), {
			confirm: async (_title: string, _message?: string, options?: { signal?: AbortSignal }) => {
				seen.push(options?.signal);
				return false;
			},
		});
		let run: AbortController | undefined;
		const ui = endingWithTheRun(base, () => run?.signal);

		await ui.confirm("idle");
		run = new AbortController();
		await ui.confirm("running", "m", { timeoutMs: 5 });
		const own = new AbortController();
		await ui.confirm("own", "m", { signal: own.signal });
		expect(seen).toEqual([undefined, run.signal, own.signal]);
	});
});
