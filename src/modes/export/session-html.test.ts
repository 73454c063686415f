import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { withHomeAndProject } from "../../../test/support/temp-files.js";
import { SessionStore } from "../../agent/session-store.js";
import { type AssistantMessage, emptyUsage, type Message } from "../../kernel/messages.js";
import { exportSessionHtml } from "./export-session.js";
import { markdownToHtml } from "./markdown-html.js";

let home: string;
let cwd: string;
withHomeAndProject("weft-session-html-", (dirs) => {
	({ home, cwd } = dirs);
});

const PIXEL =
	"iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==";
const XSS = "</script><script>alert(1)</script><img src=x onerror=alert(2)>";

const assistant = (content: AssistantMessage["content"]): AssistantMessage => ({
	role: "assistant",
	content,
	provider: "mock",
	model: "mock-model",
	usage: emptyUsage(),
	stopReason: "end",
	timestamp: Date.UTC(2026, 0, 2, 3, 4, 5),
});

function session(messages: Message[]): SessionStore {
	const store = SessionStore.create({ home, cwd, persist: false });
	for (const message of messages) store.append({ type: "message", message });
	return store;
}

const VOID = new Set(["meta", "br", "hr", "img", "input"]);

/**
 * A strict reading of the page: every tag is closed in order (void elements
 * excepted), and the text between tags is what a browser shows. Escaping
 * leaves no `<` in text, so a tag-level scan is a parse.
 */
