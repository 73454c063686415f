/**
 * Runs the real tools an install needs (the system `git`, the `npm` CLI) and
 * turns their failures into one line: what was run, and the tail of what it
 * said, shortened, since npm and git explain themselves at length.
 */
import { spawn } from "node:child_process";

export class ToolError extends Error {}

const MAX_MESSAGE = 400;

export interface ToolRun {
	cwd?: string;
	env?: NodeJS.ProcessEnv;
	/** Describes the step in the error ("fetching npm:foo"). */
	doing: string;
}

/** The tool's stdout; throws ToolError when it cannot start or exits non-zero. */
export function runTool(command: string, args: readonly string[], run: ToolRun): Promise<string> {
	return new Promise((resolve, reject) => {
		const child = spawn(command, args, {
			cwd: run.cwd,
			env: { ...(run.env ?? process.env), GIT_TERMINAL_PROMPT: "0", npm_config_update_notifier: "false" },
			stdio: ["ignore", "pipe", "pipe"],
		});
		const out: Buffer[] = [];
		const err: Buffer[] = [];
		child.stdout.on("data", (chunk: Buffer) => out.push(chunk));
		child.stderr.on("data", (chunk: Buffer) => err.push(chunk));
		child.on("error", (error: NodeJS.ErrnoException) => {
			reject(
				new ToolError(
					error.code === "ENOENT"
						? `${run.doing}: ${command} is not installed or not on PATH; install it and try again`
						: `${run.doing}: cannot run ${command} (${error.message})`,
				),
			);
		});
		child.on("close", (code, signal) => {
			if (code === 0) return resolve(Buffer.concat(out).toString("utf8"));
			const said = shorten(Buffer.concat(err).toString("utf8") || Buffer.concat(out).toString("utf8"));
			const how = signal ? `was killed by ${signal}` : `exited with ${code}`;
			reject(new ToolError(`${run.doing}: ${command} ${args[0] ?? ""} ${how}${said ? `: ${said}` : ""}`));
		});
	});
}

/** The lines that say what went wrong (npm's "npm error" lines, git's "fatal:"), joined and cut to length. */
export function shorten(text: string): string {
	const all = text.split("\n");
	// npm's warnings ("tarball data … seems to be corrupted. Trying again.") come before the error itself.
	const errors = all.filter((line) => !/^npm warn/i.test(line));
	const lines = (errors.some((line) => line.trim() !== "") ? errors : all)
		.map((line) => line.replace(/^npm (?:ERR!|error)\s*/, "").trim())
		.filter((line) => line !== "" && !/^A complete log of this run|^[-\w./\\:]+\.log$/.test(line));
	const telling = lines.filter(
		(line) =>
			/^(fatal|error|warning: could not)/i.test(line) ||
			/\b(E\d{3}|ENOTFOUND|ECONNREFUSED|ENOENT|404|not found)\b/i.test(line),
	);
	const joined = (telling.length > 0 ? telling : lines).slice(0, 3).join("; ");
	return joined.length > MAX_MESSAGE ? `${joined.slice(0, MAX_MESSAGE - 1)}…` : joined;
}
