/**
 * The `bash` command: the client's user runs a shell command themselves.
 * `user_shell` handlers may rewrite, block or run it first; then it takes the
 * session's tool path (the bash tool, source "user"), so
 * `tool_call` handlers see and may block it, and, as `!cmd` does in the
 * terminal, its command and output join the conversation for the model's
 * next turn. One at a time; `abort_bash` stops it.
 */
import { userMessage } from "../../agent/message-queue.js";
import type { AgentSession } from "../../agent/session.js";
import type { BashDetails } from "../../agent/tools/bash.js";
import { textOf } from "../../kernel/messages.js";

export interface BashOutcome {
	output: string;
	exitCode: number | null;
	cancelled: boolean;
	truncated: boolean;
	fullOutputPath?: string;
}

export class RpcShell {
	private running: AbortController | undefined;
	private counter = 0;

	constructor(private readonly session: () => AgentSession) {}

	abort(): void {
		this.running?.abort();
	}

	async run(command: string): Promise<BashOutcome> {
		if (command.trim() === "") throw new Error('bash needs a non-empty "command"');
		if (this.running) throw new Error("a bash command is still running; wait for it or send abort_bash");
		const controller = new AbortController();
		this.running = controller;
		const session = this.session();
		try {
			const result = await session.runUserShell(
				{ id: `rpc-bash-${++this.counter}`, command, addToContext: true, source: "rpc" },
				controller.signal,
			);
			const details = result.details as (Partial<BashDetails> & { blocked?: boolean }) | undefined;
			const output = textOf(result.content);
			if (details?.blocked) throw new Error(output);
			const cancelled = controller.signal.aborted || details?.aborted === true;
			const note = result.isError ? " (it failed)" : "";
			const message = userMessage(
				`I ran a shell command${note}:\n$ ${command}\n\n${output.trimEnd() === "" ? "(no output)" : output.trimEnd()}`,
				[],
			);
			// During a run the conversation is the model's turn in progress: the message waits for the next prompt.
			if (session.isIdle) session.appendMessage(message);
			else session.deliver(message, "next_turn");
			return {
				output,
				exitCode: details?.exitCode ?? null,
				cancelled,
				truncated: details?.truncated === true,
				...(details?.fullOutputPath ? { fullOutputPath: details.fullOutputPath } : {}),
			};
		} finally {
			this.running = undefined;
		}
	}
}
