/**
 * The `bash` tool: runs a command in its own process group so that abort and
 * timeout can stop everything it started, streaming output as it arrives.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { stat } from "node:fs/promises";
import { errorMessage } from "../../base/error-message.js";
import type { ToolBackend, ToolContext, ToolDefinition, ToolResult } from "../../kernel/tool.js";
import { findOnPath } from "./executables.js";
import { OutputCapture } from "./output-capture.js";
import type { SpillCut } from "./spill-file.js";
import { SpillFiles } from "./spill-files.js";
import { formatSize } from "./truncate.js";

/** A requested timeout above this is lowered to it; without a timeout a command runs until done or aborted. */
export const MAX_TIMEOUT_SECONDS = 600;
/** Time between SIGTERM and SIGKILL for the process group. */
const KILL_GRACE_MS = 2000;
const UPDATE_INTERVAL_MS = 100;
/** After the shell exits, how long background processes still holding its output pipes may keep writing. */
const EXIT_DRAIN_MS = 200;

interface BashArgs {
	command: string;
	timeout?: number;
}

export interface BashDetails {
	/** null when the shell was ended by a signal. */
	exitCode: number | null;
	timedOut: boolean;
	aborted: boolean;
	truncated: boolean;
	/** A temporary file with the output (deleted when the session ends). */
	fullOutputPath?: string;
	/** Set when even that file had to leave out the middle of the output. */
	fullOutputCut?: SpillCut;
	/** How long the command ran, in milliseconds (absent when it never started). */
	durationMs?: number;
}

export interface BashToolOptions {
	/** Where long output is saved; the session removes these files when it ends. Default: removed at exit. */
	spills?: SpillFiles;
}

export function createBashTool(options: BashToolOptions = {}): ToolDefinition {
	const spills = options.spills ?? new SpillFiles();
	const eachEnd = formatSize(Math.max(spills.limits.headBytes, spills.limits.tailBytes));
	return {
		name: "bash",
		label: "Bash",
		description:
			"Run a shell command with bash -c in the working directory; stdin is empty, stdout and stderr are merged. " +
			`No timeout unless one is given (in seconds, at most ${MAX_TIMEOUT_SECONDS}). ` +
			"Long output keeps the first and last 1000 lines (25 KB each) and saves the output " +
			`(up to ${eachEnd} from each end) to a temporary file, deleted when the session ends. ` +
			"A non-zero exit code is reported as an error. Background jobs (cmd &) keep running after the command returns.",
		parameters: {
			type: "object",
			properties: {
				command: { type: "string", description: "The command line to run." },
				timeout: {
					type: "number",
					exclusiveMinimum: 0,
					description: "Seconds before the command is killed.",
				},
			},
			required: ["command"],
			additionalProperties: false,
		},
		execute: (args, ctx) => runBash(args as unknown as BashArgs, ctx, spills),
	};
}

async function runBash(args: BashArgs, ctx: ToolContext, spills: SpillFiles): Promise<ToolResult> {
	const exec = ctx.backend?.exec;
	// A backend's commands run in its own file system, where this folder need not exist.
	if (!exec) await requireDirectory(ctx.cwd);
	const details: BashDetails = { exitCode: null, timedOut: false, aborted: false, truncated: false };
	if (ctx.signal.aborted) return { content: "[aborted before the command started]", isError: true, details };

	const started = performance.now();
	const capture = new OutputCapture(spills);
	const updates = throttledUpdates(capture, ctx);
	const decoder = new TextDecoder();
	const onData = (chunk: string | Uint8Array): void => {
		capture.append(typeof chunk === "string" ? chunk : decoder.decode(chunk, { stream: true }));
		updates.schedule();
	};
	const run = exec
		? onBackend(exec, args.command, ctx.cwd, onData)
		: onThisMachine(findShell(), args.command, ctx.cwd, onData);
	const timeoutSeconds = args.timeout === undefined ? undefined : Math.min(args.timeout, MAX_TIMEOUT_SECONDS);

	const onAbort = (): void => {
		details.aborted = true;
		run.stop();
	};
	ctx.signal.addEventListener("abort", onAbort, { once: true });
	const timer =
		timeoutSeconds === undefined
			? undefined
			: setTimeout(() => {
					details.timedOut = true;
					run.stop();
				}, timeoutSeconds * 1000);

	let exit: ExitStatus;
	try {
		exit = await run.done;
	} catch (error) {
		// A backend that rejects once stopped has still stopped: the outcome says why.
		if (!exec || !(details.aborted || details.timedOut))
			throw new Error(`Could not run ${run.what}: ${errorMessage(error)}`);
		exit = { code: null, signal: null };
	} finally {
		clearTimeout(timer);
		ctx.signal.removeEventListener("abort", onAbort);
		updates.cancel();
	}
	details.durationMs = Math.round(performance.now() - started);

	return describeOutcome(capture, exit, details, timeoutSeconds);
}

/** A command being run: its exit, and how to stop it. */
interface Running {
	done: Promise<ExitStatus>;
	stop(): void;
	/** What runs it, for an error that it could not. */
	what: string;
}

/** In its own process group here, so stopping it stops everything it started. */
function onThisMachine(
	shell: string,
	command: string,
	cwd: string,
	onData: (chunk: string) => void,
): Running {
	const child = spawn(shell, ["-c", command], { cwd, detached: true, stdio: ["ignore", "pipe", "pipe"] });
	for (const stream of [child.stdout, child.stderr]) {
		stream?.setEncoding("utf8");
		stream?.on("data", onData);
	}
	return { done: waitForClose(child), stop: groupKiller(child), what: shell };
}

