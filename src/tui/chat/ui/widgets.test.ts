import { describe, expect, it } from "vitest";
import { plain, visibleWidth } from "../../text/width.js";
import { DARK_THEME } from "../../theme/builtin-themes.js";
import { Styler } from "../../theme/style.js";
import { WidgetArea } from "./widgets.js";

const styler = new Styler(DARK_THEME);
const markdown = (text: string, width: number) => [`md(${width}):${text}`];
const text = (lines: string[]) => lines.map((line) => plain(line));

describe("WidgetArea", () => {
	it("draws widgets by priority, higher first, then in the order they were added", () => {
		const area = new WidgetArea(markdown, styler);
		area.set({ id: "a", owner: "x", content: "first added" });
		area.set({ id: "b", owner: "x", content: "second added" });
		area.set({ id: "top", owner: "y", content: "high priority", priority: 10 });
		area.set({ id: "low", owner: "y", content: "low priority", priority: -1 });
		expect(text(area.render(40))).toEqual(["high priority", "first added", "second added", "low priority"]);
	});

	it("keeps a replaced widget in its place", () => {
		const area = new WidgetArea(markdown, styler);
		area.set({ id: "a", owner: "x", content: "a1" });
		area.set({ id: "b", owner: "x", content: "b1" });
		area.set({ id: "a", owner: "x", content: "a2" });
		expect(text(area.render(40))).toEqual(["a2", "b1"]);
	});

	it("wraps text, draws each line of a list and passes markdown to the markdown renderer", () => {
		const area = new WidgetArea(markdown, () => styler);
		area.set({ id: "t", owner: "x", content: "one two three four" });
		area.set({ id: "l", owner: "x", content: ["line 1", "line 2"] });
		area.set({ id: "m", owner: "x", content: "**bold**", format: "markdown" });
		expect(text(area.render(9))).toEqual(["one two", "three", "four", "line 1", "line 2", "md(9):**b"]);
	});

	it("draws a bar in the border colour down the left of a widget", () => {
		const area = new WidgetArea(markdown, styler);
		area.set({ id: "t", owner: "x", content: ["a", "b"], borderColor: "#ff0000" });
		area.set({ id: "u", owner: "x", content: "c", borderColor: "warning" });
		const lines = area.render(20);
		expect(text(lines)).toEqual(["│ a", "│ b", "│ c"]);
		expect(lines[0]).toContain(styler.sgr({ fg: "#ff0000" }));
		expect(lines[2]).toContain(styler.sgr({ fg: "warning" }));
	});

	it("renders component widgets at the width left inside the bar, clipped", () => {
		const area = new WidgetArea(markdown, styler);
		const widths: number[] = [];
		area.set({
			id: "c",
			owner: "x",
			borderColor: "accent",
			component: {
				render: (w) => {
					widths.push(w);
					return ["x".repeat(50)];
				},
			},
		});
		const [line] = area.render(20);
		expect(widths).toEqual([18]);
		expect(visibleWidth(line)).toBe(20);
	});

	it("shows one red line naming a component widget that throws, and the rest still draw", () => {
		const area = new WidgetArea(markdown, styler);
		area.set({
			id: "broken",
			owner: "ext-a",
			component: {
				render: () => {
					throw new Error("no data");
				},
			},
		});
		area.set({ id: "fine", owner: "ext-b", content: "still here" });
		const lines = area.render(80);
		expect(text(lines)).toEqual(['⚠ widget "broken" (ext-a) failed to render: no data', "still here"]);
		expect(lines[0]).toContain(styler.sgr({ fg: "error" }));
	});

	it("removes one widget by id, or all of an owner's", () => {
		const area = new WidgetArea(markdown, styler);
		area.set({ id: "a", owner: "x", content: "a" });
		area.set({ id: "b", owner: "x", content: "b" });
		area.set({ id: "c", owner: "y", content: "c" });
		expect(area.remove("a")).toBe(true);
		expect(area.remove("a")).toBe(false);
		expect(area.removeOwner("x")).toBe(1);
		expect(area.ids()).toEqual(["c"]);
	});
});
