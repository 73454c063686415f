/**
 * `weft ext logs NAME [-f]`: prints an extension's log (`<home>/logs/ext-NAME.log`:
 * a subprocess extension's stderr and the host's notes about it, or an
 * in-process extension's `weft.log` lines). With `-f` it keeps printing
 * what is appended, across rotations, until interrupted.
 */
import { closeSync, openSync, readSync, statSync } from "node:fs";
import { displayPath } from "../base/paths.js";
import { extensionLogFile } from "../extensions/extension-log.js";
import { EXIT_ERROR, EXIT_OK } from "../modes/exit-codes.js";
import { UsageError } from "./args.js";

const USAGE = "usage: weft ext logs NAME [-f]";
const POLL_MS = 200;

export interface ExtLogsIO {
	stdout: NodeJS.WritableStream;
	stderr: NodeJS.WritableStream;
}

/** `stop` ends follow mode (default: SIGINT or SIGTERM). */
export async function extLogs(
	args: readonly string[],
	home: string,
	io: ExtLogsIO,
	stop?: AbortSignal,
): Promise<number> {
	const follow = args.includes("-f") || args.includes("--follow");
	const words = args.filter((a) => a !== "-f" && a !== "--follow");
	const unknown = words.find((w) => w.startsWith("-"));
	if (unknown) throw new UsageError(`weft ext logs: unknown option ${unknown} (${USAGE})`);
	if (words.length !== 1) throw new UsageError(`weft ext logs takes one extension name (${USAGE})`);
	const file = extensionLogFile(home, words[0]);
	const size = sizeOf(file);
	if (size === undefined && !follow) {
		io.stderr.write(
			`weft: no log for "${words[0]}" yet (${displayPath(file)}). "weft ext list" shows the extensions' names.\n`,
		);
		return EXIT_ERROR;
	}
	let offset = copy(file, 0, io.stdout);
	if (!follow) return EXIT_OK;
	const signal = stop ?? processStop();
	while (!signal.aborted) {
		await sleep(POLL_MS, signal);
		const now = sizeOf(file);
		// Smaller than what we read: the log was rotated and this is a new file.
		if (now !== undefined && now < offset) offset = 0;
		offset = copy(file, offset, io.stdout);
	}
	return EXIT_OK;
}

function sizeOf(file: string): number | undefined {
	try {
		return statSync(file).size;
	} catch {
		return undefined;
	}
}

/** Writes the file from `offset` to its end; returns the new offset. */
function copy(file: string, offset: number, out: NodeJS.WritableStream): number {
	let fd: number;
	try {
		fd = openSync(file, "r");
	} catch {
		return offset;
	}
	try {
		const buffer = Buffer.alloc(64 * 1024);
		for (;;) {
			const read = readSync(fd, buffer, 0, buffer.length, offset);
			if (read === 0) return offset;
			out.write(Buffer.from(buffer.subarray(0, read)));
			offset += read;
		}
	} finally {
		closeSync(fd);
	}
}

function processStop(): AbortSignal {
	const controller = new AbortController();
	const stop = () => controller.abort();
	process.once("SIGINT", stop);
	process.once("SIGTERM", stop);
	return controller.signal;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
	return new Promise((resolve) => {
		const timer = setTimeout(resolve, ms);
		signal.addEventListener(
			"abort",
			() => {
				clearTimeout(timer);
				resolve();
			},
			{ once: true },
		);
	});
}
