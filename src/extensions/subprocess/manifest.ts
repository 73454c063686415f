/**
 * `extension.json`: what makes a folder a subprocess extension. Read during
 * discovery (so it must stay cheap: one small file) and again when the
 * extension starts.
 */
import { readFileSync } from "node:fs";
import { isAbsolute, join, resolve, sep } from "node:path";
import { displayPath } from "../../base/paths.js";
import { isRecord } from "./protocol.js";

const MANIFEST_FILE = "extension.json";

export interface SubprocessManifest {
	/** Authoritative: the extension's name whatever its folder is called. */
	name: string;
	/** As written in the manifest. */
	exec: string;
	args: string[];
	version?: string;
	description?: string;
	language?: string;
	enabled: boolean;
	/** The extension folder: the process's working directory. */
	folder: string;
	file: string;
}

export type ManifestResult = { ok: true; manifest: SubprocessManifest } | { ok: false; reason: string };

export function manifestPath(folder: string): string {
	return join(folder, MANIFEST_FILE);
}

export function readManifest(folder: string): ManifestResult {
	const file = manifestPath(folder);
	const where = displayPath(file);
	let value: unknown;
	try {
		value = JSON.parse(readFileSync(file, "utf8"));
	} catch (error) {
		const message = (error as NodeJS.ErrnoException).code
			? `cannot read ${where}: ${(error as Error).message}`
			: `${where} is not valid JSON: ${(error as Error).message}`;
		return { ok: false, reason: message };
	}
	if (!isRecord(value)) return { ok: false, reason: `${where} must contain a JSON object` };
	const { name, exec, args, enabled, version, description, language } = value;
	if (typeof name !== "string" || name.trim() === "") {
		return { ok: false, reason: `${where}: "name" is required (a non-empty string)` };
	}
	if (typeof exec !== "string" || exec.trim() === "") {
		return {
			ok: false,
			reason: `${where}: "exec" is required: the program to run, e.g. "python3" with "args": ["main.py"], or "./run.sh"`,
		};
	}
	if (args !== undefined && !(Array.isArray(args) && args.every((a) => typeof a === "string"))) {
		return { ok: false, reason: `${where}: "args" must be an array of strings` };
	}
	if (enabled !== undefined && typeof enabled !== "boolean") {
		return { ok: false, reason: `${where}: "enabled" must be true or false` };
	}
	const text = (v: unknown) => (typeof v === "string" ? v : undefined);
	return {
		ok: true,
		manifest: {
			name: name.trim(),
			exec,
			args: (args as string[] | undefined) ?? [],
			version: text(version),
			description: text(description),
			language: text(language),
			enabled: enabled !== false,
			folder,
			file,
		},
	};
}

/**
 * The program to spawn: an absolute path as is; a path (starts with `./` or
 * `../`, or contains a separator) relative to the extension folder; a bare
 * name is left for the PATH lookup.
 */
export function resolveExec(manifest: SubprocessManifest): string {
	const { exec, folder } = manifest;
	if (isAbsolute(exec)) return exec;
	if (exec.startsWith("./") || exec.startsWith("../") || exec.includes("/") || exec.includes(sep)) {
		return resolve(folder, exec);
	}
	return exec;
}
