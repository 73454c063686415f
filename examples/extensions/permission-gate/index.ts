/**
 * permission-gate — asks before a dangerous shell command runs.
 *
 * Shows: a `tool_call` gate that opens a dialog (`ctx.ui.confirm`) and
 * blocks the call unless the user says yes. Where nobody can answer
 * (`ctx.hasUI` is false: print and JSON modes) it refuses without asking.
 *
 * Try:  weft -e examples/extensions/permission-gate -p "delete the build folder with rm -rf"
 *
 * A gate's async handlers have a deadline (5 s by default) and a late answer
 * fails closed, which is the safe way round; to give users longer to answer,
 * set `"extensionOptions": { "permission-gate": { "deadlineMs": 60000 } }`.
 */
import type { ExtensionAPI } from "weft";

/** What makes a command dangerous, and how to say so. */
const DANGERS: ReadonlyArray<[RegExp, string]> = [
	[/\brm\s+(-\w*r\w*f|-\w*f\w*r|-r\s+-f|-f\s+-r)\b/, "deletes recursively without asking"],
	[/(^|[;&|]\s*)sudo\b/, "runs as root"],
	[/\bchmod\s+(-R\s+)?0?777\b/, "makes files writable by everyone"],
	[/\b(curl|wget)\b[^|]*\|\s*(sudo\s+)?(ba|z|da)?sh\b/, "runs a downloaded script"],
	[/\bmkfs(\.\w+)?\b|\bdd\s+[^|]*\bof=\/dev\//, "overwrites a disk"],
	[/\bgit\s+push\b[^|;&]*\s(--force|-f)\b/, "rewrites shared history"],
];

/** Why the command is dangerous, or undefined when it is not. */
export function dangerOf(command: string): string | undefined {
	return DANGERS.find(([pattern]) => pattern.test(command))?.[1];
}

export default function permissionGate(weft: ExtensionAPI) {
	weft.on("tool_call", async (event, ctx) => {
		if (event.name !== "bash") return;
		const command = String(event.args.command ?? "");
		const danger = dangerOf(command);
		if (!danger) return;
		if (!ctx.hasUI) {
			return { block: true, reason: `"${command}" ${danger}, and there is no one to confirm it here` };
		}
		const allowed = await ctx.ui.confirm("Run this command?", `${command}\n\nIt ${danger}.`);
		if (allowed) return;
		return { block: true, reason: `the user declined "${command}" (it ${danger})` };
	});
}
