/**
 * Ending a process group weft started (a subprocess extension, an
 * extension's job or exec call): SIGTERM to the whole group, then SIGKILL
 * once the grace period has passed if anything in it is still there —
 * whether or not the group's leader is still running. Signalling only the
 * leader (or stopping once it has exited) would miss a child it started
 * that ignores SIGTERM.
 *
 * A group being ended is remembered until it is empty, so weft's exit (which
 * cannot wait for a grace period) sends SIGKILL to whatever is left. A group
 * is forgotten as soon as it is empty: its number could later be reused by
 * an unrelated process group, which must never be signalled.
 *
 * What escapes: a process that leaves the group (`setsid`, `setpgid`, a
 * daemon that double-forks into a new session) is no longer weft's to stop.
 */

/** What it took to end a group: it was already empty, SIGTERM, or SIGKILL. */
export type GroupEnd = "empty" | "SIGTERM" | "SIGKILL";

/** How often a group being ended is checked for members. */
const POLL_MS = 20;

const ending = new Set<number>();
let exitHookInstalled = false;

/** Whether any process is left in the group (zombies not yet reaped count: they cannot be told apart here). */
export function groupAlive(pgid: number): boolean {
	try {
		process.kill(-pgid, 0);
		return true;
	} catch (error) {
		// EPERM: a member exists but belongs to someone else (it changed user); it is still there.
		return (error as NodeJS.ErrnoException).code === "EPERM";
	}
}

/** Sends `signal` to every process in the group; false when the group is empty. */
export function signalGroup(pgid: number, signal: NodeJS.Signals): boolean {
	try {
		process.kill(-pgid, signal);
		return true;
	} catch {
		return false;
	}
}

/**
 * SIGTERM (or `first`) to the group, then SIGKILL after `graceMs` if it is
 * not empty by then. Resolves once the group is empty or has been sent SIGKILL.
 */
export async function endGroup(
	pgid: number,
	graceMs: number,
	first: NodeJS.Signals = "SIGTERM",
): Promise<GroupEnd> {
	if (!signalGroup(pgid, first)) return "empty";
	ending.add(pgid);
	installExitHook();
	try {
		const deadline = Date.now() + graceMs;
		while (Date.now() < deadline) {
			await sleep(Math.min(POLL_MS, Math.max(1, deadline - Date.now())));
			if (!groupAlive(pgid)) return "SIGTERM";
		}
		return signalGroup(pgid, "SIGKILL") ? "SIGKILL" : "SIGTERM";
	} finally {
		ending.delete(pgid);
	}
}

/** Groups still in their grace period when weft exits get SIGKILL at once: nothing outlives weft. */
function installExitHook(): void {
	if (exitHookInstalled) return;
	exitHookInstalled = true;
	process.once("exit", () => {
		for (const pgid of ending) signalGroup(pgid, "SIGKILL");
	});
}

/** Not unref'd: whoever awaits the end of a group (unloading, stopping) must not be cut short by an empty event loop. */
function sleep(ms: number): Promise<void> {
	return new Promise((resolve) => setTimeout(resolve, ms));
}
