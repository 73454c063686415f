/**
 * Where first-party extensions read project and user files: the project
 * folder, weft's home (`WEFT_HOME` or `~/.weft`) and the user's home
 * directory (for conventions other agents keep there, like `~/.claude`).
 */
export interface Places {
	cwd: string;
	/** weft's home. */
	home: string;
	/** The user's home directory (`os.homedir()`): `~/.claude/…` lives there, not under weft's home. */
	userHome: string;
}

/** One folder a first-party extension reads, and whether it belongs to the project (project ones come first). */
export interface Folder {
	dir: string;
	scope: "project" | "user";
}
