/**
 * The manager's verbs, with nothing else: `weft ext …` checks a word against
 * them at start-up, before the manager's code (commands.ts) is loaded.
 */
export const MANAGER_ACTIONS = [
	"install",
	"remove",
	"enable",
	"disable",
	"update",
	"outdated",
	"info",
	"init",
	"verify",
	"sync",
] as const;
export type ManagerAction = (typeof MANAGER_ACTIONS)[number];

export function isManagerAction(word: string | undefined): word is ManagerAction {
	return (MANAGER_ACTIONS as readonly string[]).includes(word ?? "");
}
