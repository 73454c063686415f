import { describe, expect, it } from "vitest";
import type { ExtensionContext } from "../../types.js";
import { alwaysRule, askUser } from "./ask.js";
import { decide } from "./decide.js";

const cwd = "/work/project";
const places = { cwd, settingsFile: "/home/ada/.weft/settings.json" };

/** A context whose dialogs answer as given and record what they were asked. */
function contextFor(mode: string, answers: { select?: string; confirm?: boolean }) {
	const asked: string[] = [];
	const ui = {
		select: async (title: string, items: Array<{ label: string }>) => {
			asked.push(`select ${title} [${items.map((i) => i.label).join(" | ")}]`);
			return answers.select;
		},
		confirm: async (title: string, message?: string) => {
			asked.push(`confirm ${title} (${message})`);
			return answers.confirm ?? false;
		},
	};
	return { ctx: { mode, ui, hasUI: true } as unknown as ExtensionContext, asked };
}

const call = (command: string, source = "model") => ({ name: "bash", args: { command }, source });

describe("askUser", () => {
	it("offers yes, yes for the session, yes always and no, and returns the rule for the session", async () => {
		const { ctx, asked } = contextFor("interactive", { select: "session" });
		const answer = await askUser(
			ctx,
			call("npm test -- --run"),
			decide(call("npm test"), [], "default", cwd),
			places,
		);
		expect(asked).toEqual([
			"select Allow bash: npm test -- --run? [Yes | Yes, and allow Bash(npm test:*) for this session | Yes, and always allow Bash(npm test:*) (saved in /home/ada/.weft/settings.json) | No (the model is told you declined)]",
		]);
		expect(answer.verdict).toBe("allow");
		expect(answer.always?.text).toBe("Bash(npm test:*)");
		expect(answer.remember).toBeUndefined();
	});

	it("marks the rule to be saved for yes always, and offers no saving when the rule would read back as a glob", async () => {
		const { ctx, asked } = contextFor("interactive", { select: "remember" });
		const answer = await askUser(ctx, call("make"), decide(call("make"), [], "default", cwd), places);
		expect(answer).toMatchObject({ verdict: "allow", remember: true, always: { text: "Bash(make:*)" } });
		const edit = { name: "edit", args: { path: "src/a*.ts" }, source: "model" };
		await askUser(ctx, edit, decide(edit, [], "default", cwd), places);
		expect(asked[1]).toBe(
			"select Allow edit: src/a*.ts? [Yes | Yes, and allow Edit(./src/a*.ts) for this session | No (the model is told you declined)]",
		);
	});

	it("offers no 'always' when an ask rule asked, and says when a sub-agent asks", async () => {
		const { ctx, asked } = contextFor("rpc", { select: "once" });
		const decision = { verdict: "ask" as const, reason: "asks", rule: alwaysRule(call("x"), cwd) };
		expect(await askUser(ctx, call("git push", "subagent"), decision, places)).toEqual({ verdict: "allow" });
		expect(asked).toEqual([
			"select Allow bash (from a sub-agent): git push? [Yes | No (the model is told you declined)]",
		]);
	});

	it("counts a cancelled dialog as no", async () => {
		const { ctx } = contextFor("interactive", {});
		expect(await askUser(ctx, call("ls"), decide(call("ls"), [], "default", cwd), places)).toEqual({
			verdict: "deny",
		});
	});

	it("asks an ACP editor through its permission prompt (confirm)", async () => {
		const { ctx, asked } = contextFor("acp", { confirm: true });
		expect(await askUser(ctx, call("ls"), decide(call("ls"), [], "default", cwd), places)).toEqual({
			verdict: "allow",
		});
		expect(asked).toEqual(["confirm Allow bash: ls? (default mode asks before bash)"]);
	});
});

describe("alwaysRule", () => {
	it.each([
		[call("npm test -- --run"), "Bash(npm test:*)"],
		[call("ls -la"), "Bash(ls:*)"],
		[call("git status"), "Bash(git status:*)"],
		[call("npm test && rm -rf /"), undefined],
		[call("echo $(id)"), undefined],
		[{ name: "edit", args: { path: "src/a b*.ts" } }, "Edit(./src/a b*.ts)"],
		[{ name: "write", args: { path: "/tmp/out.txt" } }, "Edit(/tmp/out.txt)"],
		[{ name: "deploy", args: {} }, "deploy"],
	])("%j → %s", (c, text) => {
		expect(alwaysRule(c, cwd)?.text).toBe(text);
	});

	it("matches the file edited literally, glob characters and all", () => {
		const rule = alwaysRule({ name: "edit", args: { path: "src/a*.ts" } }, cwd);
		if (!rule) throw new Error("expected a rule");
		expect(decide({ name: "edit", args: { path: "src/a*.ts" } }, [rule], "default", cwd).verdict).toBe(
			"allow",
		);
		expect(decide({ name: "edit", args: { path: "src/ab.ts" } }, [rule], "default", cwd).verdict).toBe("ask");
	});
});
