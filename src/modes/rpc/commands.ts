/**
 * The RPC command table: each command a client may send, checked and mapped
 * to the session and the mode's services (docs/rpc.md). A handler returns
 * the response's `data` or throws; the dispatcher turns either into the one
 * response the command gets. A line that is not JSON, or not a command
 * object, gets pi's parse-error response; an unknown type gets
 * `success:false` naming it.
 */
import { errorMessage } from "../../base/error-message.js";
import type { ImageContent } from "../../kernel/messages.js";
import { parseCommandLine, runCommandLine } from "../commands/command-line.js";
import { type CommandHandler, type RawCommand, type RpcContext, stringField } from "./command-context.js";
import type { RpcResponse } from "./protocol.js";
import { SESSION_COMMANDS } from "./session-commands.js";
import { STATE_COMMANDS } from "./state-commands.js";

/** The command a line holds, or the parse-error response it gets. */
export function parseCommand(line: string): { command: RawCommand } | { response: RpcResponse } {
	let value: unknown;
	try {
		value = JSON.parse(line);
	} catch (error) {
		return { response: failure("parse", undefined, `Failed to parse command: ${errorMessage(error)}`) };
	}
	if (
		typeof value !== "object" ||
		value === null ||
		Array.isArray(value) ||
		typeof (value as RawCommand).type !== "string"
	)
		return {
			response: failure(
				"parse",
				idOf(value),
				'Failed to parse command: expected a JSON object with a string "type"',
			),
		};
	return { command: value as RawCommand };
}

/** Runs one command and returns its response (never throws). */
export async function dispatch(command: RawCommand, context: RpcContext): Promise<RpcResponse> {
	const { type, id } = command;
	const handler = COMMANDS[type];
	if (!handler) return failure(type, id, `Unknown command: ${type}`);
	try {
		const data = await handler(command, context);
		return data === undefined
			? { type: "response", ...(id !== undefined ? { id } : {}), command: type, success: true }
			: { type: "response", ...(id !== undefined ? { id } : {}), command: type, success: true, data };
	} catch (error) {
		return failure(type, id, errorMessage(error));
	}
}

function failure(command: string, id: string | undefined, error: string): RpcResponse {
	return { type: "response", ...(id !== undefined ? { id } : {}), command, success: false, error };
}

function idOf(value: unknown): string | undefined {
	const id = (value as { id?: unknown } | null)?.id;
	return typeof id === "string" ? id : undefined;
}

function imagesOf(command: RawCommand): ImageContent[] | undefined {
	const images = command.images;
	if (images === undefined) return undefined;
	const valid =
		Array.isArray(images) &&
		images.every(
			(i) => i && typeof i === "object" && typeof i.data === "string" && typeof i.mimeType === "string",
		);
	if (!valid) throw new Error(`${command.type}: "images" must be an array of {type:"image", data, mimeType}`);
	return images.map((i: ImageContent) => ({ type: "image", data: i.data, mimeType: i.mimeType }));
}

/** A run's failure after acceptance reaches the client through the stream; a rejection is noted too. */
function background(context: RpcContext, sent: Promise<unknown>): void {
	sent.catch((error: unknown) => context.ui.notify(`the run failed: ${errorMessage(error)}`, "error"));
}

async function prompt(command: RawCommand, context: RpcContext): Promise<void> {
	const text = stringField(command, "message");
	const images = imagesOf(command);
	const session = context.session();
	const behaviour = command.streamingBehavior;
	if (behaviour !== undefined && behaviour !== "steer" && behaviour !== "followUp")
		throw new Error(
			`prompt: "streamingBehavior" must be "steer" or "followUp" (got ${JSON.stringify(behaviour)})`,
		);
	const line = parseCommandLine(text);
	// An extension still starting has not registered its commands yet: look again once it has.
	const starting = line && !session.kernel.commands.has(line.name) ? context.extensionsStarting() : undefined;
	if (starting) await starting;
	if (line && session.kernel.commands.has(line.name)) {
		// A command runs at once, even while the agent works; it drives the model itself if it wants to.
		session.start();
		const run = runCommandLine(session.kernel, text, { cwd: session.cwd, ui: context.ui, session });
		if (run.status === "started") await run.done;
		return;
	}
	const options = { images, source: "rpc" as const };
	if (!session.isIdle) {
		if (behaviour === undefined)
			throw new Error(
				'the agent is working: send the prompt with "streamingBehavior": "steer" (between tool calls) or "followUp" (once it stops), or use steer / follow_up',
			);
		background(
			context,
			behaviour === "steer" ? session.steer(text, options) : session.followUp(text, options),
		);
		return;
	}
	background(context, session.prompt(text, options));
}

function queueCommand(delivery: "steer" | "follow_up"): CommandHandler {
	return (command, context) => {
		const text = stringField(command, "message");
		const images = imagesOf(command);
		const session = context.session();
		const line = parseCommandLine(text);
		if (line && session.kernel.commands.has(line.name))
			throw new Error(`${command.type} cannot run a command; send it with "prompt"`);
		const options = { images, source: "rpc" as const };
		background(
			context,
			delivery === "steer" ? session.steer(text, options) : session.followUp(text, options),
		);
	};
}

const COMMANDS: Record<string, CommandHandler> = {
	prompt,
	steer: queueCommand("steer"),
	follow_up: queueCommand("follow_up"),
	abort: async (_command, context) => {
		await context.session().abort();
	},
	panel_key: (command, context) => {
		const text = command.text ?? "";
		if (typeof text !== "string") throw new Error('panel_key: "text" must be a string');
		if (!context.panelKey(stringField(command, "key"), text))
			throw new Error("panel_key: no panel is open (a subprocess extension's command opens one)");
	},
	...STATE_COMMANDS,
	...SESSION_COMMANDS,
};