/** Through the session's tool backend (ToolContext.backend): stopping aborts the signal it was given. */
function onBackend(
	exec: NonNullable<ToolBackend["exec"]>,
	command: string,
	cwd: string,
	onData: (chunk: string | Uint8Array) => void,
): Running {
	const controller = new AbortController();
	let started: Promise<{ exitCode: number | null }>;
	try {
		// Called now, not later: a stop before the call would otherwise abort a signal the backend never saw.
		started = Promise.resolve(exec(command, { cwd, signal: controller.signal, onData }));
	} catch (error) {
		started = Promise.reject(error);
	}
	const done = started.then(({ exitCode }) => ({
		code: typeof exitCode === "number" ? exitCode : null,
		signal: null,
	}));
	return { done, stop: () => controller.abort(), what: "the command through the tool backend" };
}

type ExitStatus = { code: number | null; signal: NodeJS.Signals | null };

/** The model's view of a finished command: its output, then why it ended if that was not a clean exit. */
function describeOutcome(
	capture: OutputCapture,
	exit: ExitStatus,
	details: BashDetails,
	timeoutSeconds: number | undefined,
): ToolResult {
	const captured = capture.finish();
	details.exitCode = exit.code;
	details.truncated = captured.truncated;
	if (captured.fullOutputPath) details.fullOutputPath = captured.fullOutputPath;
	if (captured.fullOutputCut) details.fullOutputCut = captured.fullOutputCut;

	const notes: string[] = [];
	if (captured.fullOutputPath) notes.push(spillNote(captured.fullOutputPath, captured.fullOutputCut));
	if (details.timedOut) notes.push(`[command timed out after ${timeoutSeconds} s]`);
	else if (details.aborted) notes.push("[aborted]");
	else if (exit.code === null) notes.push(exit.signal ? `[killed by signal ${exit.signal}]` : "[killed]");
	else if (exit.code !== 0) notes.push(`[exit code ${exit.code}]`);

	const output = captured.text.replace(/\n$/, "");
	const text = [output === "" ? "(no output)" : output, ...notes].join("\n");
	const isError = details.timedOut || details.aborted || exit.code !== 0;
	return { content: text, isError, details };
}

/** Where the rest of the output is, saying truthfully how much of it and for how long. */
function spillNote(path: string, cut: SpillCut | undefined): string {
	const temporary = "a temporary file, deleted when this session ends";
	if (!cut) return `[output truncated; full output saved to ${path} (${temporary})]`;
	return (
		`[output truncated; its first ${formatSize(cut.headBytes)} and last ${formatSize(cut.tailBytes)} are saved to ${path} ` +
		`(${temporary}); the ${cut.lines} lines (${formatSize(cut.bytes)}) between them were not kept]`
	);
}

/** Resolves with the exit status once the shell has exited and its output is read (or the drain time ran out). */
function waitForClose(child: ChildProcess): Promise<ExitStatus> {
	return new Promise((resolve, reject) => {
		let drain: NodeJS.Timeout | undefined;
		child.once("error", reject);
		child.once("exit", () => {
			// Destroying the pipes lets "close" fire even if a background job inherited them.
			drain = setTimeout(() => {
				child.stdout?.destroy();
				child.stderr?.destroy();
			}, EXIT_DRAIN_MS);
		});
		child.once("close", (code, signal) => {
			clearTimeout(drain);
			resolve({ code, signal });
		});
	});
}

/** SIGTERM to the whole process group now, SIGKILL after a grace period for anything that ignored it. */
function groupKiller(child: ChildProcess): () => void {
	let started = false;
	return () => {
		if (started || child.pid === undefined) return;
		started = true;
		const group = -child.pid;
		signalGroup(group, "SIGTERM");
		setTimeout(() => signalGroup(group, "SIGKILL"), KILL_GRACE_MS).unref();
	};
}

function signalGroup(group: number, signal: NodeJS.Signals): void {
	try {
		process.kill(group, signal);
	} catch {
		// ESRCH: the group is already gone.
	}
}

/** Sends the tail of the output through onUpdate at most every UPDATE_INTERVAL_MS. */
function throttledUpdates(capture: OutputCapture, ctx: ToolContext): { schedule(): void; cancel(): void } {
	let timer: NodeJS.Timeout | undefined;
	let last = 0;
	return {
		schedule() {
			if (timer) return;
			timer = setTimeout(
				() => {
					timer = undefined;
					last = Date.now();
					ctx.onUpdate([{ type: "text", text: capture.recent() }]);
				},
				Math.max(0, last + UPDATE_INTERVAL_MS - Date.now()),
			);
		},
		cancel() {
			clearTimeout(timer);
			timer = undefined;
		},
	};
}

let cachedShell: string | undefined;

/** bash from PATH, else sh. */
function findShell(): string {
	cachedShell ??= findOnPath("bash") ?? "sh";
	return cachedShell;
}

async function requireDirectory(cwd: string): Promise<void> {
	const info = await stat(cwd).catch(() => undefined);
	if (!info?.isDirectory())
		throw new Error(`Working directory ${cwd} does not exist; cannot run the command.`);
}
