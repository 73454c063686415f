/**
 * Where session files live and how to find them again:
 * `<home>/sessions/<project-key>/<timestamp>_<session-id>.jsonl`.
 * Lookups go by file name and mtime so --continue and --resume never parse
 * every session; only `listSessions` reads file contents, and only of files
 * that changed since the project's index last saw them (session-index.ts).
 */
import { createHash } from "node:crypto";
import { type Dirent, readdirSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { sessionsDir } from "../base/paths.js";
import { isNotFound } from "../base/read-text.js";
import type { SessionHeader } from "./session-entries.js";
import { indexedSessions } from "./session-index.js";

/** Keys longer than this are cut (keeping the end, where the project name is) and hashed. */
const MAX_KEY_LENGTH = 96;
const SESSION_FILE = /^(.+)_([^_]+)\.jsonl$/;

export interface SessionInfo {
	id: string;
	file: string;
	cwd: string;
	created: Date;
	modified: Date;
	/** Message entries in the file, across all branches. */
	messageCount: number;
	/** The first user message, whitespace collapsed and cut to a preview; "" if none. */
	firstMessage: string;
	/** Set with /name: the latest session_info entry; undefined if the session was never named. */
	name?: string;
}

/**
 * A directory name for a project that is readable and never shared by two
 * paths: `/work/main` → `--work-main--`. When the mapping would be ambiguous
 * (the path has `-` or other characters outside [A-Za-z0-9._]) or too long, a
 * hash of the full path is appended: `/work/my-app` → `--work-my-app--1a2b3c4d`.
 */
export function projectKey(cwd: string): string {
	const absolute = resolve(cwd);
	let ambiguous = false;
	let slug = "";
	for (const char of absolute.replace(/^[/\\]/, "")) {
		if (char === "/" || char === "\\") slug += "-";
		else if (/^[A-Za-z0-9._]$/.test(char)) slug += char;
		else {
			slug += char === "-" ? "-" : "_";
			ambiguous = true;
		}
	}
	if (slug.length > MAX_KEY_LENGTH) {
		slug = slug.slice(slug.length - MAX_KEY_LENGTH);
		ambiguous = true;
	}
	const key = `--${slug}--`;
	return ambiguous ? key + createHash("sha256").update(absolute).digest("hex").slice(0, 8) : key;
}

export function projectSessionDir(home: string, cwd: string): string {
	return join(sessionsDir(home), projectKey(cwd));
}

/** `2025-01-15T09-30-00-000Z_<id>.jsonl`: sorts by creation time, and `:` is not allowed on every file system. */
export function sessionFileName(header: SessionHeader): string {
	return `${header.timestamp.replace(/[:.]/g, "-")}_${header.id}.jsonl`;
}

interface SessionFile {
	id: string;
	file: string;
}

function readDirents(dir: string): Dirent[] {
	try {
		return readdirSync(dir, { withFileTypes: true });
	} catch (error) {
		if (isNotFound(error)) return [];
		throw error;
	}
}

function sessionFilesIn(dir: string): SessionFile[] {
	const files: SessionFile[] = [];
	for (const dirent of readDirents(dir)) {
		const match = dirent.isFile() ? SESSION_FILE.exec(dirent.name) : null;
		if (match) files.push({ id: match[2], file: join(dir, dirent.name) });
	}
	return files;
}

function projectDirs(home: string): string[] {
	const root = sessionsDir(home);
	return readDirents(root)
		.filter((dirent) => dirent.isDirectory())
		.map((dirent) => join(root, dirent.name));
}

function mtimeOf(file: string): number | undefined {
	try {
		return statSync(file).mtimeMs;
	} catch {
		// Deleted between the listing and now (another weft, the user): not a candidate.
		return undefined;
	}
}

/** This project's session files, most recently modified first (for --continue, which skips unusable ones). */
export function sessionsByRecency(options: { home: string; cwd: string }): string[] {
	const dated: Array<{ file: string; mtime: number }> = [];
	for (const { file } of sessionFilesIn(projectSessionDir(options.home, options.cwd))) {
		const mtime = mtimeOf(file);
		if (mtime !== undefined) dated.push({ file, mtime });
	}
	// Equal mtimes (coarse clocks) fall back to the name, which starts with the creation time.
	dated.sort((a, b) => b.mtime - a.mtime || (a.file < b.file ? 1 : a.file > b.file ? -1 : 0));
	return dated.map((entry) => entry.file);
}

/** The most recently modified session of this project. */
export function findLatestSession(options: { home: string; cwd: string }): string | undefined {
	return sessionsByRecency(options)[0];
}

function matchId(files: SessionFile[], id: string): string | undefined {
	const exact = files.find((candidate) => candidate.id === id);
	if (exact) return exact.file;
	const matches = files.filter((candidate) => candidate.id.startsWith(id));
	if (matches.length > 1) {
		const listed = matches.map((candidate) => `  ${candidate.file}`).join("\n");
		throw new Error(
			`Session id "${id}" is ambiguous; it matches ${matches.length} sessions:\n${listed}\nGive more characters of the id.`,
		);
	}
	return matches[0]?.file;
}

/**
 * Finds a session by full id or unique prefix (for --resume): this project
 * first, then every project. Throws when a prefix matches several sessions.
 */
export function findSessionById(options: { home: string; cwd?: string; id: string }): string | undefined {
	const id = options.id.trim();
	if (id === "") return undefined;
	const projectDir = options.cwd === undefined ? undefined : projectSessionDir(options.home, options.cwd);
	if (projectDir !== undefined) {
		const found = matchId(sessionFilesIn(projectDir), id);
		if (found) return found;
	}
	const everywhere = projectDirs(options.home)
		.filter((dir) => dir !== projectDir)
		.flatMap(sessionFilesIn);
	return matchId(everywhere, id);
}

/** Sessions of one project (or of all projects when `cwd` is omitted), newest first. */
export function listSessions(options: { home: string; cwd?: string }): SessionInfo[] {
	const dirs =
		options.cwd === undefined ? projectDirs(options.home) : [projectSessionDir(options.home, options.cwd)];
	const infos: SessionInfo[] = [];
	for (const dir of dirs) {
		const files = sessionFilesIn(dir).map((session) => session.file);
		for (const { file, mtimeMs, summary } of indexedSessions(dir, files)) {
			infos.push({
				id: summary.id,
				file,
				cwd: summary.cwd,
				created: new Date(summary.created),
				modified: new Date(mtimeMs),
				messageCount: summary.messageCount,
				firstMessage: summary.firstMessage,
				...(summary.name !== undefined ? { name: summary.name } : {}),
			});
		}
	}
	return infos.sort((a, b) => b.modified.getTime() - a.modified.getTime() || b.file.localeCompare(a.file));
}
