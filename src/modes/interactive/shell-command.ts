/**
 * `!cmd` and `!!cmd` typed in the composer: the user runs a shell command
 * themselves. `user_shell` handlers may rewrite, block or run it first; then
 * it takes the session's tool path (the bash tool, source "user"), so
 * `tool_call` handlers block or rewrite it as they would the model's, and the
 * transcript shows it as a tool block. `!cmd` then adds the
 * command and its output to the conversation, for the model to see on its
 * next turn; `!!cmd` keeps it out.
 */
import { userMessage } from "../../agent/message-queue.js";
import type { AgentSession } from "../../agent/session.js";
import type { UserShellGateDetails } from "../../agent/user-shell.js";
import { textOf } from "../../kernel/messages.js";
import type { UIPort } from "../../kernel/ui-port.js";

export interface ShellInput {
	command: string;
	/** `!cmd`: the model sees it; `!!cmd`: only the user does. */
	addToContext: boolean;
}

/** The shell command in composer text, or undefined when the text is not one. */
export function parseShellInput(text: string): ShellInput | undefined {
	const match = /^(!!?)([\s\S]*)$/.exec(text.trim());
	if (!match) return undefined;
	return { command: match[2].trim(), addToContext: match[1] === "!" };
}

/** Runs the user's shell commands, one at a time, and stops the one running on Esc. */
export class ShellCommands {
	private running: AbortController | undefined;
	private counter = 0;

	constructor(private readonly ui: UIPort) {}

	get isRunning(): boolean {
		return this.running !== undefined;
	}

	abort(): void {
		this.running?.abort();
	}

	async run(session: AgentSession, input: ShellInput): Promise<void> {
		if (input.command === "") {
			this.ui.notify(
				"type a shell command after ! (adds its output to the context) or !! (does not)",
				"warning",
			);
			return;
		}
		if (this.running) {
			this.ui.notify("a shell command is still running; wait for it or press Esc to stop it", "warning");
			return;
		}
		const controller = new AbortController();
		this.running = controller;
		try {
			const result = await session.runUserShell(
				{
					id: `user-shell-${++this.counter}`,
					command: input.command,
					addToContext: input.addToContext,
					source: "interactive",
				},
				controller.signal,
			);
			const details = result.details as Partial<UserShellGateDetails> | undefined;
			// A tool_call block shows in the transcript's tool block; the user_shell gate runs before any tool, so it is said here.
			if (details?.userShell === "blocked") this.ui.notify(textOf(result.content), "warning");
			if (details?.blocked === true) return;
			if (details?.userShell === "handled")
				this.ui.notify(textOf(result.content), result.isError ? "error" : "info");
			if (!input.addToContext) {
				this.ui.notify("!!: the output was not added to the context", "info");
				return;
			}
			const output = textOf(result.content).trimEnd();
			const note = result.isError ? " (it failed)" : "";
			const message = userMessage(
				`I ran a shell command${note}:\n$ ${input.command}\n\n${output === "" ? "(no output)" : output}`,
				[],
			);
			// During a run the conversation is the model's turn in progress: the message waits for the next prompt.
			if (session.isIdle) session.appendMessage(message);
			else session.deliver(message, "next_turn");
			this.ui.notify("the command and its output were added to the context", "info");
		} finally {
			if (this.running === controller) this.running = undefined;
		}
	}
}
