/**
 * What every RPC command handler gets (the session and the mode's services)
 * and the checks of a command's fields, shared by the command tables.
 */
import type { DeliveryModes } from "../../agent/message-queue.js";
import type { AgentSession } from "../../agent/session.js";
import type { ModelInfo } from "../../kernel/provider.js";
import type { UIPort } from "../../kernel/ui-port.js";

/** Where a new, resumed or forked session comes from. */
export type SwitchTarget =
	| { kind: "new"; parentSession?: string }
	| { kind: "resume"; file: string }
	| { kind: "fork"; entryId: string }
	/** pi's clone: a fork holding the whole current branch. */
	| { kind: "clone" };

/** What the commands reach through besides the session. */
export interface RpcContext {
	session(): AgentSession;
	ui: UIPort;
	/** Every model weft knows (the catalog, configured providers, extensions' providers). */
	models(): ModelInfo[];
	/** What `get_available_models` lists: the models whose provider has a key or needs none. */
	availableModels(): ModelInfo[];
	/** The models `cycle_model` steps through: those of providers that are configured or in use. */
	cycleModels(): ModelInfo[];
	/** Replaces the session, unless an extension's session_before_switch / session_before_fork handler cancels. */
	switchSession(target: SwitchTarget): Promise<{ cancelled: boolean; text?: string }>;
	/** Messages queued (steering and follow-ups) the loop has not taken yet. */
	pendingCount(): number;
	isCompacting(): boolean;
	/** Whether the running request is waiting to be sent again after a failure. */
	isRetrying(): boolean;
	autoCompaction(): boolean;
	setAutoCompaction(enabled: boolean): void;
	setAutoRetry(enabled: boolean): void;
	/** Settings `steeringMode` / `followUpMode` of this process's sessions, read at each delivery: set them to change it. */
	delivery: DeliveryModes;
	/** Resolves once extensions still starting (subprocess ones) have registered what they register; undefined when none is. */
	extensionsStarting(): Promise<void> | undefined;
	/** Sends a key to the open subprocess panel; false when none is open. */
	panelKey(key: string, text: string): boolean;
	/** The user's shell commands (`bash`, `abort_bash`). */
	shell: { run(command: string): Promise<unknown>; abort(): void };
}

/** A command as it arrived: a JSON object with a string `type`. */
export type RawCommand = { type: string; id?: string } & Record<string, unknown>;

export type CommandHandler = (command: RawCommand, context: RpcContext) => Promise<unknown> | unknown;

/** A required string field; throws naming the command and field. */
export function stringField(command: RawCommand, field: string): string {
	const value = command[field];
	if (typeof value !== "string") throw new Error(`${command.type} needs "${field}" (a string)`);
	return value;
}

export function booleanField(command: RawCommand, field: string): boolean {
	const value = command[field];
	if (typeof value !== "boolean") throw new Error(`${command.type} needs "${field}" (true or false)`);
	return value;
}
