/**
 * `weft.exec`: run a command to completion and collect its output. The
 * process runs in its own group, so a timeout or an abort stops everything
 * it started, not just the direct child.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { killProcessGroup } from "./jobs.js";
import type { ExecOptions, ExecResult } from "./types.js";

/** Output kept per stream; beyond it the start is kept and a note appended (exec is not for bulk data). */
const MAX_OUTPUT_CHARS = 10 * 1024 * 1024;

export function execCommand(
	command: string,
	args: readonly string[] = [],
	options: ExecOptions & { cwd: string },
	adopt: (child: ChildProcess) => void = () => {},
): Promise<ExecResult> {
	return new Promise((resolve, reject) => {
		if (options.signal?.aborted) {
			resolve({ stdout: "", stderr: "", code: null, killed: true });
			return;
		}
		const child = spawn(command, [...args], {
			cwd: options.cwd,
			env: options.env,
			stdio: ["pipe", "pipe", "pipe"],
			detached: true,
		});
		adopt(child);
		const out = { stdout: "", stderr: "" };
		let killed = false;
		const stop = () => {
			killed = true;
			killProcessGroup(child);
		};
		for (const stream of ["stdout", "stderr"] as const) {
			child[stream].setEncoding("utf8");
			child[stream].on("data", (chunk: string) => {
				if (out[stream].length < MAX_OUTPUT_CHARS) out[stream] += chunk;
			});
		}
		child.stdin.on("error", () => {});
		child.stdin.end(options.input ?? "");
		const timer = options.timeoutMs !== undefined ? setTimeout(stop, options.timeoutMs) : undefined;
		timer?.unref();
		options.signal?.addEventListener("abort", stop, { once: true });
		const cleanup = () => {
			if (timer) clearTimeout(timer);
			options.signal?.removeEventListener("abort", stop);
		};
		child.once("error", (error) => {
			cleanup();
			reject(new Error(`exec: cannot run "${command}": ${error.message}`));
		});
		child.once("close", (code) => {
			cleanup();
			for (const stream of ["stdout", "stderr"] as const) {
				if (out[stream].length >= MAX_OUTPUT_CHARS) out[stream] += "\n[output truncated]";
			}
			resolve({ ...out, code, killed });
		});
	});
}
