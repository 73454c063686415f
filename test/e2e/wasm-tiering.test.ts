/**
 * The CLI keeps Node's HTTP parser (WebAssembly inside fetch) on V8's
 * baseline compiler (src/cli/wasm-tiering.ts): a streamed answer long enough
 * to make V8 optimise the parser in a plain Node process is parsed without
 * the optimising compile in weft's.
 */
import { spawn } from "node:child_process";
import { describe, expect, it } from "vitest";
import type { MockLlm } from "../../src/testing/mock-llm/index.js";
import { type Sandbox, WEFT_BIN, withMockSandbox } from "../support/weft-cli.js";

function runTraced(sandbox: Sandbox, args: string[]): Promise<{ code: number | null; stdout: string }> {
	return new Promise((resolvePromise, reject) => {
		const child = spawn(process.execPath, ["--trace-wasm-compilation-times", WEFT_BIN, ...args], {
			cwd: sandbox.cwd,
			env: sandbox.env,
			stdio: ["ignore", "pipe", "pipe"],
		});
		let stdout = "";
		child.stdout.on("data", (d) => {
			stdout += d;
		});
		child.stderr.resume();
		child.on("error", reject);
		child.on("close", (code) => resolvePromise({ code, stdout }));
	});
}

describe("WebAssembly tiering in the CLI", () => {
	let sandbox: Sandbox;
	let llm: MockLlm;

	withMockSandbox((made, started) => {
		sandbox = made;
		llm = started;
	});

	it("parses a long streamed answer on baseline code only", async () => {
		// 2,000 deltas: enough for V8 to optimise llhttp's parser in a plain Node process.
		llm.push({ text: "word ".repeat(2_000), deltas: 2_000 });
		const result = await runTraced(sandbox, ["-p", "--no-session", "say many words"]);
		expect(result.code).toBe(0);
		expect(result.stdout).toContain("using Liftoff");
		expect(result.stdout).not.toContain("using TurboFan");
	});
});
