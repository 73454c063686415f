/**
 * `weft` with no prompt: the interactive terminal UI. Takes over the
 * terminal, asks about untrusted project extensions, loads extensions with
 * the interactive UI port, and runs the host the other channels run on (the
 * session pool and channels, as RPC and ACP do): the terminal is the
 * channel "terminal", started first, then the channels `--channel` and the
 * `channels` setting ask for. It serves until the user quits, then stops the
 * channels, closes every session and unloads the extensions — restoring the
 * terminal on every way out.
 */
import type { CreateSessionOptions } from "../../agent/create-session.js";
import type { Settings } from "../../ai/settings.js";
import { errorMessage } from "../../base/error-message.js";
import { historyPath, keybindingsPath, themesDir } from "../../base/paths.js";
import type { ExtensionHost, ExtensionHostOptions } from "../../extensions/host.js";
import { piThemeFolders } from "../../extensions/pi-sources.js";
import { onFatalFault } from "../../extensions/process-guard.js";
import { isTrusted } from "../../extensions/trust.js";
import { Kernel } from "../../kernel/kernel.js";
import { BUILTIN_OWNER } from "../../kernel/owner.js";
import { ChatApp, type ChatAppHooks } from "../../tui/app/chat-app.js";
import { InteractiveUI } from "../../tui/app/interactive-ui.js";
import { FileIndex } from "../../tui/chat/composer/file-index.js";
import { stockToolRenderers } from "../../tui/chat/transcript/tool-renderers.js";
import { Terminal } from "../../tui/terminal.js";
import { EXIT_USAGE } from "../exit-codes.js";
import { type ChannelStart, HostChannels, type RequestedChannel } from "../sdk/host-channels.js";
import { HostSessions } from "../sdk/session-pool.js";
import { registerBuiltinCommands } from "./commands/index.js";
import { nextThinkingLevel } from "./commands/thinking.js";
import { ProviderSetup } from "./first-run.js";
import { attachImages } from "./image-attachments.js";
import { createServices } from "./interactive-services.js";
import { runUserCommand } from "./run-command.js";
import { parseShellInput, ShellCommands } from "./shell-command.js";
import { startupHeader } from "./startup-header.js";
import { connectSubprocessUI } from "./subprocess-ui.js";
import { TERMINAL_CHANNEL_ID, TerminalChannel } from "./terminal-channel.js";
import { chooseTheme } from "./theme-choice.js";
import { askAboutTrust } from "./trust-prompt.js";

/** For `weft ext install|…`, loaded through this module (as `/ext` loads it) rather than as an entry of its own. */
export * as extensionManager from "../../extensions/manager/commands.js";
/** For a `-p` or `--mode json` prompt that names a command (commands/lazy.ts), loaded through this module. */
export { runPromptCommand } from "../commands/prompt-command.js";
/** For `weft --export`, loaded through this module (below) rather than as an entry of its own. */
export { runExport } from "../export/export-cli.js";
export { exportSessionHtml } from "../export/export-session.js";
/** For `weft --help`, loaded through this module so the bundle keeps one entry for the UI. */
export { helpReference } from "./help-reference.js";

export interface InteractiveOptions {
	cwd: string;
	home: string;
	env: NodeJS.ProcessEnv;
	settings: Settings;
	/** Session options from the command line (model, --continue, …); `projectTrusted` as of start-up. */
	session: Omit<CreateSessionOptions, "kernel" | "settings" | "mode" | "spillFiles" | "runScope">;
	/** `--trust`: the project folder is trusted for this run, whatever trust.json says. */
	trust?: boolean;
	/** What loading extensions needs beyond kernel, UI and mode; undefined when there are none. */
	extensions: Omit<ExtensionHostOptions, "kernel" | "ui" | "mode"> | undefined;
	/**
	 * Checks the command line again once extension flags are known (throws a
	 * usage error); returns the prompt given on it, sent once the chat is up.
	 */
	checkArgs(flags: ReadonlyArray<{ name: string; type: "boolean" | "string" }>): string | undefined | void;
	/** `--channel`: registered channels to start beside the terminal once extensions are loaded. */
	channels?: readonly string[];
	/** weft's version, for the start-up header. */
	version?: string;
	stdin: NodeJS.ReadStream;
	stdout: NodeJS.WriteStream;
	stderr: NodeJS.WritableStream;
}

