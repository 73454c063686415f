import { EventEmitter } from "node:events";
import { describe, expect, it } from "vitest";
import type { InputEvent } from "../../src/tui/input/input-events.js";
import { Terminal, type TerminalOptions, withTerminal } from "../../src/tui/terminal.js";
import { ManualClock } from "./support/manual-clock.js";

class FakeInput extends EventEmitter {
	readonly isTTY = true;
	raw = false;
	paused = true;
	setRawMode(mode: boolean) {
		this.raw = mode;
	}
	resume() {
		this.paused = false;
	}
	pause() {
		this.paused = true;
	}
	type(data: string) {
		this.emit("data", Buffer.from(data));
	}
}

class FakeOutput extends EventEmitter {
	columns = 80;
	rows = 24;
	written = "";
	write(data: string) {
		this.written += data;
		return true;
	}
}

class FakeProcess extends EventEmitter {
	readonly pid = 4242;
	readonly kills: Array<[number, string]> = [];
	kill(pid: number, signal: string) {
		this.kills.push([pid, signal]);
	}
}

function setup(options: Partial<TerminalOptions> = {}) {
	const input = new FakeInput();
	const output = new FakeOutput();
	const proc = new FakeProcess();
	const clock = new ManualClock();
	const events: InputEvent[] = [];
	const terminal = new Terminal({ input, output, process: proc, clock, ...options });
	const start = () => terminal.start((e) => events.push(e));
	return { input, output, proc, clock, events, terminal, start };
}

/** Lets the promise chain inside start() advance. */
const tick = () => new Promise((resolve) => setImmediate(resolve));

describe("Terminal start", () => {
	it("enters raw mode, turns on bracketed paste and pushes Kitty flags when the terminal answers the query", async () => {
		const { input, output, start } = setup();
		const started = start();
		expect(input.raw).toBe(true);
		expect(input.paused).toBe(false);
		expect(output.written).toBe("\x1b[?2004h\x1b[?u\x1b[c");
		input.type("\x1b[?0u\x1b[?62;22c");
		expect(await started).toEqual({ keyboard: "kitty" });
		expect(output.written.endsWith("\x1b[>1u")).toBe(true);
	});

	it("falls back to modifyOtherKeys when device attributes answer first", async () => {
		const { input, output, start } = setup();
		const started = start();
		input.type("\x1b[?1;2c");
		expect(await started).toEqual({ keyboard: "modifyOtherKeys" });
		expect(output.written.endsWith("\x1b[>4;2m")).toBe(true);
	});

	it("falls back to modifyOtherKeys when the terminal answers nothing in time", async () => {
		const { clock, start } = setup({ queryTimeoutMs: 100 });
		const started = start();
		clock.advance(100);
		expect(await started).toEqual({ keyboard: "modifyOtherKeys" });
	});

	it("delivers keys typed while the query is out, and keeps the answers to itself", async () => {
		const { input, events, start } = setup();
		const started = start();
		input.type("hi\x1b[?1u\x1b[?62c");
		await started;
		expect(events.map((e) => e.type === "key" && e.id)).toEqual(["h", "i"]);
	});

	it("uses a forced protocol without asking", async () => {
		const { output, start } = setup({ keyboard: "legacy" });
		expect(await start()).toEqual({ keyboard: "legacy" });
		expect(output.written).toBe("\x1b[?2004h");
	});

	it("refuses to start twice", async () => {
		const { start } = setup({ keyboard: "legacy" });
		await start();
		await expect(start()).rejects.toThrow(/already called/);
	});
});

