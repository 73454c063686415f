/** `/thinking [level]` (off, low, medium, high): how much the model reasons before it answers; bare, it shows the level. */
import type { CommandDefinition } from "../../../kernel/command.js";
import type { ThinkingLevel } from "../../../kernel/provider.js";
import type { InteractiveServices } from "../services.js";

export const THINKING_LEVELS: readonly ThinkingLevel[] = ["off", "low", "medium", "high"];

/** The level after `level`, wrapping from high back to off (the thinking key). */
export function nextThinkingLevel(level: ThinkingLevel): ThinkingLevel {
	return THINKING_LEVELS[(THINKING_LEVELS.indexOf(level) + 1) % THINKING_LEVELS.length];
}

export function thinkingCommand(services: InteractiveServices): CommandDefinition {
	return {
		description: "Show or set the thinking level: off, low, medium or high",
		argumentHint: "[level]",
		handler: (args) => {
			const wanted = args.trim().toLowerCase();
			if (wanted === "") {
				services.ui.notify(`Thinking: ${services.session().thinking} (shift+tab cycles it)`, "info");
				return;
			}
			const level = THINKING_LEVELS.find((l) => l === wanted);
			if (!level) {
				services.ui.notify(
					`/thinking: unknown level "${args.trim()}"; use off, low, medium or high`,
					"error",
				);
				return;
			}
			services.setThinking(level);
		},
	};
}
