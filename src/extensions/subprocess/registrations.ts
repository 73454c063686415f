/**
 * `register_command`, `register_tool` and `register_shortcut`: each goes
 * into the kernel tagged with the extension's name, like an in-process
 * extension's registrations, so name conflicts resolve the same way
 * (built-ins win, then the first registrant) and removing the owner takes
 * everything back. A tool with an invalid name or schema is skipped and
 * reported.
 */
import type { RegisterOutcome } from "../../kernel/registry.js";
import { commandDefinition } from "./commands.js";
import type { Link } from "./link.js";
import { type Frame, str } from "./protocol.js";
import { checkToolSchema } from "./schema-check.js";
import { toolDefinition } from "./tools.js";

/** What model APIs accept as a tool name. */
const TOOL_NAME = /^[A-Za-z0-9_-]{1,64}$/;
const COMMAND_NAME = /^[^\s/][^\s]*$/;

export function registerTool(link: Link, frame: Frame): void {
	const name = str(frame, "name") ?? "";
	if (!TOOL_NAME.test(name)) {
		link.report(
			`tool ${name || "(unnamed)"}`,
			`register_tool: tool name ${JSON.stringify(frame.name)} is invalid; use 1-64 letters, digits, "_" or "-". The tool was skipped.`,
		);
		return;
	}
	const schema = frame.schema ?? { type: "object", properties: {} };
	const problem = checkToolSchema(schema);
	if (problem) {
		link.report(
			`tool ${name}`,
			`register_tool "${name}": its schema is not a valid JSON Schema object (${problem}); the tool was skipped`,
		);
		return;
	}
	const parameters = { ...(schema as Record<string, unknown>), type: "object" };
	const description = str(frame, "description") ?? "";
	registered(
		link,
		"tool",
		name,
		link.kernel.tools.register(name, toolDefinition(link, name, description, parameters), link.name),
	);
}

export function registerCommand(link: Link, frame: Frame): void {
	const raw = str(frame, "name") ?? "";
	const name = raw.startsWith("/") ? raw.slice(1) : raw;
	if (!COMMAND_NAME.test(name)) {
		link.report(
			`command ${raw || "(unnamed)"}`,
			`register_command: ${JSON.stringify(frame.name)} is not a command name; use a single word. The command was skipped.`,
		);
		return;
	}
	const description = str(frame, "description") ?? "";
	registered(
		link,
		"command",
		name,
		link.kernel.commands.register(name, commandDefinition(link, name, description), link.name),
	);
}

/** v2: a global key ahead of the stock binding; pressing it sends `shortcut_invoked`. */
export function registerShortcut(link: Link, frame: Frame): void {
	const key = str(frame, "key");
	if (!key) {
		link.report("shortcut", 'register_shortcut needs a "key"');
		return;
	}
	link.kernel.keymaps.bind({
		key,
		target: "global",
		priority: 100,
		owner: link.name,
		description: str(frame, "description"),
		handler: () => {
			link.send({ type: "shortcut_invoked", key });
			return true;
		},
	});
}

function registered(link: Link, kind: string, name: string, outcome: RegisterOutcome): void {
	if (outcome.ok) return;
	link.report(
		`${kind} ${name}`,
		`${kind} "${name}" is already registered by "${outcome.conflict.winner}"; this one was not registered`,
	);
}
