import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadPolicy } from "./policy.js";

function places(user?: unknown, project?: unknown, raw?: { user?: string }) {
	const root = mkdtempSync(join(tmpdir(), "weft-policy-"));
	const home = join(root, "home");
	const cwd = join(root, "project");
	mkdirSync(home);
	mkdirSync(join(cwd, ".weft"), { recursive: true });
	if (raw?.user !== undefined) writeFileSync(join(home, "settings.json"), raw.user);
	else if (user !== undefined) writeFileSync(join(home, "settings.json"), JSON.stringify(user, null, 2));
	if (project !== undefined)
		writeFileSync(join(cwd, ".weft", "settings.json"), JSON.stringify(project, null, 2));
	return { home, cwd };
}

const texts = (policy: ReturnType<typeof loadPolicy>) =>
	policy.rules.map((r) => `${r.scope} ${r.kind} ${r.text}`);

describe("loadPolicy", () => {
	it("is not configured without a permissions key", () => {
		const policy = loadPolicy({ ...places({ thinking: "low" }), projectTrusted: true });
		expect(policy).toMatchObject({ configured: false, rules: [], mode: "default", problems: [] });
	});

	it("adds up the rules of both files; the project's mode replaces the user's", () => {
		const policy = loadPolicy({
			...places(
				{
					permissions: { allow: ["Bash(npm test:*)"], deny: ["Read(~/.ssh/**)"], defaultMode: "acceptEdits" },
				},
				{ permissions: { ask: ["Bash(git push:*)"], allow: ["Edit(./src/**)"], defaultMode: "plan" } },
			),
			projectTrusted: true,
		});
		expect(texts(policy)).toEqual([
			"user allow Bash(npm test:*)",
			"user deny Read(~/.ssh/**)",
			"project allow Edit(./src/**)",
			"project ask Bash(git push:*)",
		]);
		expect(policy.mode).toBe("plan");
		expect(policy.heldBack).toEqual([]);
	});

	it("lets an untrusted project tighten but not loosen, and says what it held back", () => {
		const policy = loadPolicy({
			...places(
				{ permissions: { defaultMode: "default" } },
				{
					permissions: {
						allow: ["Bash", "Edit"],
						deny: ["Bash(curl:*)"],
						ask: ["Read(./.env)"],
						defaultMode: "bypassPermissions",
					},
				},
			),
			projectTrusted: false,
		});
		expect(texts(policy)).toEqual(["project ask Read(./.env)", "project deny Bash(curl:*)"]);
		expect(policy.mode).toBe("default");
		expect(policy.heldBack).toEqual([
			'.weft/settings.json: ignored permissions.allow (2 rules) and permissions.defaultMode "bypassPermissions" (this folder is not trusted, and a project may only tighten your permissions; run "weft trust" to allow them)',
		]);
	});

	it("honours a tighter mode from an untrusted project", () => {
		const policy = loadPolicy({
			...places({ permissions: { defaultMode: "acceptEdits" } }, { permissions: { defaultMode: "plan" } }),
			projectTrusted: false,
		});
		expect(policy.mode).toBe("plan");
	});

	it("reports mistakes with file, line, key and rule, and keeps the good rules", () => {
		const user = [
			"{",
			"  // comments are fine",
			'  "permissions": {',
			'    "allow": ["Bash(npm test:*)", "Bash(", 3],',
			'    "deny": "Bash(rm:*)",',
			'    "defaultMode": "yolo",',
			'    "additionalDirectories": []',
			"  }",
			"}",
		].join("\n");
		const { home, cwd } = places(undefined, undefined, { user });
		const policy = loadPolicy({ home, cwd, projectTrusted: true });
		expect(texts(policy)).toEqual(["user allow Bash(npm test:*)"]);
		const file = join(home, "settings.json");
		expect(policy.problems).toEqual([
			`${file}:7:5: permissions.additionalDirectories: is not used by weft; known keys: allow, ask, deny, defaultMode`,
			`${file}:4:35: permissions.allow[1]: "Bash(" is not a rule; write Tool or Tool(specifier), e.g. "Bash(npm test:*)" or "Read(./src/**)"`,
			`${file}:4:44: permissions.allow[2]: must be a rule in a string, not 3`,
			`${file}:5:13: permissions.deny: must be a list of rules, e.g. ["Bash(npm test:*)", "Read(./src/**)"]`,
			`${file}:6:20: permissions.defaultMode: must be one of "bypassPermissions", "acceptEdits", "default", "plan"`,
		]);
	});
});
