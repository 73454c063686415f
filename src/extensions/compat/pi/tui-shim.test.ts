import { describe, expect, it } from "vitest";
import { Container, SelectList, Text } from "./tui-components.js";
import { Key, matchesKey, parseKey } from "./tui-keys.js";
import { truncateToWidth, visibleWidth, wrapTextWithAnsi } from "./tui-text.js";

describe("pi-tui shim keys", () => {
	it("matches pi's key ids against raw bytes, legacy and Kitty forms", () => {
		expect(matchesKey("\x1b", Key.escape)).toBe(true);
		expect(matchesKey("\r", "enter")).toBe(true);
		expect(matchesKey("\x03", Key.ctrl("c"))).toBe(true);
		expect(matchesKey("\x1b[A", "up")).toBe(true);
		expect(matchesKey("\x1b[Z", Key.shift("tab"))).toBe(true);
		expect(matchesKey("\x1b[99;5u", "ctrl+c")).toBe(true);
		expect(matchesKey("\x1b[1;5C", "ctrl+right")).toBe(true);
		expect(matchesKey("q", "q")).toBe(true);
		expect(matchesKey("q", "w")).toBe(false);
		expect(parseKey("\x1bx")).toBe("alt+x");
	});
});

describe("pi-tui shim text", () => {
	it("measures and cuts in terminal cells, styles kept and not counted", () => {
		expect(visibleWidth("\x1b[31mred\x1b[39m")).toBe(3);
		expect(visibleWidth("日本")).toBe(4);
		expect(visibleWidth(truncateToWidth("\x1b[1mhello world\x1b[22m", 8))).toBe(8);
		expect(truncateToWidth("short", 8)).toBe("short");
		expect(visibleWidth(truncateToWidth("ab", 6, "...", true))).toBe(6);
		expect(wrapTextWithAnsi("one two three", 7)).toEqual(["one two", "three"]);
	});
});

describe("pi-tui shim components", () => {
	it("render(width) → lines and handleInput with raw bytes, as pi's contract says", () => {
		const container = new Container();
		container.addChild(new Text("hello", 1, 0));
		expect(container.render(20)).toEqual([" hello "]);
		const picked: string[] = [];
		const list = new SelectList(
			[
				{ value: "a", label: "A" },
				{ value: "b", label: "B" },
			],
			5,
		);
		list.onSelect = (item) => picked.push(item.value);
		list.handleInput("\x1b[B");
		list.handleInput("\r");
		expect(picked).toEqual(["b"]);
		expect(list.render(20)[1]).toContain("B");
	});
});
