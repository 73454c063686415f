/**
 * A log file weft writes (an extension's log): appended in batches, once
 * per turn of the event loop, so a chatty extension costs one write per turn
 * rather than one per line; rotated past `maxBytes` (the file becomes
 * `<file>.1`, one old file is kept); private to the user (mode 0600 — logs
 * hold whatever extensions print, prompts and paths included; a file left
 * with a wider mode by an older weft is narrowed when it is opened). What is
 * buffered is written when weft exits, however it exits.
 */
import { appendFileSync, chmodSync, mkdirSync, renameSync, statSync } from "node:fs";
import { dirname } from "node:path";

export const MAX_LOG_BYTES = 1024 * 1024;
const FLUSH_AT_BYTES = 64 * 1024;
const FILE_MODE = 0o600;

const unflushed = new Set<LogFile>();
let exitHookInstalled = false;

export class LogFile {
	private buffer = "";
	private size: number | undefined;
	private failed = false;
	private scheduled: NodeJS.Immediate | undefined;

	constructor(
		readonly path: string,
		private readonly maxBytes = MAX_LOG_BYTES,
	) {}

	append(text: string): void {
		if (this.failed) return;
		this.buffer += text;
		unflushed.add(this);
		installExitHook();
		if (this.buffer.length >= FLUSH_AT_BYTES) this.flush();
		else if (!this.scheduled) {
			this.scheduled = setImmediate(() => this.flush());
			this.scheduled.unref();
		}
	}

	/** Writes what is buffered now. */
	flush(): void {
		if (this.scheduled) clearImmediate(this.scheduled);
		this.scheduled = undefined;
		unflushed.delete(this);
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
			appendFileSync(this.path, text, { mode: FILE_MODE });
			this.size += bytes;
		} catch {
			// A log that cannot be written (read-only home, full disk) must not break the extension.
			this.failed = true;
		}
	}

	/** Creates the folder; narrows the mode of files an older weft left readable by others; returns the size. */
	private open(): number {
		mkdirSync(dirname(this.path), { recursive: true });
		for (const file of [`${this.path}.1`, this.path]) {
			try {
				if ((statSync(file).mode & 0o077) !== 0) chmodSync(file, FILE_MODE);
			} catch {
				// Not there yet.
			}
		}
		try {
			return statSync(this.path).size;
		} catch {
			return 0;
		}
	}
}

function installExitHook(): void {
	if (exitHookInstalled) return;
	exitHookInstalled = true;
	// Synchronous on purpose: "exit" listeners cannot wait, and appendFileSync needs no event loop.
	process.once("exit", () => {
		for (const file of [...unflushed]) file.flush();
	});
}
