/**
 * `/name args` as typed in the composer or given as a prompt to `-p` and
 * `--mode json`: finds the registered command (weft's or an extension's) and
 * runs it with the host's context. Every mode runs commands through here, so
 * they parse and fail the same way everywhere. Text that names no registered
 * command is left to the caller: "/usr/bin is where…" is a prompt, not a
 * mistake.
 */
import { errorMessage } from "../../base/error-message.js";
import type { CommandContext } from "../../kernel/command.js";
import type { Kernel } from "../../kernel/kernel.js";
import { oneLine } from "../exit-codes.js";

export type CommandRun =
	/** Not of the form `/word …`: text for the model. */
	| { status: "text" }
	/** `/word …` where no command is registered under `word`; `likelyCommand` when the word looks like a command name. */
	| { status: "unknown"; name: string; likelyCommand: boolean }
	/** The command was started; `done` rejects with a CommandFailedError when its handler throws. */
	| { status: "started"; name: string; done: Promise<void> };

/** A command's handler threw (or rejected); the message reads "/name failed: why". */
export class CommandFailedError extends Error {
	constructor(
		readonly command: string,
		readonly reason: string,
	) {
		super(`/${command} failed: ${reason}`);
		this.name = "CommandFailedError";
	}
}

const COMMAND_LINE = /^\/([^\s/]+)(?:\s+([\s\S]*))?$/;
const COMMAND_NAME = /^[\w:.-]+$/;

/** The command's name and its arguments (trimmed), or undefined when `text` is not `/word …`. */
export function parseCommandLine(text: string): { name: string; args: string } | undefined {
	const match = COMMAND_LINE.exec(text.trim());
	if (!match) return undefined;
	return { name: match[1], args: (match[2] ?? "").trim() };
}

export function runCommandLine(kernel: Kernel, text: string, ctx: CommandContext): CommandRun {
	const line = parseCommandLine(text);
	if (!line) return { status: "text" };
	const { name, args } = line;
	const command = kernel.commands.get(name);
	if (!command) return { status: "unknown", name, likelyCommand: COMMAND_NAME.test(name) };
	// Started on a later tick, so a handler that throws synchronously rejects `done` like one that rejects.
	const done = Promise.resolve()
		.then(() => command.handler(args, ctx))
		.then(
			() => undefined,
			(error: unknown) => {
				throw new CommandFailedError(name, oneLine(errorMessage(error)));
			},
		);
	return { status: "started", name, done };
}
