import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { Watchdog } from "./watchdog.js";

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
	for (const cleanup of cleanups.splice(0)) await cleanup();
});

function reportFile() {
	const dir = mkdtempSync(join(tmpdir(), "weft-watchdog-"));
	const file = join(dir, "stderr.txt");
	const fd = openSync(file, "w+");
	cleanups.push(() => {
		closeSync(fd);
		rmSync(dir, { recursive: true, force: true });
	});
	return { fd, read: () => readFileSync(file, "utf8") };
}

describe("the watchdog", () => {
	it("names the extension whose synchronous call does not return, while the main thread is still blocked", () => {
		const out = reportFile();
		const watchdog = new Watchdog({ stuckMs: 50, fd: out.fd });
		cleanups.push(() => watchdog.stop());
		watchdog.start();
		const slot = watchdog.slot("spinner", "its tool_call handler");
		// Spin (as a runaway handler would) until the worker has reported, with a hang guard.
		const report = watchdog.run(slot, () => {
			const start = Date.now();
			while (out.read() === "" && Date.now() - start < 20_000) {}
			return out.read();
		});
		expect(report).toMatch(
			new RegExp(
				`^weft: extension "spinner" has been running its tool_call handler for [\\d.]+ s without returning\\. .*kill -9 ${process.pid}\\n$`,
			),
		);
	});

	it("knows which call is running, restoring the outer one after a nested call", () => {
		const watchdog = new Watchdog();
		const outer = watchdog.slot("a", "its input handler");
		const inner = watchdog.slot("b", "event a:ping");
		const seen = watchdog.run(outer, () => {
			const during = watchdog.run(inner, () => watchdog.current());
			return [during, watchdog.current()];
		});
		expect(seen.map((c) => c && [c.owner, c.what])).toEqual([
			["b", "event a:ping"],
			["a", "its input handler"],
		]);
		expect(watchdog.current()).toBeUndefined();
	});
});
