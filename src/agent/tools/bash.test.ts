import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { textOf } from "../../kernel/messages.js";
import type { ToolContext, ToolResult } from "../../kernel/tool.js";
import { type BashDetails, createBashTool } from "./bash.js";
import { SpillFiles } from "./spill-files.js";

let dir: string;
beforeEach(() => {
	dir = mkdtempSync(join(tmpdir(), "weft-bash-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function context(overrides: Partial<ToolContext> = {}): ToolContext {
	return {
		cwd: dir,
		toolCallId: "call-1",
		signal: new AbortController().signal,
		onUpdate: () => {},
		...overrides,
	};
}

async function bash(
	args: Record<string, unknown>,
	ctx: ToolContext = context(),
	spills = new SpillFiles({ dir }),
): Promise<ToolResult> {
	return (await createBashTool({ spills }).execute(args, ctx)) as ToolResult;
}

/** Gone, or a zombie waiting for a reaper (orphans are reparented to PID 1, which may never reap them). */
function isRunning(pid: number): boolean {
	try {
		process.kill(pid, 0);
	} catch {
		return false;
	}
	const stat = existsSync(`/proc/${pid}/stat`) ? readFileSync(`/proc/${pid}/stat`, "utf8") : "";
	return !/^\d+ \(.*\) Z/.test(stat);
}

describe("bash", () => {
	it("returns the output of a successful command", async () => {
		const result = await bash({ command: "echo hello; pwd" });
		expect(result.isError).toBe(false);
		expect(result.content).toBe(`hello\n${dir}`);
		expect(result.details).toEqual({
			exitCode: 0,
			timedOut: false,
			aborted: false,
			truncated: false,
			durationMs: expect.any(Number),
		});
	});

	it("reports how long the command ran", async () => {
		const result = await bash({ command: "sleep 0.2" });
		// A floor only: a loaded machine may take longer, never less.
		expect((result.details as BashDetails).durationMs).toBeGreaterThanOrEqual(150);
	});

	it("merges stdout and stderr in arrival order", async () => {
		const result = await bash({ command: "echo one; sleep 0.2; echo two >&2; sleep 0.2; echo three" });
		expect(result.content).toBe("one\ntwo\nthree");
	});

	it("reports a non-zero exit as an error with the exit code", async () => {
		const result = await bash({ command: "echo failing >&2; exit 3" });
		expect(result.isError).toBe(true);
		expect(result.content).toBe("failing\n[exit code 3]");
		expect((result.details as BashDetails).exitCode).toBe(3);
	});

	it("says when a command printed nothing", async () => {
		expect((await bash({ command: "true" })).content).toBe("(no output)");
	});

	it("streams partial output through onUpdate", async () => {
		const updates: string[] = [];
		await bash(
			{ command: "echo first; sleep 0.3; echo second" },
			context({ onUpdate: (p) => updates.push(textOf(p)) }),
		);
		expect(updates.length).toBeGreaterThan(0);
		expect(updates[0]).toContain("first");
		expect(updates.every((update) => update.startsWith("first"))).toBe(true);
	});

	it("keeps the head and tail of long output and saves the full output until the session ends", async () => {
		const spills = new SpillFiles({ dir });
		const result = await bash({ command: "seq 1 5000" }, context(), spills);
		const text = textOf(result.content);
		const details = result.details as BashDetails;
		expect(result.isError).toBe(false);
		expect(details.truncated).toBe(true);
		expect(text.startsWith("1\n2\n3\n")).toBe(true);
		expect(text).toContain("1000\n[… 3000 lines omitted …]\n4001\n");
		expect(text).toContain("4999\n5000\n");
		expect(text).toContain(
			`[output truncated; full output saved to ${details.fullOutputPath} (a temporary file, deleted when this session ends)]`,
		);
		const full = readFileSync(details.fullOutputPath!, "utf8").split("\n");
		expect(full.slice(0, -1)).toHaveLength(5000);
		await spills.removeAll();
		expect(existsSync(details.fullOutputPath!)).toBe(false);
	});

	it("caps the saved output, keeping both ends and telling the model what is missing", async () => {
		const spills = new SpillFiles({ dir, limits: { headBytes: 10_000, tailBytes: 10_000 } });
		const result = await bash({ command: "seq 1 100000" }, context(), spills);
		const text = textOf(result.content);
		const details = result.details as BashDetails;
		const cut = details.fullOutputCut!;
		expect(cut.lines).toBeGreaterThan(90_000);
		expect(text).toContain(
			`[output truncated; its first 9.8 KB and last 9.8 KB are saved to ${details.fullOutputPath} (a temporary file, deleted when this session ends); the ${cut.lines} lines (`,
		);
		const saved = readFileSync(details.fullOutputPath!, "utf8");
		expect(saved.startsWith("1\n2\n")).toBe(true);
		expect(saved.endsWith("99999\n100000\n")).toBe(true);
		expect(Buffer.byteLength(saved)).toBeLessThan(20_000 + 200);
	});

	it("kills the whole process group on abort", async () => {
		const controller = new AbortController();
		let childPid: number | undefined;
		const onUpdate = (partial: Parameters<ToolContext["onUpdate"]>[0]): void => {
			const match = /^(\d+)$/m.exec(textOf(partial));
			if (match && childPid === undefined) {
				childPid = Number(match[1]);
				controller.abort();
			}
		};
		const result = await bash(
			{ command: "sleep 30 & echo $!; sleep 30" },
			context({ signal: controller.signal, onUpdate }),
		);
		expect(childPid).toBeDefined();
		expect(result.isError).toBe(true);
		expect(textOf(result.content)).toContain("[aborted]");
		expect((result.details as BashDetails).aborted).toBe(true);
		await vi.waitFor(() => expect(isRunning(childPid!)).toBe(false), { timeout: 5000 });
	});

	it("reports a timeout as an error", async () => {
		const result = await bash({ command: "echo started; sleep 30", timeout: 1 });
		expect(result.isError).toBe(true);
		expect(result.content).toBe("started\n[command timed out after 1 s]");
		expect((result.details as BashDetails).timedOut).toBe(true);
	});

	it("returns without running when already aborted", async () => {
		const controller = new AbortController();
		controller.abort();
		const result = await bash({ command: "touch ran" }, context({ signal: controller.signal }));
		expect(result.isError).toBe(true);
		expect(existsSync(join(dir, "ran"))).toBe(false);
	});

	it("returns once the shell exits even if a background job holds its output", async () => {
		const result = await bash({ command: "sleep 30 & echo $!" });
		const pid = Number(textOf(result.content));
		try {
			expect(result.isError).toBe(false);
			expect(pid).toBeGreaterThan(0);
		} finally {
			process.kill(pid, "SIGKILL");
		}
	});

	it("fails clearly when the working directory is missing", async () => {
		await expect(bash({ command: "true" }, context({ cwd: join(dir, "missing") }))).rejects.toThrow(
			/Working directory .*missing does not exist/,
		);
	});
});
