/**
 * The log of a subprocess extension: its stderr and the host's notes about
 * it, in `<home>/logs/ext-<name>.log`. A chatty child can write a lot, so
 * lines are appended in batches (once per turn of the event loop) and the
 * file is rotated: past `maxBytes` it becomes `ext-<name>.log.1` (one old
 * file is kept) and a new one starts. The last lines stay in memory for
 * diagnostics, as for in-process extensions.
 */
import { appendFileSync, mkdirSync, renameSync, statSync } from "node:fs";
import { join } from "node:path";
import { logsDir } from "../../ai/paths.js";
import { ExtensionLog, type LogLevel } from "../extension-log.js";

const MAX_LOG_BYTES = 1024 * 1024;

/** The log file of an extension (the same name in-process extensions use). */
export function extensionLogFile(home: string, name: string): string {
	return join(logsDir(home), `ext-${name.replace(/[^\w.-]+/g, "_")}.log`);
}

export class SubprocessLog extends ExtensionLog {
	readonly path: string;
	private buffer = "";
	private size: number | undefined;
	private failed = false;
	private scheduled: NodeJS.Immediate | undefined;

	constructor(
		name: string,
		home: string,
		echo?: (name: string, level: LogLevel, message: string) => void,
		private readonly maxBytes = MAX_LOG_BYTES,
	) {
		// Memory and echo only in the base class; the file is written here, rotated.
		super(name, undefined, echo);
		this.path = extensionLogFile(home, name);
	}

	override write(message: string, level: LogLevel = "info"): void {
		super.write(message, level);
		if (this.failed) return;
		this.buffer += `${new Date().toISOString()} ${level} ${String(message)}\n`;
		if (this.buffer.length >= 64 * 1024) this.flush();
		else if (!this.scheduled) {
			this.scheduled = setImmediate(() => this.flush());
			this.scheduled.unref();
		}
	}

	/** Writes what is buffered now (also called when the extension stops). */
	flush(): void {
		if (this.scheduled) clearImmediate(this.scheduled);
		this.scheduled = undefined;
		if (this.buffer === "" || this.failed) return;
		const text = this.buffer;
		this.buffer = "";
		try {
			if (this.size === undefined) this.size = this.open();
			const bytes = Buffer.byteLength(text);
			if (this.size > 0 && this.size + bytes > this.maxBytes) {
				renameSync(this.path, `${this.path}.1`);
				this.size = 0;
			}
			appendFileSync(this.path, text);
			this.size += bytes;
		} catch {
			// A log that cannot be written (read-only home, full disk) must not break the extension.
			this.failed = true;
		}
	}

	private open(): number {
		mkdirSync(join(this.path, ".."), { recursive: true });
		try {
			return statSync(this.path).size;
		} catch {
			return 0;
		}
	}
}
