/**
 * Runs weft's real interactive mode in-process, in a throwaway home and
 * project folder, against the mock LLM, with a fake TTY whose output is fed
 * into a headless terminal emulator (`Screen`). The emulator's own answers to
 * terminal queries (device attributes) go back to stdin, as a real terminal's
 * would, so start-up does not wait for query timeouts. Tests type keys and
 * assert on what the emulator shows.
 */
import { EventEmitter } from "node:events";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { PassThrough } from "node:stream";
import { loadSettings } from "../../src/ai/settings.js";
import { hasExtensionSources } from "../../src/extensions/start-host.js";
import { runInteractiveMode } from "../../src/modes/interactive/interactive-mode.js";
import {
	type MockLlm,
	type RecordedRequest,
	type ScriptEntry,
	startMockLlm,
} from "../../src/testing/mock-llm/index.js";
import { Screen } from "../tui/support/screen.js";
import { mockProviderSettings } from "./weft-cli.js";

export interface InteractiveOptions {
	script: ScriptEntry[];
	cols?: number;
	rows?: number;
	/** `-e` paths: extension files or folders. */
	extensions?: string[];
	/** Merged over the mock provider's settings. */
	settings?: Record<string, unknown>;
	/** Project files, by path relative to the project folder. */
	files?: Record<string, string>;
	/** Whether the project folder is trusted as weft starts (default: trusted, as before this option). */
	projectTrusted?: boolean;
	/** Runs before weft starts, with the throwaway folders (e.g. to write a session to continue). */
	prepare?: (dirs: { home: string; cwd: string }) => void;
	/** Start as `weft --continue` does: the project's latest session. */
	continueSession?: boolean;
}

/** Keys by name, as a terminal without the Kitty protocol sends them. */
export const KEYS = {
	enter: "\r",
	escape: "\x1b",
	tab: "\t",
	backspace: "\x7f",
	space: " ",
	up: "\x1b[A",
	down: "\x1b[B",
	right: "\x1b[C",
	left: "\x1b[D",
	home: "\x1b[H",
	end: "\x1b[F",
	pageup: "\x1b[5~",
	pagedown: "\x1b[6~",
	delete: "\x1b[3~",
	"alt+enter": "\x1b\r",
	"shift+tab": "\x1b[Z",
	"ctrl+a": "\x01",
	"ctrl+c": "\x03",
	"ctrl+d": "\x04",
	"ctrl+e": "\x05",
	"ctrl+k": "\x0b",
	"ctrl+l": "\x0c",
	"ctrl+o": "\x0f",
	"ctrl+u": "\x15",
	"ctrl+w": "\x17",
} as const;

export type KeyName = keyof typeof KEYS;

/** What to wait for: text on the screen, a pattern, or a check of the screen's rows. */
export type ScreenCheck = string | RegExp | ((lines: string[]) => boolean);

export interface Harness {
	readonly screen: Screen;
	readonly home: string;
	readonly cwd: string;
	readonly llm: MockLlm;
	/** Every setRawMode call, in order. */
	readonly rawModeCalls: boolean[];
	/** What the mode wrote to stderr. */
	stderr(): string;
	/** Raw bytes, as if typed. */
	type(text: string): void;
	press(key: KeyName): void;
	/** A bracketed paste. */
	paste(text: string): void;
	/** Resolves with the screen's rows once `check` holds there; rejects (showing the screen) after `timeoutMs`. */
	waitFor(check: ScreenCheck, timeoutMs?: number): Promise<string[]>;
	/** As waitFor, over the scrollback and the screen together. */
	waitForAll(check: ScreenCheck, timeoutMs?: number): Promise<string[]>;
	resize(cols: number, rows: number): Promise<void>;
	requests(): RecordedRequest[];
	/** Ctrl+C twice (on an empty composer: with a draft, the first only clears it); resolves with the exit code. */
	exit(timeoutMs?: number): Promise<number>;
	/** Ends the mode if still running, stops the mock, deletes the folders, removes leftover process listeners. */
	dispose(): Promise<void>;
}

