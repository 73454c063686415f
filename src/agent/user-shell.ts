/**
 * A shell command the user runs themselves (the terminal's `!cmd` / `!!cmd`,
 * RPC's `bash`): the `user_shell` gate first, where an extension may rewrite
 * the command, block it, run it its own way and supply the outcome, or give
 * the tool backend it runs through; then, unless a handler blocked it or
 * supplied the outcome, weft's bash tool through the one tool path
 * (so `tool_call` handlers still judge it as they judge the model's calls).
 */
import type { UserShellSource } from "../kernel/events.js";
import type { ToolResultMessage } from "../kernel/messages.js";
import type { EventRelay } from "./event-relay.js";
import type { ToolRequest } from "./tool-runner.js";

export interface UserShellRequest {
	/** The tool call id the command runs under. */
	id: string;
	command: string;
	addToContext: boolean;
	source: UserShellSource;
}

/** What a result's `details` say when the `user_shell` gate, not the bash tool, decided the outcome. */
export interface UserShellGateDetails {
	userShell: "blocked" | "handled";
	/** The extension whose handler ended the gate. */
	by?: string;
	/** With "blocked": true, as a blocked tool call's details say, so callers test one field. */
	blocked?: boolean;
	exitCode?: number | null;
}

export async function runUserShell(
	request: UserShellRequest,
	deps: { cwd: string; relay: EventRelay; runTool(request: ToolRequest): Promise<ToolResultMessage> },
): Promise<ToolResultMessage> {
	const gate = await deps.relay.emit("user_shell", {
		command: request.command,
		addToContext: request.addToContext,
		cwd: deps.cwd,
		source: request.source,
	});
	const decided = (text: string, isError: boolean, details: UserShellGateDetails): ToolResultMessage => ({
		role: "toolResult",
		toolCallId: request.id,
		toolName: "bash",
		content: [{ type: "text", text }],
		isError,
		details,
		timestamp: Date.now(),
	});
	const by = gate.terminalOwner;
	if (gate.terminal?.block) {
		const reason = gate.terminal.reason || `blocked by ${by ?? "an extension"}`;
		return decided(`Shell command blocked: ${reason}`, true, { userShell: "blocked", blocked: true, by });
	}
	if (gate.terminal?.result) {
		const { output, exitCode = 0 } = gate.terminal.result;
		return decided(String(output ?? ""), exitCode !== 0, { userShell: "handled", by, exitCode });
	}
	const command = gate.payload.command;
	const backend = gate.terminal?.backend;
	return deps.runTool({
		id: request.id,
		name: "bash",
		args: { command },
		source: "user",
		...(backend && { backend }),
	});
}
