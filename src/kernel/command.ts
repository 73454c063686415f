/** The command primitive: `/name args` typed by the user, or invoked by a mode. */

export interface CommandContext {
	cwd: string;
	/** Mode-specific services (UI port, session) are attached by the host that runs the command. */
	[key: string]: unknown;
}

/** Where a command comes from, for clients that show it (RPC `get_commands`). */
export interface CommandOrigin {
	/** The file that defines it: an extension's module, a prompt template's `.md`, a skill's `SKILL.md`. */
	path: string;
	/** Where that file was found: the user's folders, the project's, or a path an extension or settings named. */
	location?: "user" | "project" | "path";
}

export interface CommandDefinition {
	description: string;
	/** Completion hint for the argument, shown after the name. */
	argumentHint?: string;
	origin?: CommandOrigin;
	handler(args: string, ctx: CommandContext): Promise<void> | void;
}