/** The process events the Terminal hooks so it can restore the terminal on every way out. */
const PROCESS_EVENTS = ["exit", "uncaughtExceptionMonitor", "SIGINT", "SIGTERM", "SIGHUP", "SIGCONT"];

/** `process.listeners` with an event name from a list (its overloads want a literal). */
const processListeners = (event: string): Array<(...args: unknown[]) => void> =>
	(process.listeners as (event: string) => Array<(...args: unknown[]) => void>)(event);

class FakeTtyOutput extends EventEmitter {
	readonly isTTY = true;
	constructor(private readonly screen: Screen) {
		super();
	}
	get columns(): number {
		return this.screen.columns;
	}
	get rows(): number {
		return this.screen.rows;
	}
	write(data: string | Uint8Array): boolean {
		this.screen.write(typeof data === "string" ? data : Buffer.from(data).toString("utf8"));
		return true;
	}
}

function matches(check: ScreenCheck, lines: string[]): boolean {
	if (typeof check === "function") return check(lines);
	const text = lines.join("\n");
	return typeof check === "string" ? text.includes(check) : check.test(text);
}

export async function startInteractive(options: InteractiveOptions): Promise<Harness> {
	const root = mkdtempSync(join(tmpdir(), "weft-tui-"));
	const home = join(root, "home");
	const cwd = join(root, "project");
	mkdirSync(home, { recursive: true });
	mkdirSync(cwd, { recursive: true });
	for (const [path, content] of Object.entries(options.files ?? {})) {
		const file = join(cwd, path);
		mkdirSync(dirname(file), { recursive: true });
		writeFileSync(file, content);
	}
	options.prepare?.({ home, cwd });
	const llm = await startMockLlm({ script: options.script });
	writeFileSync(
		join(home, "settings.json"),
		JSON.stringify(
			mockProviderSettings(llm.baseUrlFor("openai-completions"), "openai-completions", {
				defaultProvider: "mock",
				defaultModel: "mock-model",
				...options.settings,
			}),
		),
	);
	const { settings } = loadSettings({ cwd, home, projectTrusted: options.projectTrusted });

	const screen = new Screen(options.cols ?? 80, options.rows ?? 24);
	const rawModeCalls: boolean[] = [];
	const stdin = Object.assign(new PassThrough(), {
		isTTY: true,
		setRawMode(mode: boolean) {
			rawModeCalls.push(mode);
			return stdin;
		},
	});
	// The emulator answers queries (device attributes) the way a real terminal does: on its input.
	const answers = screen.term.onData((data) => stdin.write(data));
	const stdout = new FakeTtyOutput(screen);
	let stderrText = "";
	const stderr = new PassThrough();
	stderr.on("data", (chunk) => {
		stderrText += String(chunk);
	});

	const listenersBefore = new Map(PROCESS_EVENTS.map((event) => [event, processListeners(event)]));
	const env: NodeJS.ProcessEnv = {};
	const sources = { cwd, home, settings, cliPaths: options.extensions ?? [] };
	let exitCode: number | undefined;
	const running = runInteractiveMode({
		cwd,
		home,
		env,
		settings,
		// The mode does not pass its cwd/home/env on to the session: without these the session would
		// run tools in process.cwd() and keep its file in the real ~/.weft.
		session: {
			cwd,
			home,
			env,
			projectTrusted: options.projectTrusted,
			...(options.continueSession ? { session: { continue: true } } : {}),
		},
		// As the CLI decides: a host only when some extension (an -e path, a first-party one) has something to load.
		extensions: hasExtensionSources(sources) ? sources : undefined,
		checkArgs: () => {},
		stdin: stdin as unknown as NodeJS.ReadStream,
		stdout: stdout as unknown as NodeJS.WriteStream,
		stderr,
	}).then((code) => {
		exitCode = code;
		return code;
	});
	// A failure surfaces through exit(); this only keeps it from being reported as unhandled meanwhile.
	running.catch(() => {});

	const poll = async (check: ScreenCheck, timeoutMs: number, read: () => Promise<string[]>) => {
		const start = Date.now();
		for (;;) {
			const lines = await read();
			if (matches(check, lines)) return lines;
			if (exitCode !== undefined)
				throw new Error(`weft exited (code ${exitCode}) while waiting for ${check}`);
			if (Date.now() - start > timeoutMs)
				throw new Error(
					`timed out waiting for ${check}; the screen shows:\n${lines.join("\n")}\nstderr: ${stderrText}`,
				);
			await new Promise((resolve) => setTimeout(resolve, 20));
		}
	};

	const press = (key: KeyName) => stdin.write(KEYS[key]);
	const exit = async (timeoutMs = 10_000): Promise<number> => {
		press("ctrl+c");
		press("ctrl+c");
		let timer: NodeJS.Timeout | undefined;
		const limit = new Promise<never>((_, reject) => {
			timer = setTimeout(() => reject(new Error("weft did not exit after Ctrl+C twice")), timeoutMs);
		});
		try {
			return await Promise.race([running, limit]);
		} finally {
			clearTimeout(timer);
			await screen.settle();
		}
	};

	return {
		screen,
		home,
		cwd,
		llm,
		rawModeCalls,
		stderr: () => stderrText,
		type: (text) => stdin.write(text),
		press,
		paste: (text) => stdin.write(`\x1b[200~${text}\x1b[201~`),
		waitFor: (check, timeoutMs = 10_000) => poll(check, timeoutMs, () => screen.screen()),
		waitForAll: (check, timeoutMs = 10_000) => poll(check, timeoutMs, () => screen.allLines()),
		resize: async (cols, rows) => {
			await screen.resize(cols, rows);
			stdout.emit("resize");
		},
		requests: () => llm.requests,
		exit,
		dispose: async () => {
			// A test may end with a dialog open (dialogs ignore Ctrl+C: Escape closes it) or a draft in
			// the composer (the first Ctrl+C only clears it; a spare one costs nothing, a third exits).
			for (let attempt = 0; attempt < 3 && exitCode === undefined; attempt++) {
				press("escape");
				// Past the key parser's escape timeout, so the next key is not read as Alt+key.
				await new Promise((resolve) => setTimeout(resolve, 100));
				press("ctrl+c");
				await exit(2_000).catch(() => {});
			}
			answers.dispose();
			// If the mode never got to restore the terminal, its process hooks would outlive the test.
			for (const event of PROCESS_EVENTS) {
				const before = listenersBefore.get(event) ?? [];
				for (const listener of processListeners(event))
					if (!before.includes(listener)) process.off(event, listener);
			}
			await llm.close();
			rmSync(root, { recursive: true, force: true });
		},
	};
}

/** The screen shows no "Working" status: the agent is idle. */
export const idle = (rows: string[]): boolean => !rows.some((l) => l.includes("Working"));

/** The user messages the mock received in its `request`-th request. */
export const userTexts = (harness: Harness, request: number): string[] =>
	harness
		.requests()
		[request].body.messages.filter((m: { role: string }) => m.role === "user")
		.map((m: { content: unknown }) => String(m.content));

/** The foreground colour of the first cell of the first `text` on the screen (-1: the terminal's default). */
export function fgOf(harness: Harness, text: string): number {
	const buffer = harness.screen.term.buffer.active;
	for (let y = 0; y < buffer.length; y++) {
		const line = buffer.getLine(y);
		const col = line?.translateToString(true).indexOf(text) ?? -1;
		if (line && col >= 0) return line.getCell(col)?.getFgColor() ?? -1;
	}
	return -1;
}