describe("Terminal restore", () => {
	async function started(options: Partial<TerminalOptions> = {}) {
		const ctx = setup(options);
		const done = ctx.start();
		ctx.input.type("\x1b[?1u\x1b[?62c");
		await done;
		ctx.output.written = "";
		return ctx;
	}

	it("pops the keyboard protocol, turns paste off, shows the cursor and leaves raw mode", async () => {
		const { terminal, input, output } = await started();
		terminal.restore();
		expect(output.written).toBe("\x1b[?2026l\x1b[m\x1b[<u\x1b[?2004l\x1b[?25h");
		expect(input.raw).toBe(false);
		expect(input.paused).toBe(true);
		expect(input.listenerCount("data")).toBe(0);
	});

	it("turns modifyOtherKeys off when that was the protocol", async () => {
		const { terminal, output } = await started({ keyboard: "modifyOtherKeys" });
		terminal.restore();
		expect(output.written).toContain("\x1b[>4;0m");
		expect(output.written).not.toContain("\x1b[<u");
	});

	it("is idempotent", async () => {
		const { terminal, output } = await started();
		terminal.restore();
		const once = output.written;
		terminal.restore();
		terminal.restore();
		expect(output.written).toBe(once);
	});

	it("runs on process exit", async () => {
		const { proc, input, output } = await started();
		proc.emit("exit", 0);
		expect(input.raw).toBe(false);
		expect(output.written).toContain("\x1b[?25h");
		expect(proc.listenerCount("exit")).toBe(0);
	});

	it("runs on a signal and then lets the signal end the process", async () => {
		for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) {
			const { proc, input } = await started();
			proc.emit(signal);
			expect(input.raw).toBe(false);
			expect(proc.kills).toEqual([[4242, signal]]);
			expect(proc.listenerCount(signal)).toBe(0);
		}
	});

	it("leaves the signal to another handler when there is one", async () => {
		const { proc, input } = await started();
		proc.on("SIGTERM", () => {});
		proc.emit("SIGTERM");
		expect(input.raw).toBe(false);
		expect(proc.kills).toEqual([]);
	});

	it("runs before an uncaught exception is printed, unless the app handles uncaught exceptions", async () => {
		const handled = await started();
		handled.proc.on("uncaughtException", () => {});
		handled.proc.emit("uncaughtExceptionMonitor", new Error("boom"));
		expect(handled.input.raw).toBe(true);

		const crashing = await started();
		crashing.proc.emit("uncaughtExceptionMonitor", new Error("boom"));
		expect(crashing.input.raw).toBe(false);
	});

	it("runs the before-restore hooks first, even when one throws", async () => {
		const { terminal, output } = await started();
		const order: string[] = [];
		terminal.beforeRestore(() => {
			order.push(`hook saw ${JSON.stringify(output.written)}`);
			throw new Error("hook failed");
		});
		terminal.beforeRestore(() => order.push("second hook"));
		terminal.restore();
		expect(order).toEqual(['hook saw ""', "second hook"]);
		expect(output.written).toContain("\x1b[?2004l");
	});

	it("stops delivering input after restoring", async () => {
		const { terminal, input, events } = await started();
		terminal.restore();
		input.type("x");
		expect(events).toEqual([]);
	});
});

describe("withTerminal", () => {
	it("restores after a normal return", async () => {
		const { terminal, input } = setup({ keyboard: "legacy" });
		const result = await withTerminal(
			terminal,
			() => {},
			() => 42,
		);
		expect(result).toBe(42);
		expect(input.raw).toBe(false);
	});

	it("restores when the body throws, and rethrows", async () => {
		const { terminal, input, output } = setup({ keyboard: "legacy" });
		await expect(
			withTerminal(
				terminal,
				() => {},
				() => {
					throw new Error("crash");
				},
			),
		).rejects.toThrow("crash");
		expect(input.raw).toBe(false);
		expect(output.written).toContain("\x1b[?25h");
	});
});

describe("queries and resize", () => {
	it("reads the background colour from the OSC 11 answer", async () => {
		const { terminal, input, start, output } = setup({ keyboard: "legacy" });
		await start();
		const answer = terminal.queryBackground();
		expect(output.written.endsWith("\x1b]11;?\x1b\\\x1b[c")).toBe(true);
		input.type("\x1b]11;rgb:1e1e/1e1e/2e2e\x1b\\\x1b[?62c");
		expect(await answer).toBe("rgb:1e1e/1e1e/2e2e");
	});

	it("answers undefined when the terminal only answers device attributes", async () => {
		const { terminal, input, start } = setup({ keyboard: "legacy" });
		await start();
		const answer = terminal.queryBackground();
		input.type("\x1b[?62c");
		expect(await answer).toBeUndefined();
		await tick();
	});

	it("tells listeners when the output is resized, until restored", async () => {
		const { terminal, output, start } = setup({ keyboard: "legacy" });
		await start();
		let resizes = 0;
		terminal.onResize(() => resizes++);
		output.emit("resize");
		terminal.restore();
		output.emit("resize");
		expect(resizes).toBe(1);
	});
});