export async function runInteractiveMode(options: InteractiveOptions): Promise<number> {
	const { stdin, stdout, stderr } = options;
	if (!stdin.isTTY || !stdout.isTTY) {
		stderr.write(
			'weft: the interactive UI needs a terminal (stdin and stdout must be a TTY). Use `weft -p "prompt"` for scripts.\n',
		);
		return EXIT_USAGE;
	}
	const terminal = new Terminal({ input: stdin, output: stdout });
	// Folder, home, environment, trust and tools are the host's; the rest says how the first session opens.
	const {
		cwd: _cwd,
		home: _home,
		env: _env,
		projectTrusted: trustedAtStart,
		tools,
		...first
	} = options.session;
	const kernel = new Kernel();
	// Trusted for this run only: --trust, or "load them this time" in the trust prompt (or a caller's say-so).
	let trustedRun =
		options.trust === true || (trustedAtStart !== false && !isTrusted(options.home, options.cwd));
	const projectTrusted = () => trustedRun || isTrusted(options.home, options.cwd);
	let app: ChatApp | undefined;
	let finish: () => void = () => {};
	const finished = new Promise<void>((resolve) => {
		finish = resolve;
	});
	// A fault of weft's own ends the process: the terminal is put back before the message is written.
	const offFatal = onFatalFault(() => terminal.restore());
	try {
		await terminal.start((event) => app?.handleInput(event));
		const {
			theme,
			depth,
			warnings: themeWarnings,
			missing: missingTheme,
		} = await chooseTheme({
			setting: options.settings.theme,
			colors: options.settings.colors,
			home: options.home,
			env: options.env,
			queryBackground: () => terminal.queryBackground(),
		});
		app = new ChatApp({
			kernel,
			output: stdout,
			theme,
			colorDepth: depth,
			cwd: options.cwd,
			historyFile: historyPath(options.home),
			keybindingsFile: keybindingsPath(options.home),
			completion: { files: new FileIndex(options.cwd) },
			resize: options.settings.resize,
		});
		const chat = app;
		terminal.beforeRestore(() => chat.finish());
		terminal.onResize(() => {
			chat.resized();
			kernel.bus.notify("resize", { columns: terminal.columns, rows: terminal.rows });
		});
		const ui = new InteractiveUI(chat, {
			themesDir: themesDir(options.home),
			// pi theme files: those extensions gave through resources_discover, then pi's own folder if asked for.
			piThemePaths: () => [...(host?.themePaths() ?? []), ...piThemeFolders(options.settings.piExtensions)],
		});
		for (const warning of [...themeWarnings, ...chat.warnings]) ui.notify(warning, "warning");
		for (const [name, renderer] of Object.entries(stockToolRenderers(() => chat.styler)))
			kernel.toolRenderers.register(name, renderer, BUILTIN_OWNER);

		let host: ExtensionHost | undefined;
		// The host the other channels run on: one pool of sessions, the registered channels.
		const sessions = new HostSessions({
			cwd: options.cwd,
			home: options.home,
			env: options.env,
			kernel,
			settings: () => services.settings(),
			projectTrusted,
			tools,
			host: () => host,
			warn: (message) => ui.notify(message, "warning"),
		});
		const channels = new HostChannels({
			cwd: options.cwd,
			kernel,
			sessions,
			report: (owner, where, error) => {
				if (host?.list().some((r) => r.name === owner)) host.reportFailure(owner, where, error);
				else ui.notify(`${where} failed: ${errorMessage(error)}`, "error");
			},
		});
		const showStarts = (starts: readonly ChannelStart[]) => {
			for (const { id, description, error } of starts) {
				if (error) ui.notify(error, "error");
				else ui.notify(`channel ${id} started${description ? `: ${description}` : ""}`, "info");
			}
		};
		const channel = new TerminalChannel({
			chat,
			first,
			setup: () => setup.open(),
			exit: () => finish(),
		});
		// Registered before extensions load, so they see it (and cannot take its id).
		kernel.channels.register(TERMINAL_CHANNEL_ID, channel, BUILTIN_OWNER);

		const services = createServices({
			kernel,
			ui,
			app: chat,
			cwd: options.cwd,
			home: options.home,
			env: options.env,
			settings: options.settings,
			terminal,
			session: () => channel.session!,
			host: () => host,
			exit: () => finish(),
			projectTrusted,
			channel,
			persist: first.session?.persist,
			reload: async (loaded) => {
				const { result, restarted } = await channels.aroundReload(() => loaded.reload());
				sessions.rebind();
				showStarts(restarted);
				return result;
			},
		});
		registerBuiltinCommands(services);
		// No provider on a first run: a setup view and /login instead of an exit.
		const setup = new ProviderSetup({
			kernel,
			ui,
			services,
			cwd: options.cwd,
			home: options.home,
			start: async (choice) => void (await channel.open(undefined, choice)),
		});

		// Resolved once the terminal's channel started: its first session is open, or the first-run setup shows.
		let terminalStarted: (() => void) | undefined;
		const starting = new Promise<void>((resolve) => {
			terminalStarted = resolve;
		});
		const shell = new ShellCommands(ui);
		const hooks: ChatAppHooks = {
			submit: (text: string, kind: "prompt" | "steer" | "followUp") => {
				const current = channel.session;
				if (!current) {
					if (setup.active) return setup.submit(text);
					// Typed while extensions load: sent once the first session is open, not dropped.
					ui.notify("sent once the session has started…");
					void starting.then(() => (channel.session || setup.active) && hooks.submit(text, kind));
					return;
				}
				// An extension still starting has not registered its commands yet: run this once it has.
				const word = /^\/([\w:.-]+)(?:\s|$)/.exec(text)?.[1];
				if (word && !kernel.commands.get(word) && host && host.starting().length > 0) {
					ui.notify(`/${word}: waiting for extensions to start…`);
					void host.whenStarted().then(() => hooks.submit(text, kind));
					return;
				}
				if (text.startsWith("/") && runUserCommand(kernel, text, { cwd: options.cwd, ui, services })) return;
				const command = parseShellInput(text);
				if (command) {
					shell
						.run(current, command)
						.catch((error: unknown) =>
							ui.notify(`the shell command failed: ${(error as Error).message}`, "error"),
						);
					return;
				}
				const { images, notes } = attachImages(text, options.cwd, current.model);
				for (const note of notes) ui.notify(note, "warning");
				const prompt = { source: "interactive" as const, images };
				const sent =
					kind === "steer"
						? current.steer(text, prompt)
						: kind === "followUp"
							? current.followUp(text, prompt)
							: current.prompt(text, prompt);
				sent.catch((error: unknown) => ui.notify(`the run failed: ${(error as Error).message}`, "error"));
			},
			abort: () => {
				shell.abort();
				void channel.session?.abort();
			},
			exit: () => finish(),
			suspend: () => terminal.suspend(() => chat.renderer.resized()),
			releaseTerminal: () => {
				chat.renderer.pause();
				const takeBack = terminal.release();
				return () => {
					takeBack();
					chat.renderer.resume();
				};
			},
			isBusy: () => shell.isRunning || (channel.session !== undefined && !channel.session.isIdle),
			unqueue: (which) => channel.session?.unqueue(which) ?? [],
			cycleThinking: () => {
				if (channel.session) services.setThinking(nextThinkingLevel(channel.session.thinking));
			},
			error: (message: string) => ui.notify(message, "error"),
		};
		chat.start(hooks);

		if (options.extensions) {
			const untrusted = !projectTrusted();
			const trust = options.extensions.trust || (await askAboutTrust(ui, options));
			if (trust && untrusted) {
				// Trusted from the prompt: this run reads the project's settings and SYSTEM.md as a trusted
				// folder's. "Trust this folder" wrote trust.json; "load them this time" covers this run only.
				trustedRun = !isTrusted(options.home, options.cwd);
				services.reloadSettings();
			}
			const { ExtensionHost } = await import("../../extensions/host.js");
			host = new ExtensionHost({
				...options.extensions,
				settings: services.settings(),
				trust,
				kernel,
				ui,
				mode: "interactive",
				// Code outside any session's run (a command typed here, a key, a timer) serves the terminal's session.
				currentSession: () => sessions.current() ?? channel.session,
			});
			chat.status = { ...chat.status, segments: [{ id: "weft:loading", text: "loading extensions…" }] };
			await host.loadAll();
			chat.status = { ...chat.status, segments: chat.status.segments.filter((s) => s.id !== "weft:loading") };
			for (const notice of host.notices()) ui.notify(notice, "warning");
			connectSubprocessUI(host, chat);
		}
		// The "theme" setting may name a pi theme (an extension's themePaths, pi's folder): known only now.
		if (missingTheme) {
			const switched = ui.setTheme(missingTheme);
			if (!switched.success) ui.notify(`settings: "theme": ${switched.error}; using auto`, "warning");
		}
		// After the trust prompt: an untrusted project's `channels` setting does not apply (project-settings-policy.ts).
		const requested: RequestedChannel[] = [
			...(options.channels ?? []).map((id) => ({ id, from: "--channel" })),
			...(services.settings().channels ?? []).map((id) => ({ id, from: 'setting "channels"' })),
		];
		let initialPrompt: string | undefined;
		try {
			initialPrompt = options.checkArgs(host?.flagSpecs() ?? []) ?? undefined;
			channels.checkRegistered(requested);
		} catch (error) {
			// Subprocess extensions are ended with their host, not left behind by the exit.
			await host?.unloadAll();
			throw error;
		}
		if (services.settings().startupHeader !== false) {
			const key = (action: string) => chat.keysFor(action)[0];
			const extensions = host?.list().filter((e) => e.status === "loaded" || e.status === "starting").length;
			const header = startupHeader(
				{
					version: options.version,
					cwd: options.cwd,
					home: options.home,
					extensions: extensions ?? 0,
					keys: { abort: key("app.abort"), expand: key("app.expand") },
				},
				chat.styler,
			);
			// Printed once the first session's session_start handlers ran: an extension's header may take its place.
			chat.conversationHeader.hold(header);
		}

		try {
			await channels.start(TERMINAL_CHANNEL_ID);
		} finally {
			chat.conversationHeader.print();
		}
		terminalStarted?.();
		// The others start while the user reads the screen; each says whether it did.
		void channels
			.startEach(requested.map((r) => r.id).filter((id) => id !== TERMINAL_CHANNEL_ID))
			.then(showStarts);

		if (initialPrompt) hooks.submit(initialPrompt, "prompt");
		// The provider's client library and the fetch stack load while the user types, not after Enter.
		else setTimeout(() => void channel.session?.prepare(), 50).unref();
		// Once a second for extensions that animate; a listener-free tick costs one wake-up.
		const ticker = setInterval(() => {
			if (kernel.bus.hasHandlers("tick")) kernel.bus.notify("tick", { time: Date.now() });
		}, 1_000);
		ticker.unref();
		await finished;
		clearInterval(ticker);
		// The terminal's channel closes its session; then what other channels opened closes too.
		await channels.stopAll();
		await sessions.closeAll("exit");
		await host?.unloadAll();
	} finally {
		offFatal();
		terminal.restore();
	}
	return 0;
}
