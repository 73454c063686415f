/**
 * Where the read, write and edit tools get and put a text file's content.
 * By default that is the disk; a mode whose client holds the files (an
 * editor speaking the Agent Client Protocol, with unsaved buffers) passes
 * its own, and registers the tools built with it in place of the stock ones.
 * Everything else the tools do (resolving paths, telling text from images
 * and binaries, paging, matching edits, line endings) stays the same.
 */
import type { ToolContext } from "../../kernel/tool.js";

export interface TextFiles {
	/**
	 * The file's whole text, or undefined to read it from disk as usual. Only
	 * asked for files the disk says are text (images and binaries are read
	 * from disk); an error thrown here is the tool's error.
	 */
	read(path: string, ctx: ToolContext): Promise<string | undefined>;
	/** Writes the whole text; false to write it to disk as usual. */
	write(path: string, content: string, ctx: ToolContext): Promise<boolean>;
}

/** Options the read, write and edit tools take. */
export interface FileToolOptions {
	/** Default: the disk only. */
	files?: TextFiles;
}
