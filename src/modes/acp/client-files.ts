/**
 * When the editor offers its file system (`fs.readTextFile`,
 * `fs.writeTextFile`), weft's read, write and edit go through it: the model
 * sees unsaved buffers and the editor sees every change as it is made. The
 * stock tools are built again with this TextFiles and registered in their
 * place through the tool registry (agent/tools/text-files.ts); outside a
 * prompt (no session to ask for) they use the disk.
 */
import type { FileSystemCapabilities } from "@agentclientprotocol/sdk";
import { createEditTool, createReadTool, createWriteTool } from "../../agent/tools/index.js";
import type { TextFiles } from "../../agent/tools/text-files.js";
import { errorMessage } from "../../base/error-message.js";
import type { Kernel } from "../../kernel/kernel.js";
import { BUILTIN_OWNER } from "../../kernel/owner.js";
import { sessionInScope } from "./running-session.js";

export function clientTextFiles(fs: FileSystemCapabilities | undefined): TextFiles {
	return {
		async read(path, ctx) {
			const session = sessionInScope();
			if (!fs?.readTextFile || !session) return undefined;
			try {
				const answer = await session.client.request(
					"fs/read_text_file",
					{ sessionId: session.id, path },
					{ cancellationSignal: ctx.signal, stopWaitingOnCancel: true },
				);
				return answer.content;
			} catch (error) {
				throw new Error(`The editor could not read ${path}: ${errorMessage(error)}`);
			}
		},
		async write(path, content, ctx) {
			const session = sessionInScope();
			if (!fs?.writeTextFile || !session) return false;
			try {
				await session.client.request(
					"fs/write_text_file",
					{ sessionId: session.id, path, content },
					{ cancellationSignal: ctx.signal, stopWaitingOnCancel: true },
				);
				return true;
			} catch (error) {
				throw new Error(`The editor could not write ${path}: ${errorMessage(error)}`);
			}
		},
	};
}

/** Puts read, write and edit built on `files` in place of the stock ones (those that are enabled). */
export function routeFileTools(kernel: Kernel, files: TextFiles): void {
	const tools = [createReadTool({ files }), createWriteTool({ files }), createEditTool({ files })];
	for (const tool of tools)
		if (kernel.tools.ownerOf(tool.name) === BUILTIN_OWNER)
			kernel.tools.register(tool.name, tool, BUILTIN_OWNER);
}
