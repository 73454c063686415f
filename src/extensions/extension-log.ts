/**
 * One extension's log (`weft.log` for in-process extensions; a subprocess
 * extension's stderr and the host's notes about either kind): the last lines
 * in memory for diagnostics, and every line appended to
 * `<home>/logs/ext-<name>.log` — batched, rotated at 1 MiB, mode 0600
 * (log-file.ts). The folder and file are created on the first line.
 */
import { join } from "node:path";
import { logsDir } from "../base/paths.js";
import { LogFile, MAX_LOG_BYTES } from "./log-file.js";

export type LogLevel = "debug" | "info" | "warn" | "error";

export interface LogLine {
	time: number;
	level: LogLevel;
	message: string;
}

const KEPT_LINES = 50;

/** The log file of an extension (the same name for in-process and subprocess extensions). */
export function extensionLogFile(home: string, name: string): string {
	return join(logsDir(home), `ext-${name.replace(/[^\w.-]+/g, "_")}.log`);
}

export class ExtensionLog {
	private readonly lines: LogLine[] = [];
	private readonly file: LogFile | undefined;
	/** The file lines are appended to (undefined for a memory-only log). */
	readonly path: string | undefined;

	/** `home` undefined: memory only. `echo` receives every line too (stderr with --verbose). */
	constructor(
		readonly name: string,
		home: string | undefined,
		private readonly echo?: (name: string, level: LogLevel, message: string) => void,
		maxBytes = MAX_LOG_BYTES,
	) {
		this.file = home ? new LogFile(extensionLogFile(home, name), maxBytes) : undefined;
		this.path = this.file?.path;
	}

	write(message: string, level: LogLevel = "info"): void {
		const line: LogLine = { time: Date.now(), level, message: String(message) };
		this.lines.push(line);
		if (this.lines.length > KEPT_LINES) this.lines.shift();
		this.echo?.(this.name, level, line.message);
		this.file?.append(`${new Date(line.time).toISOString()} ${level} ${line.message}\n`);
	}

	/** Writes what is buffered now (when the extension stops; weft's exit writes it anyway). */
	flush(): void {
		this.file?.flush();
	}

	tail(): LogLine[] {
		return [...this.lines];
	}
}
