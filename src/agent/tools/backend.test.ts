/** The built-in tools through a tool backend (ToolContext.backend): a fake "remote" that is a Map and a script. */
import { describe, expect, it } from "vitest";
import { textOf } from "../../kernel/messages.js";
import type { ToolBackend, ToolContext, ToolResult } from "../../kernel/tool.js";
import { type BashDetails, createBashTool } from "./bash.js";
import { createEditTool } from "./edit.js";
import { createFindTool } from "./find.js";
import { createLsTool } from "./ls.js";
import { createReadTool } from "./read.js";
import { createWriteTool } from "./write.js";

/** A folder that exists on no disk: every path below is only in the backend. */
const CWD = "/remote/project";

function remote(files: Record<string, string | Uint8Array> = {}) {
	const store = new Map(Object.entries(files));
	const calls: string[] = [];
	const backend: ToolBackend = {
		async readFile(path) {
			calls.push(`read ${path}`);
			const content = store.get(path);
			if (content === undefined) throw Object.assign(new Error(`no ${path}`), { code: "ENOENT" });
			return content;
		},
		async writeFile(path, content) {
			calls.push(`write ${path}`);
			store.set(path, content);
		},
	};
	return { store, calls, backend };
}

const context = (backend: ToolBackend, signal = new AbortController().signal): ToolContext => ({
	cwd: CWD,
	toolCallId: "c1",
	signal,
	onUpdate: () => {},
	backend,
});

const text = (result: ToolResult | string) => (typeof result === "string" ? result : textOf(result.content));

describe("read, write and edit through a backend", () => {
	it("read pages a text file, attaches an image and describes a binary from the backend's bytes", async () => {
		const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]);
		const { backend, calls } = remote({
			[`${CWD}/a.txt`]: "one\ntwo\nthree\n",
			[`${CWD}/p.png`]: png,
			[`${CWD}/b.bin`]: new Uint8Array([0, 1, 2, 0, 255]),
		});
		const read = createReadTool();
		expect(text(await read.execute({ path: "a.txt", offset: 2, limit: 1 }, context(backend)))).toBe(
			"two\n\n[showing lines 2-2 of 3; use offset=3 to continue]",
		);
		const image = (await read.execute({ path: "p.png" }, context(backend))) as ToolResult;
		expect(image.content).toEqual([
			{ type: "text", text: "Image p.png (image/png, 12 B)" },
			{ type: "image", data: Buffer.from(png).toString("base64"), mimeType: "image/png" },
		]);
		expect(text(await read.execute({ path: "b.bin" }, context(backend)))).toMatch(/binary file/);
		await expect(read.execute({ path: "gone.txt" }, context(backend))).rejects.toThrow(
			"File not found: gone.txt. Check the path, or use find to locate it.",
		);
		expect(calls[0]).toBe(`read ${CWD}/a.txt`);
	});

	it("write and edit put the new content through the backend; a backend failure is the tool's error", async () => {
		const { backend, store } = remote({ [`${CWD}/src/x.ts`]: "let a = 1;\r\nlet b = 2;\r\n" });
		expect(
			text(await createWriteTool().execute({ path: "new/n.txt", content: "hi" }, context(backend))),
		).toBe("Wrote new/n.txt (2 bytes).");
		expect(store.get(`${CWD}/new/n.txt`)).toBe("hi");
		await createEditTool().execute(
			{ path: "src/x.ts", oldText: "b = 2", newText: "b = 3" },
			context(backend),
		);
		expect(store.get(`${CWD}/src/x.ts`)).toBe("let a = 1;\r\nlet b = 3;\r\n");
		const failing: ToolBackend = {
			writeFile: async () => {
				throw new Error("disk full");
			},
		};
		await expect(createWriteTool().execute({ path: "f", content: "" }, context(failing))).rejects.toThrow(
			"Could not write f through the tool backend: disk full",
		);
	});
});

describe("ls and find through a backend", () => {
	it("ls lists the backend's entries sorted, folders marked; its ENOTDIR is ls's own message", async () => {
		const backend: ToolBackend = {
			async listDirectory(path) {
				if (path.endsWith("file.txt")) throw Object.assign(new Error("not a dir"), { code: "ENOTDIR" });
				return [
					{ name: "b.txt", isDirectory: false },
					{ name: "Src", isDirectory: true },
					{ name: "a.txt", isDirectory: false },
				];
			},
		};
		expect(text(await createLsTool().execute({}, context(backend)))).toBe("a.txt\nb.txt\nSrc/");
		await expect(createLsTool().execute({ path: "file.txt" }, context(backend))).rejects.toThrow(
			"file.txt is a file, not a directory; use read to see it.",
		);
	});

	it("find shows the backend's matches relative to the working directory, asking one past the limit", async () => {
		const asked: unknown[] = [];
		const backend: ToolBackend = {
			async glob(pattern, root, { ignore, limit }) {
				asked.push({ pattern, root, ignore, limit });
				return ["src/b.ts", `${CWD}/src/a.ts`, "c.ts"];
			},
		};
		const found = (await createFindTool().execute(
			{ pattern: "*.ts", limit: 2 },
			context(backend),
		)) as ToolResult;
		expect(asked).toEqual([
			{ pattern: "**/*.ts", root: CWD, ignore: ["**/.git/**", "**/node_modules/**"], limit: 3 },
		]);
		expect(text(found)).toBe(
			"c.ts\nsrc/a.ts\n\n[showing the first 2 files; narrow the pattern or path, or raise limit]",
		);
	});
});

describe("bash through a backend's exec", () => {
	it("streams the backend's output (bytes or text) and reports its exit code", async () => {
		const seen: Array<{ command: string; cwd: string }> = [];
		const backend: ToolBackend = {
			async exec(command, { cwd, onData }) {
				seen.push({ command, cwd });
				onData(Buffer.from("remote "));
				onData("output\n");
				return { exitCode: 3 };
			},
		};
		const result = (await createBashTool().execute({ command: "make" }, context(backend))) as ToolResult;
		expect(seen).toEqual([{ command: "make", cwd: CWD }]);
		expect(text(result)).toBe("remote output\n[exit code 3]");
		expect(result.isError).toBe(true);
		expect((result.details as BashDetails).exitCode).toBe(3);
	});

	it("abort and timeout abort the backend's signal; its rejection after that is the abort, not an error", async () => {
		const backend: ToolBackend = {
			exec: (_command, { signal }) =>
				new Promise((_resolve, reject) =>
					signal.addEventListener("abort", () => reject(new Error("aborted"))),
				),
		};
		const controller = new AbortController();
		const running = createBashTool().execute({ command: "sleep 100" }, context(backend, controller.signal));
		controller.abort();
		const aborted = (await running) as ToolResult;
		expect(text(aborted)).toBe("(no output)\n[aborted]");

		const timedOut = (await createBashTool().execute(
			{ command: "sleep 100", timeout: 0.05 },
			context(backend),
		)) as ToolResult;
		expect((timedOut.details as BashDetails).timedOut).toBe(true);

		const broken: ToolBackend = {
			exec: async () => {
				throw new Error("ssh: connect refused");
			},
		};
		await expect(createBashTool().execute({ command: "ls" }, context(broken))).rejects.toThrow(
			"Could not run the command through the tool backend: ssh: connect refused",
		);
	});
});
