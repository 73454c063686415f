/** `weft --export SESSION [FILE]` through the real binary. */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { MockLlm } from "../../src/testing/mock-llm/index.js";
import { twoTurnSession } from "../support/two-turn-session.js";
import { runWeft, type Sandbox, withMockSandbox } from "../support/weft-cli.js";

describe("--export", () => {
	let sandbox: Sandbox;
	let llm: MockLlm;

	withMockSandbox((made, started) => {
		sandbox = made;
		llm = started;
	});

	const twoTurns = () => twoTurnSession(sandbox, llm);

	it('-c -p "/export" writes the page as the terminal UI\'s /export does, without asking the model', async () => {
		const { id } = await twoTurns();
		const requests = llm.requests.length;
		const result = await runWeft(sandbox, ["-c", "-p", "/export"]);
		expect(result.code).toBe(0);
		expect(llm.requests).toHaveLength(requests);
		const html = readFileSync(join(sandbox.cwd, `weft-session-${id.slice(0, 8)}.html`), "utf8");
		expect(html).toContain("and a second question");
		expect(html).toContain("Second answer.");
	});

	it("--export writes one HTML page holding every message, and never overwrites", async () => {
		const { id } = await twoTurns();
		const result = await runWeft(sandbox, ["--export", id.slice(0, 6)]);
		expect(result.stderr).toBe("");
		expect(result.code).toBe(0);
		const out = join(sandbox.cwd, `weft-session-${id.slice(0, 8)}.html`);
		expect(result.stdout).toBe(`Exported session ${id} to ${out}\n`);
		const html = readFileSync(out, "utf8");
		expect(html.startsWith("<!DOCTYPE html>")).toBe(true);
		expect(html.trimEnd().endsWith("</html>")).toBe(true);
		for (const text of [
			"remember the fruit in notes.txt",
			"fruit: kiwi",
			"The notes say <strong>kiwi</strong>.",
			"and a second question",
			"Second answer.",
		]) {
			expect(html).toContain(text);
		}
		expect(html).not.toMatch(/<script|<link|src="http/);

		// A file name given: written there; given again, refused with the file untouched.
		const [file] = sandbox.sessionFiles();
		expect((await runWeft(sandbox, ["--export", file, "page.html"])).code).toBe(0);
		const again = await runWeft(sandbox, ["--export", file, "page.html"]);
		expect(again.code).not.toBe(0);
		expect(again.stderr).toMatch(/page\.html already exists; give another file name or remove it first/);
		expect(readFileSync(join(sandbox.cwd, "page.html"), "utf8")).toBe(html);
	});

	it("--export names what is wrong with SESSION", async () => {
		const result = await runWeft(sandbox, ["--export", "nosuch"]);
		expect(result.code).not.toBe(0);
		expect(result.stderr).toMatch(/no session file or session id "nosuch"/);
		expect(existsSync(join(sandbox.cwd, "weft-session-nosuch.html"))).toBe(false);
		const extra = await runWeft(sandbox, ["--export", "x", "a.html", "b.html"]);
		expect(extra.stderr).toMatch(/--export takes one output file/);
	});
});
