/** The command primitive: `/name args` typed by the user, or invoked by a mode. */

export interface CommandContext {
	cwd: string;
	/** Mode-specific services (UI port, session) are attached by the host that runs the command. */
	[key: string]: unknown;
}

export interface CommandDefinition {
	description: string;
	/** Completion hint for the argument, shown after the name. */
	argumentHint?: string;
	handler(args: string, ctx: CommandContext): Promise<void> | void;
}
