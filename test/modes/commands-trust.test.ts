import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { trustFile } from "../../src/base/paths.js";
import { addTrusted, isTrusted } from "../../src/extensions/trust.js";
import { type Fake, fakeServices } from "./commands-fake-services.js";

let fake: Fake;
afterEach(() => fake.cleanup());

describe("/trust", () => {
	it("trusts the folder after the user confirms, then reloads settings and extensions if asked", async () => {
		fake = fakeServices();
		fake.user.confirms(true).confirms(true);
		await fake.run("trust");
		expect(isTrusted(fake.home, fake.cwd)).toBe(true);
		expect(fake.user.dialogs.map((d) => d.title)).toEqual([
			"Trust this folder?",
			"Load the project extensions now?",
		]);
		expect(fake.user.notesAt("success")[0]).toContain("Trusted");
		expect(fake.counts).toMatchObject({ settingsReloads: 1, reloads: 1 });
	});

	it("changes nothing when the user declines", async () => {
		fake = fakeServices();
		fake.user.confirms(false);
		await fake.run("trust");
		expect(isTrusted(fake.home, fake.cwd)).toBe(false);
		expect(fake.user.notes).toEqual([
			{ message: "This folder is not trusted; nothing changed", level: "info" },
		]);
		expect(fake.counts.reloads).toBe(0);
	});

	it("only reports the state of a folder already trusted", async () => {
		fake = fakeServices();
		addTrusted(fake.home, fake.cwd);
		await fake.run("trust");
		expect(fake.user.dialogs).toEqual([]);
		expect(fake.user.notes[0].message).toMatch(/^This folder is trusted/);
	});

	it("off removes the trust and offers to unload project extensions", async () => {
		fake = fakeServices();
		addTrusted(fake.home, fake.cwd);
		fake.user.confirms(false);
		await fake.run("trust", "off");
		expect(isTrusted(fake.home, fake.cwd)).toBe(false);
		expect(fake.user.dialogs.map((d) => d.title)).toEqual(["Unload the project extensions now?"]);
		expect(fake.counts.reloads).toBe(0);
	});

	it("off says when a parent folder still covers this one", async () => {
		fake = fakeServices();
		addTrusted(fake.home, dirname(fake.cwd));
		await fake.run("trust", "off");
		expect(isTrusted(fake.home, fake.cwd)).toBe(true);
		expect(fake.user.notesAt("warning")[0]).toContain("still trusted through");
	});

	it("reports a bad argument and an unreadable trust file as errors", async () => {
		fake = fakeServices();
		await fake.run("trust", "maybe");
		expect(fake.user.notesAt("error")[0]).toContain('expected nothing, "on" or "off"');
		mkdirSync(dirname(trustFile(fake.home)), { recursive: true });
		writeFileSync(join(fake.home, "trust.json"), "{ not json");
		await fake.run("trust");
		expect(fake.user.notesAt("error")[1]).toContain("is not valid JSON");
		expect(fake.user.dialogs).toEqual([]);
	});
});
