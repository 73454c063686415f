/**
 * One extension's log (`weft.log`): the last lines in memory for
 * diagnostics, and every line appended to `<home>/logs/ext-<name>.log`
 * (the folder and file are created on the first line).
 */
import { appendFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { logsDir } from "../ai/paths.js";

export type LogLevel = "debug" | "info" | "warn" | "error";

export interface LogLine {
	time: number;
	level: LogLevel;
	message: string;
}

const KEPT_LINES = 50;

export class ExtensionLog {
	private readonly lines: LogLine[] = [];
	private readonly dir: string | undefined;
	private readonly file: string | undefined;
	private fileState: "unopened" | "open" | "failed" = "unopened";

	/** `home` undefined: memory only. `echo` receives every line too (stderr with --verbose). */
	constructor(
		readonly name: string,
		home: string | undefined,
		private readonly echo?: (name: string, level: LogLevel, message: string) => void,
	) {
		this.dir = home ? logsDir(home) : undefined;
		this.file = this.dir ? join(this.dir, `ext-${name.replace(/[^\w.-]+/g, "_")}.log`) : undefined;
	}

	write(message: string, level: LogLevel = "info"): void {
		const line: LogLine = { time: Date.now(), level, message: String(message) };
		this.lines.push(line);
		if (this.lines.length > KEPT_LINES) this.lines.shift();
		this.echo?.(this.name, level, line.message);
		if (!this.file || this.fileState === "failed") return;
		try {
			if (this.fileState === "unopened") mkdirSync(this.dir!, { recursive: true });
			this.fileState = "open";
			appendFileSync(this.file, `${new Date(line.time).toISOString()} ${level} ${line.message}\n`);
		} catch {
			// A log that cannot be written (read-only home, full disk) must not break the extension.
			this.fileState = "failed";
		}
	}

	tail(): LogLine[] {
		return [...this.lines];
	}
}
