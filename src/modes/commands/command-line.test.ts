import { describe, expect, it } from "vitest";
import type { CommandContext } from "../../kernel/command.js";
import { Kernel } from "../../kernel/kernel.js";
import { BUILTIN_OWNER } from "../../kernel/owner.js";
import { CommandFailedError, parseCommandLine, runCommandLine } from "./command-line.js";

function kernelWith(handler: (args: string, ctx: CommandContext) => unknown): Kernel {
	const kernel = new Kernel();
	kernel.commands.register("go", { description: "", handler: handler as never }, BUILTIN_OWNER);
	return kernel;
}

describe("parseCommandLine", () => {
	it("takes /word and the trimmed rest; anything else is not a command line", () => {
		expect(parseCommandLine("  /compact  focus on\nthe parser  ")).toEqual({
			name: "compact",
			args: "focus on\nthe parser",
		});
		expect(parseCommandLine("/session")).toEqual({ name: "session", args: "" });
		expect(parseCommandLine("/usr/bin is where it lives")).toBeUndefined();
		expect(parseCommandLine("compact")).toBeUndefined();
		expect(parseCommandLine("/")).toBeUndefined();
	});
});

describe("runCommandLine", () => {
	it("runs the registered command with its arguments and the host's context", async () => {
		const calls: Array<[string, CommandContext]> = [];
		const kernel = kernelWith((args, ctx) => {
			calls.push([args, ctx]);
		});
		const ctx = { cwd: "/project", ui: "the ui" };
		const run = runCommandLine(kernel, "/go  far away ", ctx);
		expect(run.status).toBe("started");
		if (run.status === "started") await run.done;
		expect(calls).toEqual([["far away", ctx]]);
	});

	it("leaves text that names no registered command to the caller, saying whether it looks like one", () => {
		const kernel = kernelWith(() => {});
		expect(runCommandLine(kernel, "hello", { cwd: "/" })).toEqual({ status: "text" });
		expect(runCommandLine(kernel, "/foo bar", { cwd: "/" })).toEqual({
			status: "unknown",
			name: "foo",
			likelyCommand: true,
		});
		expect(runCommandLine(kernel, "/€uro sign", { cwd: "/" })).toMatchObject({ likelyCommand: false });
	});

	it("rejects with one line naming the command, whether the handler throws or rejects", async () => {
		const throwing = kernelWith(() => {
			throw new Error("the disk\nis full");
		});
		const run = runCommandLine(throwing, "/go", { cwd: "/" });
		if (run.status !== "started") throw new Error("not started");
		await expect(run.done).rejects.toThrow(new CommandFailedError("go", "the disk is full"));
		await expect(run.done).rejects.toThrow("/go failed: the disk is full");

		const rejecting = kernelWith(() => Promise.reject("no network"));
		const second = runCommandLine(rejecting, "/go", { cwd: "/" });
		if (second.status !== "started") throw new Error("not started");
		await expect(second.done).rejects.toThrow("/go failed: no network");
	});
});
