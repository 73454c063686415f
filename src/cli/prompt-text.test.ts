import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

// Root reads a chmod 000 file, so a read of a file named "secret.md" fails here the way it would for a user.
vi.mock("node:fs", async (original) => {
	const fs = await original<typeof import("node:fs")>();
	return {
		...fs,
		readFileSync: ((path: string, ...rest: unknown[]) => {
			if (String(path).endsWith("secret.md"))
				throw Object.assign(new Error("EACCES: permission denied"), { code: "EACCES" });
			return (fs.readFileSync as (...args: unknown[]) => unknown)(path, ...rest);
		}) as typeof fs.readFileSync,
	};
});

import { UsageError } from "./args.js";
import { promptText } from "./prompt-text.js";

describe("promptText", () => {
	let dir: string;
	beforeEach(() => {
		dir = mkdtempSync(join(tmpdir(), "weft-prompt-text-"));
	});
	afterEach(() => rmSync(dir, { recursive: true, force: true }));

	it("reads a file the value names, relative to the working directory or absolute", () => {
		writeFileSync(join(dir, "agent.md"), "You review code.\n");
		expect(promptText("agent.md", "--append-system-prompt", dir)).toBe("You review code.\n");
		expect(promptText(join(dir, "agent.md"), "--append-system-prompt", "/")).toBe("You review code.\n");
	});

	it("keeps text that names no file, a folder's name, multi-line text and nothing as they are", () => {
		mkdirSync(join(dir, "notes"));
		expect(promptText("Answer in French.", "--append-system-prompt", dir)).toBe("Answer in French.");
		expect(promptText("notes", "--append-system-prompt", dir)).toBe("notes");
		expect(promptText("line one\nline two", "--system-prompt", dir)).toBe("line one\nline two");
		expect(promptText("x".repeat(5000), "--system-prompt", dir)).toHaveLength(5000);
		expect(promptText(undefined, "--system-prompt", dir)).toBeUndefined();
	});

	it("names the option and the file when the file cannot be read", () => {
		const file = join(dir, "secret.md");
		writeFileSync(file, "x");
		chmodSync(file, 0o000);
		expect(() => promptText("secret.md", "--append-system-prompt", dir)).toThrow(UsageError);
		expect(() => promptText("secret.md", "--append-system-prompt", dir)).toThrow(
			/--append-system-prompt: cannot read .*secret\.md/,
		);
	});
});
