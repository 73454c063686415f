/** The tool primitive: what built-in tools, extension tools and bridged tools all are. */
import type { ToolResultContent, Usage } from "./messages.js";

export interface ToolContext {
	cwd: string;
	toolCallId: string;
	signal: AbortSignal;
	/**
	 * Streams partial output (shown live; observers get tool_execution_update),
	 * with the tool's structured progress (`details`, as a result's) if it has any.
	 */
	onUpdate: (partial: ToolResultContent[], details?: unknown) => void;
	/** Where the built-in tools run commands and read and write files; absent: this machine. */
	backend?: ToolBackend;
}

/**
 * Another place for the built-in tools to work in (a remote host, a
 * container, a sandbox): bash runs its commands through `exec`; read, write
 * and edit use `readFile` / `writeFile`, ls `listDirectory`, find `glob`. A
 * part left out runs on this machine; grep always searches this machine's disk.
 */
export interface ToolBackend {
	/**
	 * Runs a command line with a shell in `cwd`, output (stdout and stderr)
	 * through `onData`; resolves with the exit code (null: killed). Should stop
	 * the command when `signal` aborts (weft's timeouts abort it too); a
	 * rejection is the tool's error.
	 */
	exec?(
		command: string,
		options: { cwd: string; signal: AbortSignal; onData(chunk: string | Uint8Array): void },
	): Promise<{ exitCode: number | null }>;
	/** A file's content; for a missing file, reject with an error whose `code` is "ENOENT". */
	readFile?(path: string, signal: AbortSignal): Promise<Uint8Array | string>;
	/** Replaces a file's whole content, creating missing parent folders. */
	writeFile?(path: string, content: string, signal: AbortSignal): Promise<void>;
	/** A folder's entries; reject with code "ENOENT" when it is missing, "ENOTDIR" when it is a file. */
	listDirectory?(path: string, signal: AbortSignal): Promise<Array<{ name: string; isDirectory: boolean }>>;
	/**
	 * Files under `root` matching a glob (`**` across folders), paths relative
	 * to `root` or absolute; skip what `ignore` matches and stop after `limit`.
	 */
	glob?(
		pattern: string,
		root: string,
		options: { ignore: string[]; limit: number; signal: AbortSignal },
	): Promise<string[]>;
}

/**
 * What a tool returns (or a string, shorthand for one text block), and the
 * result a tool_call handler may substitute for running the tool.
 */
export interface ToolResult {
	/** A string is shorthand for one text block. */
	content: string | ToolResultContent[];
	isError?: boolean;
	/** Structured data for renderers (e.g. a diff); not sent to the model. */
	details?: unknown;
	/**
	 * Model usage the tool spent on the session's behalf (a sub-agent's
	 * requests): kept with the result and added to the session's total.
	 */
	usage?: Usage;
	/**
	 * True: the run may end after this answer's tools without asking the model
	 * again (a tool whose result is the final output). Only when every result
	 * of that answer's tool calls says so; otherwise the model answers as usual.
	 */
	terminate?: boolean;
}

export interface ToolDefinition {
	name: string;
	/** Short human label for the UI; defaults to the name. */
	label?: string;
	description: string;
	/** JSON Schema object for the arguments. */
	parameters: Record<string, unknown>;
	/**
	 * Calls of this tool next to each other in one answer run at the same
	 * time (the `task` tool's sub-agents); results still join the
	 * conversation in the order the model asked. Default: one after another.
	 */
	concurrent?: boolean;
	execute(
		args: Record<string, unknown>,
		ctx: ToolContext,
	): Promise<ToolResult | string> | ToolResult | string;
}
