/** `weft ext list` text: why an extension is suspended and what faults were charged to it. */
import { describe, expect, it } from "vitest";
import { diagnostics } from "../../test/support/diagnostics-fixture.js";
import { formatExtList } from "./ext-list.js";

describe("weft ext list", () => {
	it("shows a suspended extension's reason and how to restore it, and its fault counts", () => {
		const text = formatExtList({
			running: null,
			notices: [],
			extensions: [
				diagnostics({
					name: "hung",
					status: "suspended",
					suspended: "its handlers missed their 5 s deadline 3 times in a row",
					handlerStats: { calls: 3, ms: 15_000, errors: 0, timeouts: 3 },
					faults: { uncaughtExceptions: 1, unhandledRejections: 4 },
				}),
			],
		});

		expect(text.split("\n")).toEqual([
			"hung  suspended  (global)",
			"  source     /x/ext.ts",
			"  time       15000.0 ms in 3 handler calls; 0 errors, 3 timeouts",
			"  suspended  its handlers missed their 5 s deadline 3 times in a row; /reload restores it",
			"  faults     1 uncaught exception, 4 unhandled rejections",
		]);
	});

	it("shows the latest lines the extension logged, debug left out (an MCP server's state, a permission decision)", () => {
		const line = (level: "debug" | "info" | "warn", message: string) => ({ time: 0, level, message });
		const text = formatExtList({
			running: null,
			notices: [],
			extensions: [
				diagnostics({
					name: "mcp",
					log: [
						line("info", "calc: starting"),
						line("info", "calc: ready (2 tools)"),
						line("debug", "calc (stderr): up"),
						line("warn", "calc: stopped (exited with code 7); restarting it once"),
						line("info", "allow bash (model): the user allowed it once"),
					],
				}),
			],
		});
		expect(text.split("\n").filter((l) => l.startsWith("  log"))).toEqual([
			"  log        calc: ready (2 tools)",
			"  log        warn: calc: stopped (exited with code 7); restarting it once",
			"  log        allow bash (model): the user allowed it once",
		]);
	});

	it("has no fault line for an extension without faults", () => {
		const text = formatExtList({ running: null, notices: [], extensions: [diagnostics({ name: "calm" })] });
		expect(text).not.toContain("faults");
		expect(text).not.toContain("suspended");
	});
});
