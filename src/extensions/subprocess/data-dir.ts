/**
 * Where a subprocess extension keeps its files: `data_dir` in `hello_ack`
 * is the extension's own folder, as the original agent gives it, so an
 * extension written for that agent finds the files it wrote there.
 *
 * weft used to give `~/.weft/extension-data/<name>/` instead. What an
 * extension kept there is moved into its folder when it next starts, once:
 * a file the folder already has is left where it was (and the log says so),
 * and the old folder is removed when nothing is left in it.
 */
import { cpSync, existsSync, readdirSync, renameSync, rmdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { extensionDataDir } from "../../base/paths.js";
import type { LogLevel } from "../extension-log.js";

interface Log {
	write(message: string, level?: LogLevel): void;
}

/** The folder weft gave as `data_dir` before it gave the extension's own. */
export function formerDataDir(home: string, name: string): string {
	return join(extensionDataDir(home), name.replace(/[^\w.-]+/g, "_"));
}

/** Moves what the extension kept in `former` into `folder`, its data folder now. */
export function moveFormerData(former: string, folder: string, log: Log): void {
	if (!existsSync(former)) return;
	let names: string[];
	try {
		names = readdirSync(former);
	} catch (error) {
		log.write(`cannot read its former data folder ${former}: ${(error as Error).message}`, "warn");
		return;
	}
	const kept: string[] = [];
	for (const name of names) {
		const from = join(former, name);
		const to = join(folder, name);
		if (existsSync(to)) {
			kept.push(name);
			continue;
		}
		try {
			move(from, to);
			log.write(`moved ${name} from its former data folder ${former} into its folder (its data_dir now)`);
		} catch (error) {
			kept.push(name);
			log.write(`cannot move ${from} into its folder: ${(error as Error).message}`, "warn");
		}
	}
	if (kept.length > 0) {
		log.write(
			`left in its former data folder ${former}: ${kept.join(", ")} (its folder has files of these names, or they could not be moved); move what it still needs by hand`,
			"warn",
		);
		return;
	}
	try {
		rmdirSync(former);
	} catch {
		// Something appeared there meanwhile: it stays, and the next start moves it.
	}
}

function move(from: string, to: string): void {
	try {
		renameSync(from, to);
	} catch (error) {
		// Another file system: copy, then remove the original only once the copy is whole.
		if ((error as NodeJS.ErrnoException).code !== "EXDEV") throw error;
		cpSync(from, to, { recursive: true, errorOnExist: true, force: false });
		rmSync(from, { recursive: true, force: true });
	}
}
