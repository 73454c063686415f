/**
 * `weft --export SESSION [FILE]`: writes a session as an HTML page and exits,
 * without loading extensions or resolving a model. SESSION is a session file,
 * or an id or unique prefix as --resume takes. The session is only read: a
 * file left by a killed weft is repaired in memory, never rewritten. Loaded
 * through interactive-mode.js, an entry the bundle already has (see
 * docs/architecture.md on dynamic imports and `-p` memory).
 */
import { existsSync, statSync } from "node:fs";
import { resolve } from "node:path";
import { ConfigError } from "../../agent/create-session.js";
import { SessionStore } from "../../agent/session-store.js";
import { exportSessionHtml } from "./export-session.js";

export interface ExportIo {
	cwd: string;
	home: string;
	stdout: NodeJS.WritableStream;
	stderr: NodeJS.WritableStream;
}

/** Returns the path written; throws ConfigError when SESSION names no session. */
export function runExport(session: string, file: string | undefined, io: ExportIo): string {
	const store = SessionStore.open(sessionFile(session, io), { persist: false });
	for (const warning of [...store.warnings.map((w) => w.message), ...store.repairs]) {
		io.stderr.write(`weft: ${warning}\n`);
	}
	const written = exportSessionHtml(store, { cwd: io.cwd, file });
	io.stdout.write(`Exported session ${store.id} to ${written}\n`);
	return written;
}

function sessionFile(session: string, io: ExportIo): string {
	const asPath = resolve(io.cwd, session);
	if (existsSync(asPath) && statSync(asPath).isFile()) return asPath;
	const byId = SessionStore.findById({ home: io.home, cwd: io.cwd, id: session });
	if (byId) return byId;
	throw new ConfigError(
		`no session file or session id "${session}" (weft keeps sessions under ${io.home}/sessions; --export takes a file or an id prefix)`,
	);
}
