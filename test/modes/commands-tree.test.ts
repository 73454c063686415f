/**
 * `/tree` with a scripted user and a real session: the rows it offers, the
 * summary question (asked only when work is left behind; Esc calls the move
 * off), instructions passed on, the composer filled, and the refusals.
 */
import { rmSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import type { AgentSession } from "../../src/agent/session.js";
import { treeCommand } from "../../src/modes/interactive/commands/tree.js";
import { scriptedProvider } from "../../src/testing/scripted-provider.js";
import type { TreeChoice, TreeDialogRow } from "../../src/tui/chat/ui/tree-dialog.js";
import { createScriptedSession } from "../support/scripted-session.js";
import { type Fake, fakeServices } from "./commands-fake-services.js";

const dirs: string[] = [];
let fake: Fake | undefined;
afterEach(() => {
	fake?.cleanup();
	fake = undefined;
	for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function setup(extra: Array<{ text: string }> = []) {
	const provider = scriptedProvider([{ text: "one" }, { text: "two" }, ...extra]);
	const { session } = createScriptedSession({ provider, prefix: "weft-tree-cmd-", dirs });
	await session.prompt("first");
	await session.prompt("second");
	fake = fakeServices();
	const offered: TreeDialogRow[][] = [];
	const composer: string[] = [];
	let pick: ((rows: readonly TreeDialogRow[]) => TreeChoice | undefined) | undefined;
	const services = {
		...fake.services,
		session: () => session,
		pickInTree: async (rows: readonly TreeDialogRow[]) => {
			offered.push([...rows]);
			return pick?.(rows);
		},
		setComposerText: (text: string) => void composer.push(text),
	};
	const command = treeCommand(services);
	const run = () => command.handler("", { cwd: fake!.cwd, ui: fake!.user, services });
	const choose = (text: string, at: TreeChoice["at"] = "node") => {
		pick = (rows) => ({ id: rows.find((r) => r.text === text)!.id, at });
	};
	return { session, provider, user: fake.user, offered, composer, run, choose, services };
}

const texts = (session: AgentSession): string[] =>
	session.messages.map((m) =>
		typeof m.content === "string" ? m.content : m.content.map((p) => ("text" in p ? p.text : "")).join(""),
	);

describe("/tree", () => {
	it("offers the nodes with the current one marked, and branches before a user message without a summary", async () => {
		const t = await setup();
		t.choose("second");
		t.user.selects("no");
		await t.run();
		expect(t.offered[0].map((r) => [r.text, r.current, r.onPath])).toEqual([
			["first", false, true],
			["second", true, true],
		]);
		expect(t.composer).toEqual(["second"]);
		expect(texts(t.session)).toEqual(["first", "one"]);
		expect(t.user.notesAt("info").at(-1)).toMatch(/Branching before that message/);
	});

	it("passes the instructions on to the summary request", async () => {
		const t = await setup([{ text: "the summary" }]);
		t.choose("first");
		t.user.selects("instructions").types("keep the numbers");
		await t.run();
		expect(t.user.dialogs.map((d) => d.title)).toEqual([
			"Summarise the branch you leave?",
			"What should the summary focus on?",
		]);
		const prompt = t.provider.requests.at(-1)!.messages[0].content as string;
		expect(prompt).toContain("keep the numbers");
		expect(t.session.store.getEntry(t.session.store.leafId!)).toMatchObject({
			type: "branch_summary",
			summary: "the summary",
		});
		expect(t.composer).toEqual(["first"]);
	});

	it("Esc in the summary question calls the move off", async () => {
		const t = await setup();
		const leaf = t.session.store.leafId;
		t.choose("first");
		t.user.selects(undefined);
		await t.run();
		expect(t.session.store.leafId).toBe(leaf);
		expect(t.composer).toEqual([]);
	});

	it("asks nothing when no work is left behind, and says so when the choice is where the session already is", async () => {
		const t = await setup();
		t.choose("second", "after");
		await t.run();
		expect(t.user.dialogs).toEqual([]);
		expect(t.user.notesAt("info")).toEqual(["Already here: the next prompt continues from this point"]);
	});

	it("Ctrl+E labels a node (empty clears it) and comes back to the tree on it, labels shown", async () => {
		const t = await setup();
		const leaf = t.session.store.leafId;
		let round = 0;
		t.user.types("  before   the refactor ").types("");
		// Label "first", see it, clear it, then close the tree.
		const picks: Array<TreeChoice["at"] | undefined> = ["label", "label", undefined];
		const pick = (rows: readonly TreeDialogRow[]) => {
			const at = picks[round++];
			return at && { id: rows.find((r) => r.text === "first")!.id, at };
		};
		const services = t.services;
		services.pickInTree = async (rows) => {
			t.offered.push([...rows]);
			return pick(rows);
		};
		await t.run();
		const first = (rows: TreeDialogRow[]) => rows.find((r) => r.text === "first")!;
		expect(first(t.offered[0]).labels).toEqual([]);
		expect(first(t.offered[1])).toMatchObject({ labels: ["before the refactor"], selected: true });
		expect(first(t.offered[2]).labels).toEqual([]);
		expect(t.user.dialogs.map((d) => d.title)).toEqual([
			"Label for this point (empty clears it)",
			"Label for this point (empty clears it)",
		]);
		const labels = t.session.store.entries.filter((e) => e.type === "label");
		expect(labels).toHaveLength(2);
		expect(labels[0]).toMatchObject({ targetId: first(t.offered[0]).id, label: "before the refactor" });
		expect(labels[1]).not.toHaveProperty("label");
		// Labels change no conversation: the next prompt goes on from where it was.
		expect(t.session.store.buildContext().messages).toHaveLength(4);
		expect(t.session.store.getEntry(t.session.store.leafId!)?.parentId).not.toBe(null);
		expect(leaf).not.toBe(t.session.store.leafId);
	});

	it("names an extension's cancel", async () => {
		const t = await setup();
		t.session.kernel.bus.on("session_before_tree", () => ({ cancel: true, reason: "pinned" }), {
			owner: "ext",
		});
		t.choose("first");
		t.user.selects("no");
		await t.run();
		expect(t.user.notesAt("warning")).toEqual(["moving in the session tree was cancelled: pinned"]);
	});
});
