/**
 * A misbehaving in-process extension costs only itself, through the real
 * binary: a throw in a plain timer, a rejection nobody handles, an
 * EventEmitter "error", a throw in a microtask (traced by stack), a factory
 * or top-level await that never settles, a handler that never answers (the
 * circuit breaker), a flood of notifications. In each case weft finishes the
 * prompt, exits 0 and names the extension in one line; logs are private.
 */
import { chmodSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { MockLlm } from "../../src/testing/mock-llm/index.js";
import { mockProviderSettings, runWeft, type Sandbox, withMockSandbox } from "../support/weft-cli.js";

/** A stack trace line, as Node prints them. */
const STACK_FRAME = /^\s+at /m;

function globalExtension(sandbox: Sandbox, name: string, source: string): void {
	const dir = join(sandbox.home, "extensions");
	mkdirSync(dir, { recursive: true });
	writeFileSync(join(dir, `${name}.ts`), source);
}

function linesAbout(stderr: string, name: string): string[] {
	return stderr.split("\n").filter((line) => line.includes(name));
}

/**
 * The run's first turn waits until the fault has happened: the extension's
 * turn_start handler returns a promise its faulting code resolves, so the
 * fault is reported before the prompt is answered, on any machine.
 */
const FAULTS: Array<{ name: string; fault: string; line: RegExp }> = [
	{
		name: "timer-throw",
		fault: `setTimeout(() => { faulted(); throw new Error("tick failed"); }, 0);`,
		line: /uncaught exception in its code: tick failed/,
	},
	{
		name: "lost-rejection",
		fault: `Promise.reject(new Error("nobody awaits me")); setTimeout(faulted, 0);`,
		line: /unhandled rejection in its code: nobody awaits me/,
	},
	{
		name: "emitter-error",
		fault: `const emitter = new EventEmitter();
			setTimeout(() => { faulted(); emitter.emit("error", new Error("socket gone")); }, 0);`,
		line: /uncaught exception in its code: socket gone/,
	},
	{
		name: "microtask-throw",
		// A queued microtask runs outside any async context: only the stack says whose it is.
		fault: `setTimeout(() => { queueMicrotask(() => { throw new Error("queued badly"); }); setTimeout(faulted, 0); }, 0);`,
		line: /uncaught exception in its code: queued badly/,
	},
];

describe("a fault outside any call weft made to the extension", () => {
	let sandbox: Sandbox;
	let llm: MockLlm;
	withMockSandbox((made, started) => {
		sandbox = made;
		llm = started;
	});

	for (const { name, fault, line } of FAULTS) {
		it(`${name}: is charged to the extension in one line, and weft answers and exits 0`, async () => {
			globalExtension(
				sandbox,
				name,
				`import { EventEmitter } from "node:events";
				export default (weft: any) => {
					let faulted: () => void = () => {};
					const done = new Promise<void>((resolve) => (faulted = resolve));
					weft.on("turn_start", () => done.then(() => undefined));
					${fault}
				};`,
			);
			llm.push({ text: "Still here." });

			const result = await runWeft(sandbox, ["-p", "hello"]);

			expect(result.stdout).toBe("Still here.\n");
			expect(result.code).toBe(0);
			const about = linesAbout(result.stderr, name);
			expect(about).toHaveLength(1);
			expect(about[0]).toMatch(new RegExp(`^weft: \\[${name}\\] error: `));
			expect(about[0]).toMatch(line);
			expect(result.stderr).not.toMatch(STACK_FRAME);
			const log = readFileSync(join(sandbox.home, "logs", `ext-${name}.log`), "utf8");
			expect(log).toMatch(STACK_FRAME);
		});
	}
});

describe("loading that never finishes", () => {
	let sandbox: Sandbox;
	let llm: MockLlm;
	withMockSandbox((made, started) => {
		sandbox = made;
		llm = started;
	});

	const NEVER: Array<[string, string]> = [
		["never-factory", "export default () => new Promise(() => {});\n"],
		["never-tla", "await new Promise(() => {});\nexport default () => {};\n"],
	];

	for (const [name, source] of NEVER) {
		it(`${name}: fails that extension after its loadTimeoutMs with one line, and weft goes on`, async () => {
			const settings = JSON.parse(readFileSync(join(sandbox.home, "settings.json"), "utf8"));
			sandbox.settings({ ...settings, extensionOptions: { [name]: { loadTimeoutMs: 1500 } } });
			globalExtension(sandbox, name, source);
			globalExtension(
				sandbox,
				"well-behaved",
				`export default (weft: any) => weft.on("before_agent_start", () => ({ systemPrompt: "marker-7f3" }));`,
			);
			llm.push({ text: "Answered anyway." });

			const result = await runWeft(sandbox, ["-p", "hello"]);

			expect(result.stdout).toBe("Answered anyway.\n");
			expect(result.code).toBe(0);
			expect(linesAbout(result.stderr, name)).toEqual([
				`weft: extension "${name}" failed to load: did not finish loading (import, factory and top-level await) within 1.5 s; if it needs longer, raise extensionOptions."${name}".loadTimeoutMs in settings`,
			]);
			expect(JSON.stringify(llm.requests[0].body)).toContain("marker-7f3");
		});
	}
});

describe("a handler that never answers", () => {
	let sandbox: Sandbox;
	let llm: MockLlm;
	withMockSandbox((made, started) => {
		sandbox = made;
		llm = started;
	});

	it("is suspended after breakAfter misses with one notice; its guard then blocks at once, naming it", async () => {
		sandbox.settings({
			...mockProviderSettings(llm.baseUrlFor("openai-completions"), "openai-completions"),
			extensionOptions: { hung: { deadlineMs: 200, breakAfter: 2 } },
		});
		globalExtension(
			sandbox,
			"hung",
			`export default (weft: any) => weft.on("tool_call", () => {
				weft.log("tool_call handler called");
				return new Promise(() => {});
			});`,
		);
		writeFileSync(join(sandbox.cwd, "a.txt"), "a\n");
		llm.push(
			{ toolCalls: [1, 2, 3, 4].map(() => ({ name: "read", args: { path: "a.txt" } })) },
			{ text: "All four were blocked." },
		);

		const result = await runWeft(sandbox, ["-p", "read a.txt four times"]);

		expect(result.stdout).toBe("All four were blocked.\n");
		expect(result.code).toBe(0);
		const log = readFileSync(join(sandbox.home, "logs", "ext-hung.log"), "utf8");
		expect(log.match(/tool_call handler called/g)).toHaveLength(2);
		const suspended = linesAbout(result.stderr, "suspended for this session");
		expect(suspended).toEqual([
			"weft: [hung] error: suspended for this session: its handlers missed their 200 ms deadline 2 times in a row. Its handlers are skipped, and tool calls it checks are blocked unless it is failOpen; /reload restores it.",
		]);
		const results = (llm.requests[1].body.messages as any[])
			.filter((m) => m.role === "tool")
			.map((m) => String(m.content));
		expect(results).toHaveLength(4);
		for (const text of results.slice(0, 2)) expect(text).toContain("handler did not finish within 200 ms");
		for (const text of results.slice(2))
			expect(text).toContain(
				'blocked because the extension "hung" failed while checking this call: it is suspended for this session (its handlers missed their 200 ms deadline 2 times in a row)',
			);
	});
});

describe("a flood of notifications", () => {
	let sandbox: Sandbox;
	let llm: MockLlm;
	withMockSandbox((made, started) => {
		sandbox = made;
		llm = started;
	});

	it("shows ten a second and sums up the rest in one line", async () => {
		globalExtension(
			sandbox,
			"flood",
			`export default (weft: any) => { for (let i = 0; i < 500; i++) weft.ui.notify("note " + i); };`,
		);
		llm.push({ text: "Done." });

		const result = await runWeft(sandbox, ["-p", "hello"]);

		expect(result.code).toBe(0);
		expect(result.stdout).toBe("Done.\n");
		const shown = linesAbout(result.stderr, "[flood] note ").length;
		const summaries = linesAbout(result.stderr, "not shown (more than 10 a second)");
		// Ten a second: the loop takes far less than a second, but a stalled machine may split it in two.
		expect(shown).toBeGreaterThanOrEqual(10);
		expect(shown).toBeLessThan(100);
		const dropped = summaries.map((line) =>
			Number(/(\d+) more notifications? (?:was|were) not shown/.exec(line)?.[1]),
		);
		expect(shown + dropped.reduce((a, b) => a + b, 0)).toBe(500);
	});
});

describe("log files", () => {
	let sandbox: Sandbox;
	let llm: MockLlm;
	withMockSandbox((made, started) => {
		sandbox = made;
		llm = started;
	});

	it("are readable by the user only, including one an older weft left readable by others", async () => {
		const logs = join(sandbox.home, "logs");
		mkdirSync(logs, { recursive: true });
		writeFileSync(join(logs, "ext-old.log"), "from an older weft\n");
		chmodSync(join(logs, "ext-old.log"), 0o644);
		globalExtension(sandbox, "old", `export default (weft: any) => weft.log("again");`);
		globalExtension(sandbox, "fresh", `export default (weft: any) => weft.log("first line");`);
		llm.push({ text: "Done." });

		const result = await runWeft(sandbox, ["-p", "hello"]);

		expect(result.code).toBe(0);
		const files = readdirSync(logs).sort();
		expect(files).toEqual(["ext-fresh.log", "ext-old.log"]);
		for (const file of files) expect(statSync(join(logs, file)).mode & 0o777).toBe(0o600);
		expect(readFileSync(join(logs, "ext-old.log"), "utf8")).toMatch(/^from an older weft\n.* info again\n$/);
	});
});
