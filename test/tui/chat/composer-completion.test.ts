import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findRipgrep } from "../../../src/agent/tools/ripgrep.js";
import type { MentionItem, MentionProvider } from "../../../src/kernel/ui-surface.js";
import type { CommandInfo, CompletionSources } from "../../../src/tui/chat/composer/completion.js";
import { Composer } from "../../../src/tui/chat/composer/composer.js";
import { FileIndex, listWithGlob, listWithRipgrep } from "../../../src/tui/chat/composer/file-index.js";
import type { KeyEvent } from "../../../src/tui/input/input-events.js";
import { ContentBuffer } from "../../../src/tui/primitives/buffer.js";
import { plain, visibleWidth } from "../../../src/tui/text/width.js";
import { DARK_THEME } from "../../../src/tui/theme/builtin-themes.js";
import { Styler } from "../../../src/tui/theme/style.js";

const COMMANDS: CommandInfo[] = [
	{ name: "help", description: "Show commands and keys" },
	{ name: "model", description: "Pick a model", argumentHint: "[name]" },
	{ name: "new", description: "Start a new session" },
	{ name: "remodel", description: "An extension command" },
	{ name: "quit", description: "Exit weft" },
];

function key(id: string, text?: string): KeyEvent {
	return text === undefined
		? { type: "key", id, action: "press", raw: "" }
		: { type: "key", id, text, action: "press", raw: "" };
}

function setup(sources: Partial<CompletionSources> = {}) {
	const buffer = new ContentBuffer("composer", "lines", "weft");
	const styler = new Styler(DARK_THEME);
	const composer = new Composer({
		buffer,
		styler: () => styler,
		completion: { commands: () => COMMANDS, ...sources },
	});
	const submitted: string[] = [];
	composer.onSubmit((text) => submitted.push(text));
	return {
		composer,
		buffer,
		submitted,
		type(text: string) {
			for (const char of text) composer.handleInput(key(char === " " ? "space" : char, char));
		},
		/** As the app routes keys: the open list first, then the bound action for enter. */
		press(id: string) {
			const event = key(id);
			if (composer.captures(event) && composer.handleInput(event)) return;
			if (id === "enter") composer.actions.submit();
			else composer.handleInput(event);
		},
		/** The rows under the composer box. */
		list(width = 50): string[] {
			return composer
				.render(width)
				.map((row) => plain(row).trimEnd())
				.slice(3);
		},
	};
}

/** Lets pending promise callbacks (file listing, providers) run. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

describe("slash command completion", () => {
	it("opens on / at the start with every command and its description", () => {
		const { type, list, composer } = setup();
		type("/");
		expect(list()).toEqual([
			" /help          Show commands and keys",
			" /model [name]  Pick a model",
			" /new           Start a new session",
			" /quit          Exit weft",
			" /remodel       An extension command",
		]);
		expect(composer.captures(key("enter"))).toBe(true);
	});

	it("lists prefix matches first, then fuzzy ones", () => {
		const { type, list } = setup();
		type("/mo");
		expect(list().map((row) => row.trim().split(/\s+/)[0])).toEqual(["/model", "/remodel"]);
	});

	it("highlights the selected row and moves the selection with up and down", () => {
		const { type, press, composer } = setup();
		const styler = new Styler(DARK_THEME);
		type("/");
		press("down");
		const rows = composer.render(50).slice(3);
		expect(rows[1].startsWith(styler.sgr({ bg: "selectionBg" }))).toBe(true);
		expect(rows[0].startsWith(styler.sgr({ bg: "selectionBg" }))).toBe(false);
		press("up");
		press("up");
		expect(plain(composer.render(50)[3 + 4])).toContain("/remodel");
	});

	it("accepts with tab or enter, inserting the command and a space, and closes", () => {
		const { type, press, composer, list, submitted } = setup();
		type("/mo");
		press("tab");
		expect(composer.getText()).toBe("/model ");
		expect(list()).toEqual([]);
		composer.setText("");
		type("/n");
		press("enter");
		expect(composer.getText()).toBe("/new ");
		expect(submitted).toEqual([]);
	});

	it("sends a command typed out in full on enter instead of completing it again", () => {
		const { type, press, submitted } = setup();
		type("/help");
		press("enter");
		expect(submitted).toEqual(["/help"]);
	});

	it("closes on escape and stays closed on that word; tab opens it again", () => {
		const { type, press, list, composer } = setup();
		type("/h");
		press("escape");
		expect(list()).toEqual([]);
		expect(composer.captures(key("escape"))).toBe(false);
		type("e");
		expect(list()).toEqual([]);
		press("tab");
		expect(list()).toHaveLength(1);
	});

	it("does not open for a slash later in the text", () => {
		const { type, list } = setup();
		type("see /help");
		expect(list()).toEqual([]);
	});

	it("shows at most 8 rows, each cut to the width", () => {
		const many = Array.from({ length: 20 }, (_, i) => ({ name: `cmd${i}`, description: "x".repeat(80) }));
		const { type, composer } = setup({ commands: () => many });
		type("/cmd");
		const rows = composer.render(30).slice(3);
		expect(rows).toHaveLength(8);
		for (const row of rows) expect(visibleWidth(row)).toBeLessThanOrEqual(30);
	});
});

describe("@ file completion", () => {
	let dir: string;

	beforeAll(() => {
		dir = mkdtempSync(join(tmpdir(), "weft-composer-"));
		spawnSync("git", ["init", "-q"], { cwd: dir });
		writeFileSync(join(dir, ".gitignore"), "secret.txt\nbuild/\n");
		mkdirSync(join(dir, "src", "util"), { recursive: true });
		mkdirSync(join(dir, "build"));
		writeFileSync(join(dir, "src", "app.ts"), "");
		writeFileSync(join(dir, "src", "util", "helpers.ts"), "");
		writeFileSync(join(dir, "secret.txt"), "");
		writeFileSync(join(dir, "build", "out.js"), "");
		writeFileSync(join(dir, "my notes.md"), "");
	});

	afterAll(() => rmSync(dir, { recursive: true, force: true }));

	/** An index whose listing is already done, so one settle delivers results. */
	async function warmIndex(): Promise<FileIndex> {
		const index = new FileIndex(dir);
		await index.files();
		return index;
	}

	it("lists project files, leaving out what .gitignore ignores and .git itself", async () => {
		const files = await new FileIndex(dir).files();
		expect(files).toEqual([".gitignore", "my notes.md", "src/app.ts", "src/util/helpers.ts"]);
	});

	it("ripgrep itself honours the ignore rules", async () => {
		const files = await listWithRipgrep(await findRipgrep(), dir, 100);
		expect(files).toEqual([".gitignore", "my notes.md", "src/app.ts", "src/util/helpers.ts"]);
	});

	it("caches the listing for a few seconds, then lists again", async () => {
		let time = 0;
		let listings = 0;
		const index = new FileIndex(dir, { now: () => time, list: async () => [`v${++listings}`] });
		expect(await index.files()).toEqual(["v1"]);
		time += 1000;
		expect(await index.files()).toEqual(["v1"]);
		time += 10_000;
		expect(await index.files()).toEqual(["v2"]);
	});

	it("stops at the file cap", async () => {
		expect(await listWithRipgrep(await findRipgrep(), dir, 2)).toHaveLength(2);
	});

	it("falls back to a glob walk with the same ignore rules", async () => {
		expect(await listWithGlob(dir, 100)).toEqual([
			".gitignore",
			"my notes.md",
			"src/app.ts",
			"src/util/helpers.ts",
		]);
	});

	it("completes @ with a fuzzy match and inserts the path", async () => {
		const { type, press, list, composer } = setup({ files: await warmIndex() });
		type("read @help");
		await settle();
		expect(list()[0].trim()).toBe("src/util/helpers.ts");
		press("tab");
		expect(composer.getText()).toBe("read @src/util/helpers.ts ");
	});

	it("never offers an ignored file", async () => {
		const { type, list } = setup({ files: await warmIndex() });
		type("@secret");
		await settle();
		expect(list()).toEqual([]);
	});

	it("quotes a path with spaces", async () => {
		const { type, press, composer } = setup({ files: await warmIndex() });
		type("@notes");
		await settle();
		press("enter");
		expect(composer.getText()).toBe('@"my notes.md" ');
	});

	it("does not open for an @ inside a word", async () => {
		const { type, list } = setup({ files: await warmIndex() });
		type("mail me@app");
		await settle();
		expect(list()).toEqual([]);
	});
});

