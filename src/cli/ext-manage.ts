/**
 * `weft ext install|remove|enable|disable|update|outdated|info|init|verify|sync`:
 * the extension manager (extensions/manager/) on the command line. The
 * manager is imported only when one of these runs, so no other start-up
 * loads it. `info` also loads the extension alone, as `weft ext list`
 * would, to show what it registers.
 */
import { loadSettings } from "../ai/settings.js";
import { errorMessage } from "../base/error-message.js";
import type { ManagerAction, ManagerContext } from "../extensions/manager/commands.js";
import { isTrusted } from "../extensions/trust.js";
import { EXIT_ERROR, EXIT_OK } from "../modes/exit-codes.js";
import { UsageError } from "./args.js";
import { formatExtList } from "./ext-list.js";
import { startForReport } from "./extensions.js";
import type { SubcommandIO } from "./subcommands.js";

export async function runManager(
	action: ManagerAction,
	args: readonly string[],
	home: string,
	io: SubcommandIO,
): Promise<number> {
	// Through the UI's module, which holds the manager for /ext: no bundle entry of its own (docs/architecture.md, Start-up).
	const { extensionManager: manager } = await import("../modes/interactive/interactive-mode.js");
	const ctx: ManagerContext = { home, cwd: io.cwd, env: io.env, prefix: "weft ext" };
	let call: ReturnType<typeof manager.parseManagerCall>;
	try {
		call = manager.parseManagerCall(action, args, ctx);
	} catch (error) {
		if (error instanceof manager.ManagerUsageError) throw new UsageError(error.message);
		throw error;
	}
	try {
		const result = await manager.runManagerCall(call, ctx);
		const lines = [...result.lines];
		if (result.installed?.loadable) lines.push("", await registrations(result.installed.dir, home, io));
		io.stdout.write(`${lines.join("\n")}\n`);
		return EXIT_OK;
	} catch (error) {
		io.stderr.write(`weft: ext ${action}: ${errorMessage(error)}\n`);
		return EXIT_ERROR;
	}
}

/** Loads the one extension into a host of its own and reports it as `weft ext list` does. */
async function registrations(dir: string, home: string, io: SubcommandIO): Promise<string> {
	const { settings } = loadSettings({ cwd: io.cwd, home, projectTrusted: isTrusted(home, io.cwd) });
	const host = await startForReport(
		{ cwd: io.cwd, home, settings, stderr: io.stderr },
		{ extensions: [dir], noExtensions: true, trust: false, verbose: false },
	);
	const report = { running: null, notices: [], extensions: host?.diagnostics() ?? [] };
	await host?.unloadAll();
	return formatExtList(report);
}
