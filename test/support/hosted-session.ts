/**
 * What an embedder of weft builds, in an e2e test's sandbox: an extension
 * host loading the given extensions (watchdog off) and a session on the
 * mock provider bound to it, the pieces the SDK exports put together by hand.
 */
import {
	type AgentSession,
	createAgentSession,
	ExtensionHost,
	Kernel,
	NonInteractiveUI,
	type Settings,
} from "../../src/index.js";
import type { Sandbox } from "./weft-cli.js";

export interface HostedSession {
	host: ExtensionHost;
	session: AgentSession;
	/** The host's UI port: what extensions and weft's notes about them showed. */
	ui: NonInteractiveUI;
}

/** Runs `use` on a loaded host and its bound, unsaved session; the host is unloaded afterwards, also when `use` throws. */
export async function withHostedSession(
	options: { sandbox: Sandbox; settings: Settings; cliPaths: string[] },
	use: (made: HostedSession) => Promise<void>,
): Promise<void> {
	const { sandbox, settings, cliPaths } = options;
	const kernel = new Kernel();
	const ui = new NonInteractiveUI();
	const host = new ExtensionHost({
		kernel,
		cwd: sandbox.cwd,
		home: sandbox.home,
		settings,
		mode: "sdk",
		cliPaths,
		ui,
		env: sandbox.env,
		watchdog: false,
	});
	await host.loadAll();
	try {
		const { session } = await createAgentSession({
			cwd: sandbox.cwd,
			home: sandbox.home,
			env: sandbox.env,
			settings,
			kernel,
			provider: "mock",
			session: { persist: false },
		});
		host.bind(session);
		await use({ host, session, ui });
	} finally {
		await host.unloadAll();
	}
}
