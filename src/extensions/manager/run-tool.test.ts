import { describe, expect, it } from "vitest";
import { shorten } from "./run-tool.js";

describe("shorten", () => {
	it("gives npm's error, not the warnings printed before it", () => {
		const said = [
			"npm warn tarball tarball data for file:/tmp/x.tgz (null) seems to be corrupted. Trying again.",
			"npm warn tarball tarball data for file:/tmp/x.tgz (null) seems to be corrupted. Trying again.",
			"npm error code ENOENT",
			"npm error syscall open",
			"npm error path /tmp/x.tgz",
			"npm error errno -2",
			"npm error enoent ENOENT: no such file or directory, open '/tmp/x.tgz'",
			"npm error A complete log of this run can be found in: /root/.npm/_logs/x-debug-0.log",
		].join("\n");
		expect(shorten(said)).toBe("code ENOENT; enoent ENOENT: no such file or directory, open '/tmp/x.tgz'");
	});

	it("keeps git's fatal lines, and warnings when nothing else was said", () => {
		expect(shorten("Cloning into 'x'...\nfatal: repository 'file:///nope' does not exist\n")).toBe(
			"fatal: repository 'file:///nope' does not exist",
		);
		expect(shorten("npm warn something odd\n")).toBe("npm warn something odd");
	});
});