/** A provider whose answers the test releases by hand. */
function manualProvider(name: string, trigger?: string) {
	const calls: Array<{ query: string; signal: AbortSignal; answer: (items: MentionItem[]) => void }> = [];
	const provider: MentionProvider = {
		name,
		trigger,
		complete(query, signal) {
			return new Promise<MentionItem[]>((resolve) => calls.push({ query, signal, answer: resolve }));
		},
	};
	return { provider, calls };
}

describe("mention providers", () => {
	it("drops a slow answer to an old query and keeps the newest", async () => {
		const { provider, calls } = manualProvider("issues");
		const { type, list, buffer } = setup({ mentions: () => [provider] });
		type("@1");
		type("2");
		expect(calls.map((c) => c.query)).toEqual(["", "1", "12"]);
		expect(calls[1].signal.aborted).toBe(true);
		calls[2].answer([{ value: "#12", label: "issue 12", description: "Crash on start" }]);
		await settle();
		expect(buffer.getMeta("completion")).toEqual({ open: true, items: 1 });
		calls[1].answer([{ value: "#1", label: "stale answer" }]);
		await settle();
		expect(list()).toEqual([" issue 12  Crash on start · issues"]);
	});

	it("lists files first, then provider items labelled by provider, and inserts the item's value", async () => {
		const files = new FileIndex("/unused", { list: async () => ["docs/guide.md"] });
		const sync: MentionProvider = { name: "people", complete: () => [{ value: "@guido", label: "guido" }] };
		const { type, list, press, composer } = setup({ files, mentions: () => [sync] });
		type("@gu");
		await settle();
		expect(list().map((row) => row.trim().replace(/\s+/g, " "))).toEqual(["docs/guide.md", "guido · people"]);
		press("down");
		press("tab");
		expect(composer.getText()).toBe("@guido ");
	});

	it("a failing provider is reported in the buffer's metadata and the others still answer", async () => {
		const broken: MentionProvider = {
			name: "broken",
			complete: () => {
				throw new Error("service down");
			},
		};
		const working: MentionProvider = { name: "ok", complete: () => [{ value: "@fine" }] };
		const { type, list, buffer } = setup({ mentions: () => [broken, working] });
		type("@f");
		await settle();
		expect(buffer.getMeta("completionError")).toBe("Completion from broken failed: service down");
		expect(list()).toEqual([" @fine  · ok"]);
	});

	it("a provider with its own trigger completes only that trigger", async () => {
		const { provider, calls } = manualProvider("tickets", "#");
		const { type, list } = setup({ mentions: () => [provider] });
		type("@x ");
		expect(calls).toHaveLength(0);
		type("#4");
		calls.at(-1)!.answer([{ value: "#42", label: "ticket 42" }]);
		await settle();
		expect(list()).toEqual([" ticket 42  · tickets"]);
	});
});
