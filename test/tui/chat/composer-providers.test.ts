/**
 * Extensions' completion providers in the composer: asked newest first,
 * the first answer with items shown in place of weft's own completion, a
 * provider's own apply, Esc keeping the list closed on its token, and
 * weft's `/` completion when every provider passes.
 */
import { describe, expect, it } from "vitest";
import type { CompletionProvider } from "../../../src/kernel/ui-surface.js";
import { Composer } from "../../../src/tui/chat/composer/composer.js";
import type { KeyEvent } from "../../../src/tui/input/input-events.js";
import { ContentBuffer } from "../../../src/tui/primitives/buffer.js";
import { plain } from "../../../src/tui/text/width.js";
import { DARK_THEME } from "../../../src/tui/theme/builtin-themes.js";
import { Styler } from "../../../src/tui/theme/style.js";

const key = (id: string, text?: string): KeyEvent =>
	text === undefined
		? { type: "key", id, action: "press", raw: "" }
		: { type: "key", id, text, action: "press", raw: "" };

const settle = () => new Promise((resolve) => setImmediate(resolve));

/** `#n` issue completion, as pi's github-issue-autocomplete.ts does it. */
const issues: CompletionProvider = {
	name: "issues",
	async suggest({ lines, line, col }) {
		const match = /(?:^|[ \t])#(\d*)$/.exec((lines[line] ?? "").slice(0, col));
		if (!match) return undefined;
		const all = [
			{ value: "#2983", description: "Extension API for autocomplete" },
			{ value: "#2753", description: "Reload stale resource settings" },
		];
		return { prefix: `#${match[1]}`, items: all.filter((i) => i.value.startsWith(`#${match[1]}`)) };
	},
};

function setup(providers: CompletionProvider[]) {
	const buffer = new ContentBuffer("composer", "lines", "weft");
	const styler = new Styler(DARK_THEME);
	const errors: string[] = [];
	const composer = new Composer({
		buffer,
		styler: () => styler,
		completion: { commands: () => [{ name: "help", description: "Show help" }], providers: () => providers },
		onError: (message) => errors.push(message),
	});
	return {
		composer,
		errors,
		type(text: string) {
			for (const char of text) composer.handleInput(key(char === " " ? "space" : char, char));
		},
		press(id: string) {
			const event = key(id);
			if (composer.captures(event) && composer.handleInput(event)) return;
			composer.handleInput(event);
		},
		list: () =>
			composer
				.render(60)
				.map((row) => plain(row).trimEnd())
				.slice(3),
	};
}

describe("completion providers in the composer", () => {
	it("shows a provider's items for its own syntax and replaces the prefix with the chosen value", async () => {
		const { composer, type, press, list } = setup([issues]);
		type("fix #2");
		await settle();
		expect(list().join("\n")).toContain("#2983");
		expect(list().join("\n")).toContain("Reload stale resource settings");
		press("down");
		press("tab");
		expect(composer.getText()).toBe("fix #2753");
		await settle();
		expect(list()).toEqual([]);
		type(" ok");
		expect(composer.getText()).toBe("fix #2753 ok");
	});

	it("asks the newest provider first, and falls back to weft's own completion when all pass", async () => {
		const calls: string[] = [];
		const passing: CompletionProvider = {
			name: "passing",
			suggest: () => {
				calls.push("passing");
				return null;
			},
		};
		const { type, list } = setup([issues, passing]);
		type("/he");
		await settle();
		expect(calls.at(-1)).toBe("passing");
		expect(list().join("\n")).toContain("/help");
	});

	it("uses the provider's own apply, and Esc keeps the list closed until the cursor leaves the token", async () => {
		const emoji: CompletionProvider = {
			name: "emoji",
			suggest: ({ lines, line, col }) => {
				const match = /:(\w*)$/.exec((lines[line] ?? "").slice(0, col));
				return match ? { prefix: match[0], items: [{ value: "😄", label: ":smile:" }] } : undefined;
			},
			apply: ({ lines, line }, item) => ({
				lines: [`${lines[line].replace(/:\w*$/, item.value)}!`],
				line: 0,
				col: 3,
			}),
		};
		const { composer, type, press, list } = setup([emoji]);
		type("hi :sm");
		await settle();
		expect(list().join("\n")).toContain(":smile:");
		press("escape");
		type("i");
		await settle();
		expect(list()).toEqual([]);
		type(" :");
		await settle();
		expect(list().join("\n")).toContain(":smile:");
		press("enter");
		expect(composer.getText()).toBe("hi :smi 😄!");
	});

	it("reports a provider that throws and goes on to the next", async () => {
		const broken: CompletionProvider = {
			name: "broken",
			suggest: () => {
				throw new Error("no network");
			},
		};
		const { type, list, errors } = setup([issues, broken]);
		type("#29");
		await settle();
		expect(list().join("\n")).toContain("#2983");
		expect(errors[0]).toContain("broken");
		expect(errors[0]).toContain("no network");
	});
});
