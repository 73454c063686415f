/** Locating and running ripgrep, reading its --json output as match and context lines. */
import { spawn } from "node:child_process";
import { accessSync, constants } from "node:fs";
import { createInterface } from "node:readline";
import { findOnPath } from "./executables.js";

export interface RipgrepHit {
	/** false for a context line. */
	match: boolean;
	/** As ripgrep printed it: relative to its working directory, or absolute. */
	file: string;
	line: number;
	text: string;
}

export interface RipgrepExit {
	/** 0 matches found, 1 none, 2 an error (possibly alongside matches); null when stopped. */
	code: number | null;
	stderr: string;
}

export interface RipgrepSearch {
	/** The hits in output order; leaving the loop early stops ripgrep. */
	hits: AsyncIterable<RipgrepHit>;
	exit: Promise<RipgrepExit>;
}

let located: Promise<string> | undefined;

/** ripgrep from `@vscode/ripgrep` (imported lazily; it throws when its platform package is missing), else `rg` on PATH. */
export function findRipgrep(): Promise<string> {
	located ??= locateRipgrep();
	return located;
}

/** Runs ripgrep with `--json` added to `flags`; aborting `signal` stops it. */
export function searchWithRipgrep(
	rg: string,
	flags: readonly string[],
	cwd: string,
	signal: AbortSignal,
): RipgrepSearch {
	const child = spawn(rg, ["--json", ...flags], { cwd, stdio: ["ignore", "pipe", "pipe"] });
	const stop = (): void => {
		child.kill();
	};
	if (signal.aborted) stop();
	else signal.addEventListener("abort", stop, { once: true });
	let stderr = "";
	child.stderr.setEncoding("utf8");
	child.stderr.on("data", (chunk: string) => {
		stderr += chunk;
	});
	const exit = new Promise<RipgrepExit>((resolve, reject) => {
		child.once("error", (error) => reject(new Error(`Could not run ripgrep (${rg}): ${error.message}`)));
		child.once("close", (code) => resolve({ code, stderr }));
	}).finally(() => signal.removeEventListener("abort", stop));
	// Keep a spawn failure from surfacing as an unhandled rejection before the caller awaits `exit`.
	exit.catch(() => {});

	async function* hits(): AsyncGenerator<RipgrepHit> {
		const reader = createInterface({ input: child.stdout, crlfDelay: Number.POSITIVE_INFINITY });
		try {
			for await (const json of reader) {
				const hit = parseHit(json);
				if (hit) yield hit;
			}
		} finally {
			reader.close();
			if (child.exitCode === null) child.kill();
		}
	}
	return { hits: hits(), exit };
}

async function locateRipgrep(): Promise<string> {
	try {
		const { rgPath } = await import("@vscode/ripgrep");
		accessSync(rgPath, constants.X_OK);
		return rgPath;
	} catch {
		const onPath = findOnPath(process.platform === "win32" ? "rg.exe" : "rg");
		if (onPath) return onPath;
		located = undefined;
		throw new Error(
			"ripgrep is not available: the @vscode/ripgrep platform package is missing and no rg is on PATH. " +
				"Reinstall weft's dependencies or install ripgrep.",
		);
	}
}

/** One match or context line; other message types (begin, end, summary) give undefined. */
function parseHit(json: string): RipgrepHit | undefined {
	let message: { type?: string; data?: Record<string, any> };
	try {
		message = JSON.parse(json);
	} catch {
		return undefined;
	}
	if ((message.type !== "match" && message.type !== "context") || !message.data) return undefined;
	const { path, lines, line_number: line } = message.data;
	if (typeof line !== "number") return undefined;
	const text = arbitraryText(lines).replace(/\r?\n$/, "");
	return { match: message.type === "match", file: arbitraryText(path), line, text };
}

/** ripgrep encodes data that is not UTF-8 as base64 `bytes` instead of `text`. */
function arbitraryText(value: { text?: string; bytes?: string } | undefined): string {
	if (value?.text !== undefined) return value.text;
	if (value?.bytes !== undefined) return Buffer.from(value.bytes, "base64").toString("utf8");
	return "";
}
