/**
 * `--system-prompt` and `--append-system-prompt` take text or a file, as
 * pi's do: a value naming an existing file is replaced by the file's
 * contents (pi's subagent example passes a temporary file), anything else
 * is the text itself. A file that is there but cannot be read is an error,
 * never silently sent to the model as its own path.
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { errorMessage } from "../base/error-message.js";
import { isFile } from "../base/read-text.js";
import { UsageError } from "./args.js";

/** The prompt text `value` stands for; relative paths are taken from `cwd`. */
export function promptText(value: string | undefined, option: string, cwd: string): string | undefined {
	if (value === undefined || value === "") return value;
	const file = resolve(cwd, value);
	// Multi-line text is never a file name; no need to ask the file system.
	if (value.includes("\n") || !isFile(file)) return value;
	try {
		return readFileSync(file, "utf8");
	} catch (error) {
		throw new UsageError(
			`${option}: cannot read ${file}: ${errorMessage(error)}. Fix its permissions or pass the text itself.`,
		);
	}
}
