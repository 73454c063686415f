/**
 * `/export` and `weft --export`: writes a session's current branch as an HTML
 * page (session-html.ts). An existing file is never replaced: the default name
 * `weft-session-<id8>.html` moves on to `-2`, `-3`… and a name the user gave
 * that is taken is refused.
 */
import { writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { isKnownEntry } from "../../agent/session-entries.js";
import { sessionNameOf } from "../../agent/session-name.js";
import type { SessionStore } from "../../agent/session-store.js";
import { type ExportInput, renderSessionHtml } from "./session-html.js";

/** Most `-N` names tried for the default file before giving up. */
const MAX_SUFFIX = 1000;

/** What the page shows of `store`: its current branch and what describes the session. */
export function exportInput(store: SessionStore): ExportInput {
	const entries = store.pathToLeaf();
	let model: string | undefined;
	for (const entry of entries) {
		if (!isKnownEntry(entry)) continue;
		if (entry.type === "model_change") model = `${entry.provider}/${entry.model}`;
		if (entry.type === "message" && entry.message.role === "assistant") {
			model = `${entry.message.provider}/${entry.message.model}`;
		}
	}
	return {
		header: store.header,
		name: sessionNameOf(store.entries),
		model,
		entries,
		updated: entries.at(-1)?.timestamp,
	};
}

/**
 * Writes the page and returns the absolute path written. `file` is resolved
 * against `cwd`; without it the default name is used in `cwd`. Throws when
 * `file` exists or cannot be written.
 */
export function exportSessionHtml(store: SessionStore, options: { cwd: string; file?: string }): string {
	const html = renderSessionHtml(exportInput(store));
	if (options.file !== undefined) {
		const path = resolve(options.cwd, options.file);
		write(path, html, () => `${path} already exists; give another file name or remove it first`);
		return path;
	}
	const stem = `weft-session-${store.id.slice(0, 8)}`;
	for (let n = 1; n <= MAX_SUFFIX; n++) {
		const path = resolve(options.cwd, n === 1 ? `${stem}.html` : `${stem}-${n}.html`);
		if (write(path, html)) return path;
	}
	throw new Error(
		`Cannot export: ${stem}.html to ${stem}-${MAX_SUFFIX}.html all exist in ${options.cwd}; give a file name.`,
	);
}

/** True when written; false when the path exists and no `taken` message was given (the caller tries another). */
function write(path: string, html: string, taken?: () => string): boolean {
	try {
		// `wx`: fails rather than replaces, even when another process creates the file meanwhile.
		writeFileSync(path, html, { flag: "wx" });
		return true;
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		if (code === "EEXIST") {
			if (taken) throw new Error(`Cannot export: ${taken()}.`);
			return false;
		}
		throw new Error(
			`Cannot export to ${path}: ${(error as Error).message}. Check the folder exists and is writable.`,
		);
	}
}
