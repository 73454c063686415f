/**
 * Drives a program in a real terminal emulator — tmux — with real keystrokes,
 * and reads back what a user would see. Every session runs on its own tmux
 * server whose socket lives in a private temp folder (`tmux -S`), so tests
 * never touch the user's tmux, can run in parallel, and leave nothing behind
 * (tmux itself does not unlink a socket on kill-server).
 */
import { execFile, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

/** Why tmux can't be used here, or undefined when it can. */
export function tmuxMissingReason(): string | undefined {
	const probe = spawnSync("tmux", ["-V"], { encoding: "utf8" });
	if (probe.error) return `tmux is not installed (${(probe.error as NodeJS.ErrnoException).code ?? "error"})`;
	if (probe.status !== 0) return `\`tmux -V\` exited with ${probe.status}: ${probe.stderr.trim()}`;
	return undefined;
}

export function tmuxAvailable(): boolean {
	return tmuxMissingReason() === undefined;
}

export interface TmuxStartOptions {
	/** A shell command line, run by /bin/sh. */
	command: string;
	cwd: string;
	/** The whole environment of the program (the tmux server is started with it). */
	env?: NodeJS.ProcessEnv;
	/** Default 100 columns. */
	width?: number;
	/** Default 30 rows. */
	height?: number;
}

export interface CaptureOptions {
	/** Include the scrollback above the visible screen. */
	scrollback?: boolean;
	/** Join lines the terminal wrapped, so long lines read as one. */
	joinWrapped?: boolean;
}

export type ScreenCheck = string | RegExp | ((screen: string) => boolean);

export interface WaitOptions extends CaptureOptions {
	/** A hang guard, not a timing assertion. Default 15 s. */
	timeoutMs?: number;
}

const POLL_MS = 50;

export class TmuxSession {
	private killed = false;

	private constructor(
		/** The `-S` socket path of this session's private tmux server. */
		readonly socket: string,
		/** The pane to address with `-t`. */
		readonly target: string,
	) {}

	static async start(options: TmuxStartOptions): Promise<TmuxSession> {
		// Kept short: a unix socket path is limited to about 100 bytes.
		const socket = join(mkdtempSync(join(tmpdir(), "weft-tmux-")), "s");
		const env: NodeJS.ProcessEnv = { ...(options.env ?? process.env) };
		// Inside a user's tmux these would point the client at the wrong server.
		delete env.TMUX;
		delete env.TMUX_PANE;
		const size = [String(options.width ?? 100), String(options.height ?? 30)];
		// One invocation, so the options are in force before the program can run (or exit).
		const started = run(
			"tmux",
			[
				"-S",
				socket,
				"-f",
				"/dev/null",
				"start-server",
				";",
				"set-option",
				"-g",
				"default-shell",
				"/bin/sh",
				";",
				"set-option",
				"-g",
				"history-limit",
				"10000",
				";",
				"set-option",
				"-g",
				"remain-on-exit",
				"on",
				";",
				"new-session",
				"-d",
				"-s",
				"main",
				"-x",
				size[0],
				"-y",
				size[1],
				"-c",
				options.cwd,
				options.command,
			],
			{ env, cwd: options.cwd },
		);
		const session = new TmuxSession(socket, "main:0.0");
		await started.catch(async (error: unknown) => {
			await session.kill();
			throw error;
		});
		return session;
	}

	/** tmux key names: `Enter`, `Escape`, `C-c`, `M-Enter`, `Up`, `Down`, `Tab`, … */
	async sendKeys(...keys: string[]): Promise<void> {
		await this.tmux("send-keys", "-t", this.target, ...keys);
	}

	/** Types `text` literally (no key-name lookup). */
	async sendText(text: string): Promise<void> {
		await this.tmux("send-keys", "-t", this.target, "-l", "--", text);
	}

	/** Resizes the window (and so the pane) as a user dragging the terminal would. */
	async resize(width: number, height: number): Promise<void> {
		await this.tmux("resize-window", "-t", this.target, "-x", String(width), "-y", String(height));
	}

	/** The screen as plain text, one line per row. */
	async capture(options: CaptureOptions = {}): Promise<string> {
		const args = ["capture-pane", "-p", "-t", this.target];
		if (options.scrollback) args.push("-S", "-");
		if (options.joinWrapped) args.push("-J");
		return this.tmux(...args);
	}

	/** A tmux format evaluated for the pane, e.g. `#{cursor_flag}`. */
	async display(format: string): Promise<string> {
		return (await this.tmux("display-message", "-p", "-t", this.target, format)).trim();
	}

	/** Polls the screen until `check` holds and returns that screen; the error shows the last one. */
	async waitFor(check: ScreenCheck, options: WaitOptions = {}): Promise<string> {
		const timeoutMs = options.timeoutMs ?? 15_000;
		const matches = toPredicate(check);
		const deadline = Date.now() + timeoutMs;
		let screen = "";
		for (;;) {
			screen = await this.capture(options);
			if (matches(screen)) return screen;
			if (Date.now() > deadline) break;
			await new Promise((resolve) => setTimeout(resolve, POLL_MS));
		}
		throw new Error(
			`tmux: waited ${timeoutMs} ms for ${describeCheck(check)}; the last screen was:\n` + frame(screen),
		);
	}

	/** Stops this session's tmux server (hanging up on the program). Safe to call twice. */
	async kill(): Promise<void> {
		if (this.killed) return;
		this.killed = true;
		await this.tmux("kill-server").catch(() => undefined);
		rmSync(dirname(this.socket), { recursive: true, force: true });
	}

	private async tmux(...args: string[]): Promise<string> {
		const { stdout } = await run("tmux", ["-S", this.socket, ...args], { encoding: "utf8" });
		return stdout;
	}
}

function toPredicate(check: ScreenCheck): (screen: string) => boolean {
	if (typeof check === "string") return (screen) => screen.includes(check);
	if (check instanceof RegExp) return (screen) => check.test(screen);
	return check;
}

function describeCheck(check: ScreenCheck): string {
	if (typeof check === "string") return JSON.stringify(check);
	if (check instanceof RegExp) return String(check);
	return check.name ? `the condition \`${check.name}\`` : "the condition";
}

/** The screen with a margin on every row, so blank rows and edges read like a screenshot. */
function frame(screen: string): string {
	const rows = screen.replace(/\s+$/, "").split("\n");
	return ["┌── screen", ...rows.map((row) => `│${row}`), "└──"].join("\n");
}
