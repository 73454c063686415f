/**
 * mu-plugin — a scratchpad for the model, written as a Mu-style plugin
 * object instead of a factory function. Plugins written for Mu's plugin
 * core load unchanged; weft adapts each part onto the same events.
 *
 * Shows: `tools` in Mu's `{ definition: { function } , execute(args, signal) }`
 * form, `commands` (a returned string is shown as a notification),
 * `systemPrompt` (appended to weft's), `hooks.transformUserInput`,
 * `hooks.beforeToolExec` (Mu's `{ blocked: true, content }` blocks a call),
 * `activate` / `deactivate`.
 *
 * Try:  weft -e examples/extensions/mu-plugin -p "note: the deploy is on Friday. What do you know?"
 */

/** Notes kept for this module instance (reloading the plugin starts with none). */
const notes: string[] = [];

export default {
	name: "scratchpad",
	systemPrompt:
		"You have a scratchpad: call `scratchpad` with { note } to remember something, or with {} to read your notes.",

	tools: [
		{
			definition: {
				type: "function",
				function: {
					name: "scratchpad",
					description: "Adds a note to the scratchpad (with `note`), or lists the notes (without).",
					parameters: { type: "object", properties: { note: { type: "string" } } },
				},
			},
			execute(args: { note?: string }, _signal: AbortSignal) {
				if (args.note) notes.push(args.note);
				return notes.length === 0
					? "The scratchpad is empty."
					: notes.map((n, i) => `${i + 1}. ${n}`).join("\n");
			},
		},
	],

	commands: [
		{
			name: "notes",
			description: "Shows the scratchpad",
			execute: () => (notes.length === 0 ? "no notes yet" : notes.join(" · ")),
		},
	],

	hooks: {
		// "note: …" typed by the user goes straight onto the scratchpad; the rest of the prompt goes on.
		transformUserInput(text: string) {
			const match = /^note:\s*([^.!?\n]+)[.!?]?\s*([\s\S]*)$/i.exec(text);
			if (!match) return undefined;
			notes.push(match[1].trim());
			return match[2] ? { kind: "transform", text: match[2] } : { kind: "intercept" };
		},
		// The scratchpad is for notes, not for secrets.
		beforeToolExec(call: { function: { name: string; arguments: string } }) {
			if (call.function.name === "scratchpad" && /password|api[_ -]?key/i.test(call.function.arguments))
				return { blocked: true, content: "the scratchpad does not keep passwords or keys" };
			return call;
		},
	},

	activate() {
		notes.length = 0;
	},
	deactivate() {
		notes.length = 0;
	},
};
