/**
 * read, write and edit through a tool backend (ToolContext.backend, see
 * kernel/tool.ts): the file's bytes come from the backend's `readFile` and
 * go back through its `writeFile`, so the tools work on files this machine
 * does not have (a remote host, a container). What the tools do with the
 * content (telling text from images and binaries, paging, matching edits,
 * line endings) stays the same.
 */
import { errorMessage } from "../../base/error-message.js";
import type { ToolBackend } from "../../kernel/tool.js";
import { errorCode } from "./paths.js";

type ReadFile = NonNullable<ToolBackend["readFile"]>;
type WriteFile = NonNullable<ToolBackend["writeFile"]>;

/** The file's bytes from the backend; `notFound` is the whole error for a missing file. */
export async function readThroughBackend(
	readFile: ReadFile,
	path: string,
	signal: AbortSignal,
	shown: string,
	notFound: string,
): Promise<Buffer> {
	let content: Uint8Array | string;
	try {
		content = await readFile(path, signal);
	} catch (error) {
		if (errorCode(error) === "ENOENT") throw new Error(notFound);
		throw new Error(`Could not read ${shown} through the tool backend: ${errorMessage(error)}`);
	}
	if (typeof content === "string") return Buffer.from(content, "utf8");
	return Buffer.from(content.buffer, content.byteOffset, content.byteLength);
}

export async function writeThroughBackend(
	writeFile: WriteFile,
	path: string,
	content: string,
	signal: AbortSignal,
	shown: string,
): Promise<void> {
	try {
		await writeFile(path, content, signal);
	} catch (error) {
		throw new Error(`Could not write ${shown} through the tool backend: ${errorMessage(error)}`);
	}
}