function parse(html: string): { text: string; tags: string[]; attributes: Array<[string, string]> } {
	const stack: string[] = [];
	const tags: string[] = [];
	const attributes: Array<[string, string]> = [];
	const body = html.replace(/^<!DOCTYPE html>\n/, "").replace(/<style>[\s\S]*?<\/style>/, "<style></style>");
	for (const match of body.matchAll(/<(\/?)([a-zA-Z0-9]+)((?:\s+[a-z-]+(?:="[^"<>]*")?)*)\s*>|<|>/g)) {
		if (match[2] === undefined)
			throw new Error(
				`a stray "${match[0]}" at ${match.index}: ${body.slice(match.index - 40, match.index + 40)}`,
			);
		const [, closing, name, attrs] = match;
		const tag = name.toLowerCase();
		for (const attr of attrs.matchAll(/([a-z-]+)(?:="([^"]*)")?/g)) attributes.push([attr[1], attr[2] ?? ""]);
		if (closing) {
			const open = stack.pop();
			if (open !== tag) throw new Error(`</${tag}> closes <${open}> at ${match.index}`);
		} else {
			tags.push(tag);
			if (!VOID.has(tag)) stack.push(tag);
		}
	}
	if (stack.length > 0) throw new Error(`unclosed: ${stack.join(", ")}`);
	const text = body
		.replace(/<[^>]*>/g, "")
		.replace(/&lt;/g, "<")
		.replace(/&gt;/g, ">")
		.replace(/&quot;/g, '"')
		.replace(/&#39;/g, "'")
		.replace(/&amp;/g, "&");
	return { text, tags, attributes };
}

describe("session HTML export", () => {
	it("holds every message, parses back, and loads nothing from outside", () => {
		const store = session([
			{
				role: "user",
				content: [
					{ type: "text", text: "look at this picture & tell me" },
					{ type: "image", mimeType: "image/png", data: PIXEL },
				],
				timestamp: 1,
			},
			assistant([
				{ type: "thinking", thinking: "the user wants *a* review" },
				{
					type: "text",
					text: "# Plan\n\n1. read `main.ts`\n2. **fix** it\n\n| a | b |\n|---|---|\n| x | y |\n\n```ts\nconst a = 1 < 2;\n```",
				},
				{ type: "toolCall", id: "call-1", name: "read", args: { path: "src/main.ts" } },
			]),
			{
				role: "toolResult",
				toolCallId: "call-1",
				toolName: "read",
				content: [{ type: "text", text: "export const main = () => 42;" }],
				isError: false,
				timestamp: 3,
			},
			assistant([{ type: "text", text: "Done: see [the docs](https://example.com/docs)." }]),
		]);
		store.append({ type: "session_info", name: "picture review" });
		const file = exportSessionHtml(store, { cwd });
		expect(file).toBe(join(cwd, `weft-session-${store.id.slice(0, 8)}.html`));
		const html = readFileSync(file, "utf8");
		const { text, tags, attributes } = parse(html);
		for (const expected of [
			"look at this picture & tell me",
			"the user wants a review",
			"Plan",
			"read main.ts",
			"const a = 1 < 2;",
			"src/main.ts",
			"export const main = () => 42;",
			"Done: see the docs.",
			"picture review",
			store.id,
			"mock/mock-model",
		]) {
			expect(text).toContain(expected);
		}
		expect(tags).toEqual(
			expect.arrayContaining(["h1", "ol", "li", "strong", "table", "pre", "details", "img"]),
		);
		expect(tags).not.toContain("script");
		expect(tags).not.toContain("link");
		// Only pictures the session holds (data URIs) are shown; links are the reader's to follow.
		const sources = attributes.filter(([name]) => name === "src").map(([, value]) => value);
		expect(sources).toEqual([`data:image/png;base64,${PIXEL}`]);
		const hrefs = attributes.filter(([name]) => name === "href").map(([, value]) => value);
		expect(hrefs).toEqual(["https://example.com/docs"]);
		expect(html).not.toMatch(/url\(|@import/);
		expect(html).toContain("Content-Security-Policy");
	});

	it("escapes everything a message holds, so nothing in it runs", () => {
		const store = session([
			{ role: "user", content: XSS, timestamp: 1 },
			assistant([
				{ type: "text", text: `${XSS}\n\n[click](javascript:alert(3)) ![x](http://tracker.example/p.png)` },
				{ type: "toolCall", id: "c", name: "bash", args: { command: XSS } },
			]),
			{
				role: "toolResult",
				toolCallId: "c",
				toolName: "bash",
				content: [{ type: "text", text: XSS }],
				isError: true,
				timestamp: 3,
			},
		]);
		const html = readFileSync(exportSessionHtml(store, { cwd }), "utf8");
		const { text, tags, attributes } = parse(html);
		expect(tags).not.toContain("script");
		expect(tags.filter((tag) => tag === "img")).toEqual([]);
		expect(attributes.map(([name]) => name)).not.toContain("onerror");
		expect(attributes.some(([, value]) => /javascript:/.test(value))).toBe(false);
		// A picture in the markdown is a link to follow, never fetched by opening the page.
		expect(attributes.filter(([name]) => name === "src")).toEqual([]);
		// Shown as text, every time it occurs: the user's message, the answer, the call's args and its result.
		expect(text.split("</script><script>alert(1)</script>").length - 1).toBeGreaterThanOrEqual(3);
	});

	it("never overwrites: the default name moves on, a given name that exists is refused", () => {
		const store = session([{ role: "user", content: "hi", timestamp: 1 }]);
		const first = exportSessionHtml(store, { cwd });
		const second = exportSessionHtml(store, { cwd });
		expect(second).toBe(join(cwd, `weft-session-${store.id.slice(0, 8)}-2.html`));
		expect(first).not.toBe(second);
		writeFileSync(join(cwd, "mine.html"), "keep me");
		expect(() => exportSessionHtml(store, { cwd, file: "mine.html" })).toThrow(/already exists/);
		expect(readFileSync(join(cwd, "mine.html"), "utf8")).toBe("keep me");
		expect(exportSessionHtml(store, { cwd, file: "other.html" })).toBe(join(cwd, "other.html"));
	});

	it("marks compactions and branch summaries", () => {
		const store = session([{ role: "user", content: "old question", timestamp: 1 }]);
		const kept = store.append({ type: "message", message: { role: "user", content: "kept", timestamp: 2 } });
		store.append({
			type: "compaction",
			summary: "We **decided** to use SQLite.",
			firstKeptEntryId: kept.id,
			tokensBefore: 5000,
			tokensAfter: 800,
			reason: "manual",
		});
		store.append({ type: "branch_summary", fromId: kept.id, summary: "Tried Postgres first." });
		const { text } = parse(readFileSync(exportSessionHtml(store, { cwd }), "utf8"));
		expect(text).toContain("Compacted (manual): 5000 → 800 tokens");
		expect(text).toContain("We decided to use SQLite.");
		expect(text).toContain("Tried Postgres first.");
	});
});

describe("markdownToHtml", () => {
	it("renders emphasis, links, task lists and quotes; raw HTML stays text", () => {
		const html = markdownToHtml("*em* ~~del~~ <b>bold?</b>\n\n- [x] done\n- [ ] open\n\n> quoted\n\n---");
		expect(html).toContain("<em>em</em>");
		expect(html).toContain("<del>del</del>");
		expect(html).toContain("&lt;b&gt;bold?&lt;/b&gt;");
		expect(html).toContain('<input type="checkbox" disabled checked> done');
		expect(html).toContain("<blockquote><p>quoted</p>\n</blockquote>");
		expect(html).toContain("<hr>");
	});
});
