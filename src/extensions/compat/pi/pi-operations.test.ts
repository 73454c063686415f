import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createLocalBashOperations, piBackend } from "./pi-operations.js";

let dir: string;
beforeEach(() => {
	dir = mkdtempSync(join(tmpdir(), "weft-pi-ops-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const signal = new AbortController().signal;

describe("pi's operations as weft's tool backend", () => {
	it("read's access failure is a missing file; write makes the folder first; bash's chunks pass as bytes", async () => {
		const calls: string[] = [];
		const read = piBackend("read", {
			readFile: async () => Buffer.from("x"),
			access: async () => {
				throw new Error("No such file");
			},
		});
		await expect(read.readFile?.("/r/a", signal)).rejects.toMatchObject({ code: "ENOENT" });
		const write = piBackend("write", {
			mkdir: async (d: string) => void calls.push(`mkdir ${d}`),
			writeFile: async (p: string) => void calls.push(`write ${p}`),
		});
		await write.writeFile?.("/r/sub/b.txt", "hi", signal);
		expect(calls).toEqual(["mkdir /r/sub", "write /r/sub/b.txt"]);
		const chunks: unknown[] = [];
		const bash = piBackend("bash", {
			exec: async (_c: string, _cwd: string, o: { onData(d: Buffer): void }) => {
				o.onData(Buffer.from("out"));
				return { exitCode: 0 };
			},
		});
		await bash.exec?.("ls", { cwd: "/r", signal, onData: (chunk) => chunks.push(chunk) });
		expect(Buffer.from(chunks[0] as Uint8Array).toString()).toBe("out");
	});

	it("ls and find map; missing operations and grep's are refused with what to do", async () => {
		const ls = piBackend("ls", {
			exists: async (p: string) => p !== "/gone",
			stat: async (p: string) => ({ isDirectory: () => !p.endsWith(".txt") }),
			readdir: async () => ["a.txt", "src"],
		});
		expect(await ls.listDirectory?.("/r", signal)).toEqual([
			{ name: "a.txt", isDirectory: false },
			{ name: "src", isDirectory: true },
		]);
		await expect(ls.listDirectory?.("/gone", signal)).rejects.toMatchObject({ code: "ENOENT" });
		expect(() => piBackend("bash", {})).toThrow("the bash tool's operations need exec()");
		expect(() => piBackend("grep", { isDirectory: () => true, readFile: () => "" })).toThrow(
			"weft's grep tool cannot take pi's operations",
		);
	});
});

describe("createLocalBashOperations", () => {
	it("runs the command here in cwd, streaming output, with its exit code", async () => {
		const out: Buffer[] = [];
		const ran = await createLocalBashOperations().exec("pwd; echo oops >&2; exit 3", dir, {
			onData: (data) => out.push(data),
		});
		expect(ran).toEqual({ exitCode: 3 });
		expect(Buffer.concat(out).toString()).toContain(dir);
		expect(Buffer.concat(out).toString()).toContain("oops");
	});

	it("abort and timeout stop the process group and reject as pi's do", async () => {
		const controller = new AbortController();
		const running = createLocalBashOperations().exec("sleep 30", dir, {
			onData: () => {},
			signal: controller.signal,
		});
		controller.abort();
		await expect(running).rejects.toThrow("aborted");
		await expect(
			createLocalBashOperations().exec("sleep 30", dir, { onData: () => {}, timeout: 0.05 }),
		).rejects.toThrow("timeout:0.05");
		await expect(
			createLocalBashOperations().exec("true", join(dir, "nope"), { onData: () => {} }),
		).rejects.toThrow("does not exist");
	});
});
