/**
 * What the user is told about a load: project extensions skipped because
 * the folder is not trusted (one line for all of them) and each extension
 * that failed to load, the same words whether it is said after loading or,
 * for a subprocess extension that fails later, when it happens.
 */
import type { ExtensionRecord } from "./diagnostics.js";

export function failedToLoad(record: ExtensionRecord): string {
	return `extension "${record.name}" failed to load: ${record.reason}`;
}

/** The lines for the user after loading, for the records of a load in `cwd`. */
export function loadNotices(records: readonly ExtensionRecord[], cwd: string): string[] {
	const out: string[] = [];
	// Entries of the project's settings file are already named in the settings loader's warning.
	const untrusted = records.filter((r) => r.status === "untrusted" && r.origin !== "settings").length;
	if (untrusted > 0) {
		out.push(
			`skipped ${untrusted} project extension(s) in ${cwd}: this folder is not trusted. Run "weft trust" to trust it, or pass --trust for this run.`,
		);
	}
	for (const r of records) if (r.status === "failed") out.push(failedToLoad(r));
	return out;
}
