/** The event catalog page must say exactly what the kernel's table says. */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { OTHER_KEYS_RULE, PROJECT_SETTINGS_POLICY } from "../src/ai/project-settings-policy.js";
import { EVENTS } from "../src/kernel/events.js";

const page = readFileSync(resolve(import.meta.dirname, "../docs/events.md"), "utf8");

function section(title: string): string {
	const start = page.indexOf(`## ${title}\n`);
	if (start < 0) throw new Error(`docs/events.md has no "## ${title}" section`);
	const end = page.indexOf("\n## ", start + 1);
	return page.slice(start, end < 0 ? undefined : end);
}

describe("docs/events.md", () => {
	it("lists every event with its fold kind and description, and nothing else", () => {
		const rows = [...section("Events").matchAll(/^\| `([a-z_]+)` \| (\w+) \| (.+) \|$/gm)].map((m) => ({
			name: m[1],
			kind: m[2],
			description: m[3],
		}));
		expect(rows.length).toBeGreaterThan(0);
		expect(rows).toEqual(
			Object.entries(EVENTS).map(([name, spec]) => ({
				name,
				kind: spec.kind,
				description: spec.description,
			})),
		);
	});

	it("documents the payload of every event", () => {
		const payloads = section("Payloads and results");
		for (const name of Object.keys(EVENTS)) expect(payloads, name).toContain(`\`${name}\``);
	});
});

describe("docs/security.md", () => {
	const security = readFileSync(resolve(import.meta.dirname, "../docs/security.md"), "utf8");

	it("shows the untrusted-folder allow-list exactly as the code's table has it", () => {
		const start = security.indexOf("## Project settings in an untrusted folder\n");
		expect(start).toBeGreaterThanOrEqual(0);
		const table = security.slice(start, security.indexOf("\n## ", start + 1));
		const rows = [...table.matchAll(/^\| `([^`]+)` \| ([^|]+) \| (.+) \|$/gm)].map((m) => ({
			key: m[1],
			untrusted: m[2],
			reason: m[3],
		}));
		expect(rows).toEqual([...PROJECT_SETTINGS_POLICY, OTHER_KEYS_RULE]);
	});
});
