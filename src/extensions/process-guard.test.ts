/**
 * The process-level guard: faults traced to an extension (by async context
 * or by stack) are that extension's; weft's own end it with one line.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { Kernel } from "../kernel/kernel.js";
import type { OwnerFault } from "../kernel/owner-context.js";
import {
	addFaultClaimant,
	attributeFault,
	type CodePlace,
	installProcessGuard,
	onFatalFault,
	ownerFromStack,
	type ProcessGuardOptions,
} from "./process-guard.js";

const cleanups: Array<() => void> = [];
afterEach(() => {
	for (const cleanup of cleanups.splice(0)) cleanup();
});

function guardOptions(verbose = false) {
	const written: string[] = [];
	const exit = vi.fn();
	const options: ProcessGuardOptions = {
		stderr: { write: (text: string) => written.push(text) } as unknown as NodeJS.WritableStream,
		verbose,
		exit,
		exitCode: 1,
	};
	return { options, written, exit };
}

/** Installs the guard and returns the listeners it added, to call with an injected fault. */
function installed(options: ProcessGuardOptions) {
	const before = {
		exception: process.listeners("uncaughtException"),
		rejection: process.listeners("unhandledRejection"),
	};
	cleanups.push(installProcessGuard(options));
	const added = (now: Function[], old: Function[]) =>
		now.find((l) => !old.includes(l)) as (error: unknown) => void;
	return {
		exception: added(process.listeners("uncaughtException"), before.exception),
		rejection: added(process.listeners("unhandledRejection"), before.rejection),
	};
}

function errorWithStack(message: string, frames: string[]): Error {
	const error = new Error(message);
	error.stack = [`Error: ${message}`, ...frames.map((f) => `    at ${f}`)].join("\n");
	return error;
}

describe("a fault of weft's own", () => {
	it("ends weft with one line, no stack, and the error exit code", () => {
		const { options, written, exit } = guardOptions();
		const { exception } = installed(options);

		exception(
			errorWithStack("cannot read properties of undefined", ["run (/opt/weft/dist/cli/main.js:10:5)"]),
		);

		expect(written).toEqual([
			"weft: internal error: cannot read properties of undefined; run with --verbose for the stack\n",
		]);
		expect(exit).toHaveBeenCalledWith(1);
	});

	it("shows the stack with --verbose, and ends on an unhandled rejection too", () => {
		const { options, written, exit } = guardOptions(true);
		const { rejection } = installed(options);

		rejection(errorWithStack("lost", ["tick (/opt/weft/dist/agent/session.js:3:1)"]));

		expect(written).toHaveLength(1);
		expect(written[0]).toMatch(/^weft: internal error: lost\nError: lost\n {4}at tick \(\/opt\/weft/);
		expect(exit).toHaveBeenCalledWith(1);
	});

	it("says something useful for a rejection with no Error at all", () => {
		const { options, written } = guardOptions();
		const { rejection } = installed(options);

		rejection(undefined);

		expect(written).toEqual(["weft: internal error: undefined; run with --verbose for the stack\n"]);
	});

	it("runs the fatal hooks (the terminal restored) before the message is written", () => {
		const { options, written } = guardOptions();
		const order: string[] = [];
		cleanups.push(onFatalFault(() => order.push(`restored with ${written.length} lines written`)));
		const { exception } = installed(options);

		exception(new Error("bug"));

		expect(order).toEqual(["restored with 0 lines written"]);
	});

	it("ends weft only once when faults keep coming", () => {
		const { options, written, exit } = guardOptions();
		const { exception } = installed(options);

		exception(new Error("first"));
		exception(new Error("second"));

		expect(written).toHaveLength(1);
		expect(exit).toHaveBeenCalledTimes(1);
	});
});

describe("a fault from an extension's code", () => {
	it("goes to its kernel when it happens in the extension's async context, and weft goes on", async () => {
		const { options, written, exit } = guardOptions();
		const { exception } = installed(options);
		const kernel = new Kernel();
		const heard: OwnerFault[] = [];
		kernel.scopes.onFault((fault) => heard.push(fault));
		const error = new Error("timer blew up");

		// What Node does for a throw in a timer the extension set: the handler runs in the timer's context.
		await new Promise<void>((resolve) =>
			kernel.scopes.run("ext-a", () =>
				setTimeout(() => {
					exception(error);
					resolve();
				}, 1),
			),
		);

		expect(heard).toEqual([{ owner: "ext-a", origin: "uncaught exception", error }]);
		expect(written).toEqual([]);
		expect(exit).not.toHaveBeenCalled();
	});

	it("is claimed by stack when no context says whose it is", () => {
		const claimed: unknown[] = [];
		const error = errorWithStack("microtask throw", ["/home/u/.weft/extensions/bad.ts:3:31"]);
		cleanups.push(
			addFaultClaimant({
				claimFault: (e) => {
					const mine = ownerFromStack(e, [{ owner: "bad", file: "/home/u/.weft/extensions/bad.ts" }]);
					if (mine) claimed.push(e);
					return mine !== undefined;
				},
			}),
		);

		expect(attributeFault(error, "uncaught exception")).toBe(true);
		expect(attributeFault(new Error("elsewhere"), "uncaught exception")).toBe(false);
		expect(claimed).toEqual([error]);
	});
});

describe("matching a stack to an extension", () => {
	const places: CodePlace[] = [
		{ owner: "single", file: "/home/u/.weft/extensions/single.ts" },
		{
			owner: "folder",
			file: "/home/u/.weft/extensions/folder/index.ts",
			folder: "/home/u/.weft/extensions/folder",
		},
	];

	it("finds the module file in a frame, with or without a function name", () => {
		expect(ownerFromStack(errorWithStack("x", ["/home/u/.weft/extensions/single.ts:4:27"]), places)).toBe(
			"single",
		);
		expect(
			ownerFromStack(
				errorWithStack("x", ["Timeout._onTimeout (/home/u/.weft/extensions/single.ts:4:27)"]),
				places,
			),
		).toBe("single");
	});

	it("finds any file in a folder extension's own folder, and file:// URLs", () => {
		expect(
			ownerFromStack(
				errorWithStack("x", ["helper (file:///home/u/.weft/extensions/folder/lib/util.js:1:2)"]),
				places,
			),
		).toBe("folder");
	});

	it("does not charge a single-file extension for its neighbours in the same folder", () => {
		expect(
			ownerFromStack(errorWithStack("x", ["/home/u/.weft/extensions/other.ts:1:1"]), places),
		).toBeUndefined();
	});

	it("takes the innermost frame that belongs to an extension", () => {
		const error = errorWithStack("x", [
			"node:internal/process/task_queues:140:7",
			"/opt/weft/dist/chunk.js:1:1",
			"/home/u/.weft/extensions/folder/index.ts:9:9",
			"/home/u/.weft/extensions/single.ts:1:1",
		]);
		expect(ownerFromStack(error, places)).toBe("folder");
	});

	it("finds nothing without a stack", () => {
		expect(ownerFromStack("a string reason", places)).toBeUndefined();
	});
});
