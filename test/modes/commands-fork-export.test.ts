/** `/fork` and `/export` against the fake interactive mode, with a real session store. */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { AgentSession } from "../../src/agent/session.js";
import { SessionStore } from "../../src/agent/session-store.js";
import { emptyUsage } from "../../src/kernel/messages.js";
import { type Fake, fakeServices } from "./commands-fake-services.js";

let fake: Fake | undefined;
afterEach(() => {
	fake?.cleanup();
	fake = undefined;
});

/** A fake whose session is backed by a real store with these user messages (each answered). */
function withStore(questions: string[], persist = true): { fake: Fake; store: SessionStore; ids: string[] } {
	const made = fakeServices();
	const store = SessionStore.create({ home: made.home, cwd: made.cwd, persist });
	const ids = questions.map((text, i) => {
		const id = store.append({ type: "message", message: { role: "user", content: text, timestamp: i } }).id;
		store.append({
			type: "message",
			message: {
				role: "assistant",
				content: [{ type: "text", text: `answer to ${text}` }],
				provider: "p",
				model: "m",
				usage: emptyUsage(),
				stopReason: "end",
				timestamp: i,
			},
		});
		return id;
	});
	made.services.session = () => ({ id: store.id, store, cwd: made.cwd }) as unknown as AgentSession;
	return { fake: made, store, ids };
}

describe("/fork", () => {
	it("offers the branch's messages newest first and forks before the one picked", async () => {
		const made = withStore(["first question", "second   question\nwith two lines"]);
		fake = made.fake;
		fake.user.selects(made.ids[0]);
		await fake.run("fork");
		const [dialog] = fake.user.dialogs;
		expect(dialog.title).toMatch(/^Fork from which message\?/);
		expect(dialog.items?.map((item) => [item.label, item.description])).toEqual([
			["second question with two lines", "just now"],
			["first question", "just now"],
		]);
		expect(fake.switches).toEqual([{ kind: "fork", entryId: made.ids[0] }]);
		expect(fake.user.notesAt("info")[0]).toMatch(/^Forked into session/);
	});

	it("does nothing when the pick is cancelled", async () => {
		const made = withStore(["only question"]);
		fake = made.fake;
		fake.user.selects(undefined);
		await fake.run("fork");
		expect(fake.switches).toEqual([]);
		expect(fake.user.notes).toEqual([]);
	});

	it("says why when there is nothing to fork, or no file to fork", async () => {
		fake = withStore([]).fake;
		await fake.run("fork");
		expect(fake.user.notesAt("info")).toEqual(["Nothing to fork yet: this session has no messages"]);
		fake.cleanup();

		fake = withStore(["kept in memory"], false).fake;
		await fake.run("fork");
		expect(fake.user.notesAt("error")[0]).toMatch(/kept in memory only \(--no-session\)/);
		expect(fake.user.dialogs).toEqual([]);
		await fake.run("fork", "abc");
		expect(fake.user.notesAt("error")[1]).toBe('/fork takes no arguments (got "abc")');
	});
});

describe("/export", () => {
	it("writes the page to the default name, then to a new one; a taken file name is refused", async () => {
		const made = withStore(["what is <b>bold</b>?"]);
		fake = made.fake;
		await fake.run("export");
		const page = join(fake.cwd, `weft-session-${made.store.id.slice(0, 8)}.html`);
		expect(fake.user.notesAt("success")).toEqual([`Exported the session to ${page}`]);
		expect(readFileSync(page, "utf8")).toContain("what is &lt;b&gt;bold&lt;/b&gt;?");

		await fake.run("export");
		expect(existsSync(join(fake.cwd, `weft-session-${made.store.id.slice(0, 8)}-2.html`))).toBe(true);

		writeFileSync(join(fake.cwd, "taken.html"), "mine");
		await fake.run("export", "taken.html");
		expect(fake.user.notesAt("error")[0]).toMatch(/^\/export: Cannot export: .*taken\.html already exists/);
		expect(readFileSync(join(fake.cwd, "taken.html"), "utf8")).toBe("mine");
	});

	it("says there is nothing to export in a session without messages", async () => {
		fake = withStore([]).fake;
		await fake.run("export");
		expect(fake.user.notesAt("info")).toEqual(["Nothing to export yet: this session has no messages"]);
	});
});
