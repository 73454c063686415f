/**
 * The composer's stock key bindings, emacs-style. The app turns each into a
 * keymap entry (users rebind them in keybindings.json as "composer.<action>").
 * Ctrl+Z is absent on purpose: it suspends weft. Alt+Enter is the app's
 * (follow-up while the agent works).
 */
export type ComposerAction =
	| "submit"
	| "newline"
	| "left"
	| "right"
	| "up"
	| "down"
	| "home"
	| "end"
	| "wordLeft"
	| "wordRight"
	| "deleteBackward"
	| "deleteForward"
	| "deleteWordBackward"
	| "deleteWordForward"
	| "killToLineEnd"
	| "killToLineStart"
	| "yank"
	| "yankPop"
	| "undo"
	| "redo"
	| "transpose"
	| "bufferStart"
	| "bufferEnd"
	| "historyPrev"
	| "historyNext";

export interface ComposerBinding {
	action: ComposerAction;
	keys: string[];
	description: string;
}

export const COMPOSER_BINDINGS: ReadonlyArray<ComposerBinding> = [
	{ action: "submit", keys: ["enter"], description: "Send the message" },
	{ action: "newline", keys: ["shift+enter", "ctrl+j"], description: "Insert a new line" },
	{ action: "left", keys: ["left", "ctrl+b"], description: "Cursor left" },
	{ action: "right", keys: ["right", "ctrl+f"], description: "Cursor right" },
	{ action: "up", keys: ["up"], description: "Line up, or the previous prompt on the first line" },
	{ action: "down", keys: ["down"], description: "Line down, or the next prompt on the last line" },
	{ action: "home", keys: ["home", "ctrl+a"], description: "Start of line" },
	{ action: "end", keys: ["end", "ctrl+e"], description: "End of line" },
	{ action: "wordLeft", keys: ["alt+left", "ctrl+left", "alt+b"], description: "Word left" },
	{ action: "wordRight", keys: ["alt+right", "ctrl+right", "alt+f"], description: "Word right" },
	{ action: "deleteBackward", keys: ["backspace", "ctrl+h"], description: "Delete the character before" },
	{
		action: "deleteForward",
		keys: ["delete", "ctrl+d"],
		description: "Delete the character under the cursor",
	},
	{ action: "deleteWordBackward", keys: ["ctrl+w", "alt+backspace"], description: "Kill the word before" },
	{ action: "deleteWordForward", keys: ["alt+d", "alt+delete"], description: "Kill the word after" },
	{ action: "killToLineEnd", keys: ["ctrl+k"], description: "Kill to the end of the line" },
	{ action: "killToLineStart", keys: ["ctrl+u"], description: "Kill to the start of the line" },
	{ action: "yank", keys: ["ctrl+y"], description: "Paste the last killed text" },
	{ action: "yankPop", keys: ["alt+y"], description: "Replace the pasted kill with an older one" },
	{ action: "undo", keys: ["ctrl+_", "ctrl+-"], description: "Undo" },
	{ action: "redo", keys: ["alt+_", "ctrl+alt+_"], description: "Redo" },
	{ action: "transpose", keys: ["ctrl+t"], description: "Swap the characters around the cursor" },
	{ action: "bufferStart", keys: ["alt+<"], description: "Start of the message" },
	{ action: "bufferEnd", keys: ["alt+>"], description: "End of the message" },
	{ action: "historyPrev", keys: ["ctrl+p"], description: "Previous prompt from history" },
	{ action: "historyNext", keys: ["ctrl+n"], description: "Next prompt from history" },
];
