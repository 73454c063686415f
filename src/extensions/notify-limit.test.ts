/** In-process notifications: at most 10 a second shown, the rest counted and summarised once. */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { NonInteractiveUI } from "./non-interactive-ui.js";
import { limitNotifications } from "./notify-limit.js";

describe("the notification limit", () => {
	beforeEach(() => {
		vi.useFakeTimers();
	});
	afterEach(() => {
		vi.useRealTimers();
	});

	it("shows ten in a second, then one line about the rest when the second is over", () => {
		const ui = new NonInteractiveUI();
		const summaries: string[] = [];
		const limited = limitNotifications(ui, (line) => summaries.push(line));

		for (let i = 0; i < 500; i++) limited.ui.notify(`note ${i}`);
		expect(ui.notifications).toHaveLength(10);
		vi.advanceTimersByTime(1_000);

		expect(ui.notifications.map((n) => n.message)).toEqual([
			...Array.from({ length: 10 }, (_, i) => `note ${i}`),
			"490 more notifications were not shown (more than 10 a second)",
		]);
		expect(ui.notifications.at(-1)?.level).toBe("warning");
		expect(summaries).toEqual(["490 more notifications were not shown (more than 10 a second)"]);
		expect(limited.dropped).toBe(490);
	});

	it("shows notifications again in the next second", () => {
		const ui = new NonInteractiveUI();
		const limited = limitNotifications(ui);
		for (let i = 0; i < 11; i++) limited.ui.notify("burst");
		vi.advanceTimersByTime(1_000);

		limited.ui.notify("later", "error");

		expect(ui.notifications.at(-1)).toMatchObject({ message: "later", level: "error" });
		expect(limited.dropped).toBe(1);
	});

	it("says how many were not shown at once when flushed (the extension unloads)", () => {
		const ui = new NonInteractiveUI();
		const limited = limitNotifications(ui);
		for (let i = 0; i < 12; i++) limited.ui.notify("x");

		limited.flush();
		vi.advanceTimersByTime(5_000);

		expect(ui.notifications.map((n) => n.message).slice(10)).toEqual([
			"2 more notifications were not shown (more than 10 a second)",
		]);
	});

	it("passes everything but notify through untouched", async () => {
		const ui = new NonInteractiveUI();
		const limited = limitNotifications(ui);
		limited.ui.setStatus("s", "on");
		limited.ui.print({ kind: "info", text: "block" });

		expect(ui.statuses.get("s")).toBe("on");
		expect(ui.printed).toHaveLength(1);
		expect(await limited.ui.confirm("sure?")).toBe(false);
		expect(limited.ui.interactive).toBe(false);
	});
});
