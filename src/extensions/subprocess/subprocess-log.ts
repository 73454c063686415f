/**
 * The log of a subprocess extension: its stderr and the host's notes about
 * it, in `<home>/logs/ext-<name>.log` — the same file, batching, rotation
 * (1 MiB, one old file kept) and mode (0600) as an in-process extension's
 * log (extension-log.ts, log-file.ts), always backed by a file.
 */
import { ExtensionLog, type LogLevel } from "../extension-log.js";

export { extensionLogFile } from "../extension-log.js";

export class SubprocessLog extends ExtensionLog {
	declare readonly path: string;

	constructor(
		name: string,
		home: string,
		echo?: (name: string, level: LogLevel, message: string) => void,
		maxBytes?: number,
	) {
		super(name, home, echo, maxBytes);
	}
}
