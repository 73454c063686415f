/**
 * Stock key bindings as data: every action the chat offers, the keys it
 * answers to, and where (global or the composer). The app turns each into a
 * keymap entry — the same registry extensions bind in — after applying the
 * user's `~/.weft/keybindings.json`, which maps action names to keys:
 *
 *   { "app.abort": "ctrl+g", "composer.newline": ["shift+enter", "ctrl+j"], "app.expand": [] }
 *
 * An empty list unbinds an action. Mistakes (unknown action, a key that is
 * not a key, bad JSON) become warnings naming the file; the rest still applies.
 */
import { errorMessage } from "../../base/error-message.js";
import { readTextIfExists } from "../../base/read-text.js";
import type { KeymapTarget } from "../../kernel/keymap.js";
import { normalizeKeyId } from "../input/key-id.js";

export interface StockBinding {
	/** "app.abort", "composer.submit", … — the name keybindings.json uses. */
	action: string;
	keys: string[];
	target: KeymapTarget;
	description: string;
	/** Above 0 to run before editing keys it shares (Ctrl+D exits only when the composer is empty). */
	priority?: number;
}

export const APP_BINDINGS: readonly StockBinding[] = [
	{ action: "app.abort", keys: ["escape"], target: "global", description: "Stop the running turn" },
	{
		action: "app.interrupt",
		keys: ["ctrl+c"],
		target: "global",
		description: "Clear the composer; twice to exit",
	},
	{
		action: "app.exit",
		keys: ["ctrl+d"],
		target: "global",
		description: "Exit when the composer is empty",
		priority: 1,
	},
	{
		action: "app.editQueued",
		keys: ["alt+up"],
		target: "global",
		description: "Take the last queued message back into the composer to edit",
	},
	{ action: "app.thinking", keys: ["shift+tab"], target: "global", description: "Cycle the thinking level" },
	{ action: "app.expand", keys: ["ctrl+o"], target: "global", description: "Expand or collapse tool output" },
	{ action: "app.suspend", keys: ["ctrl+z"], target: "global", description: "Suspend weft (fg to return)" },
	{ action: "app.redraw", keys: ["ctrl+l"], target: "global", description: "Redraw the screen" },
	{
		action: "app.followUp",
		keys: ["alt+enter"],
		target: "composer",
		description: "Queue as a follow-up while the agent works (a new line when idle)",
	},
];

export interface LoadedBindings {
	bindings: StockBinding[];
	warnings: string[];
}

/** The stock bindings with the user's file applied. */
export function applyUserBindings(stock: readonly StockBinding[], file: string | undefined): LoadedBindings {
	const bindings = stock.map((b) => ({ ...b, keys: [...b.keys] }));
	const warnings: string[] = [];
	let text: string | undefined;
	try {
		text = file === undefined ? undefined : readTextIfExists(file);
	} catch (error) {
		warnings.push(`${file}: cannot be read (${errorMessage(error)}); using the default key bindings`);
		return { bindings, warnings };
	}
	if (text === undefined) return { bindings, warnings };
	let parsed: unknown;
	try {
		parsed = JSON.parse(text);
	} catch (error) {
		warnings.push(`${file}: not valid JSON (${(error as Error).message}); using the default key bindings`);
		return { bindings, warnings };
	}
	if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) {
		warnings.push(`${file}: expected an object mapping actions to keys, like { "app.abort": "ctrl+g" }`);
		return { bindings, warnings };
	}
	const byAction = new Map(bindings.map((b) => [b.action, b]));
	for (const [action, value] of Object.entries(parsed)) {
		const binding = byAction.get(action);
		if (!binding) {
			warnings.push(`${file}: unknown action "${action}" (known: ${[...byAction.keys()].join(", ")})`);
			continue;
		}
		const specs = typeof value === "string" ? [value] : value;
		if (!Array.isArray(specs) || specs.some((k) => typeof k !== "string")) {
			warnings.push(`${file}: "${action}" must be a key or a list of keys`);
			continue;
		}
		const keys: string[] = [];
		for (const spec of specs as string[]) {
			try {
				keys.push(normalizeKeyId(spec));
			} catch (error) {
				warnings.push(`${file}: "${action}": ${(error as Error).message}`);
			}
		}
		binding.keys = keys;
	}
	return { bindings, warnings };
}
