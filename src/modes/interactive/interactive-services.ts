/**
 * The interactive mode's implementation of InteractiveServices: what the
 * built-in commands reach through — switching sessions, picking models,
 * reloading extensions, the clipboard.
 */
import type { AgentSession } from "../../agent/session.js";
import { forkSession } from "../../agent/session-fork.js";
import { buildModelTable } from "../../ai/catalog.js";
import { loadSettings, type Settings } from "../../ai/settings.js";
import type { ExtensionHost, ExtensionRecord } from "../../extensions/host.js";
import type { Kernel } from "../../kernel/kernel.js";
import type { ModelInfo } from "../../kernel/provider.js";
import type { UIPort } from "../../kernel/ui-port.js";
import type { ChatApp } from "../../tui/app/chat-app.js";
import { TreeDialog } from "../../tui/chat/ui/tree-dialog.js";
import type { Terminal } from "../../tui/terminal.js";
import { copyToClipboard } from "./clipboard.js";
import type { InteractiveServices } from "./services.js";
import type { TerminalChannel } from "./terminal-channel.js";

export interface ServicesOptions {
	kernel: Kernel;
	ui: UIPort;
	app: ChatApp;
	terminal: Terminal;
	cwd: string;
	home: string;
	env: NodeJS.ProcessEnv;
	settings: Settings;
	session(): AgentSession;
	host(): ExtensionHost | undefined;
	exit(): void;
	/** The terminal channel: it closes the shown session and opens the next through the host's pool. */
	channel: TerminalChannel;
	/** `--no-session`: sessions /new, /resume and /fork open are not written either. */
	persist: boolean | undefined;
	/** Unloads and loads the extensions again (their channels stopped around it); the records. */
	reload(host: ExtensionHost): Promise<ExtensionRecord[]>;
	/** Whether the project folder counts as trusted now (`--trust`, the start-up prompt, or trust.json). */
	projectTrusted(): boolean;
}

export function createServices(options: ServicesOptions): InteractiveServices {
	let settings = options.settings;
	const { kernel, ui } = options;
	return {
		kernel,
		ui,
		cwd: options.cwd,
		home: options.home,
		env: options.env,
		settings: () => settings,
		reloadSettings: () => {
			const loaded = loadSettings({
				cwd: options.cwd,
				home: options.home,
				projectTrusted: options.projectTrusted(),
			});
			for (const warning of loaded.warnings) ui.notify(warning, "warning");
			settings = loaded.settings;
			return settings;
		},
		session: options.session,
		models: () => {
			const models = [...buildModelTable(settings).values()].flat();
			for (const { value } of kernel.providers.list()) {
				for (const model of value.models) {
					if (!models.some((m) => m.provider === model.provider && m.id === model.id)) models.push(model);
				}
			}
			// The current provider's models first, then other configured ones, then the catalog.
			const current = options.session().model.provider;
			const configured = new Set(Object.keys(settings.providers ?? {}));
			const rank = (m: ModelInfo) => (m.provider === current ? 0 : configured.has(m.provider) ? 1 : 2);
			return models
				.map((m, i) => ({ m, i }))
				.sort((a, b) => rank(a.m) - rank(b.m) || a.i - b.i)
				.map(({ m }) => m);
		},
		setModel: (model: ModelInfo) => {
			const session = options.session();
			const previous = session.model;
			session.setModel(model);
			kernel.bus.notify("model_select", {
				provider: model.provider,
				model: model.id,
				previous: { provider: previous.provider, model: previous.id },
			});
			options.app.status = { ...options.app.status, model: model.id, provider: model.provider };
			options.app.requestRender();
		},
		setThinking: (level) => {
			const session = options.session();
			session.setThinking(level);
			const { model } = session;
			options.app.status = { ...options.app.status, thinking: model.reasoning ? level : undefined };
			options.app.requestRender();
			// Set anyway: it applies once the user switches to a model that reasons.
			const note = model.reasoning ? "" : ` (${model.id} does not reason; it applies to models that do)`;
			ui.notify(`Thinking: ${level}${note}`, "info");
		},
		switchSession: async (target) => {
			const current = options.session();
			let file = target.kind === "resume" ? target.file : undefined;
			// One session file, one open session: the pool refuses a second, so say so before leaving this one.
			if (file !== undefined && options.channel.openElsewhere(file)) {
				ui.notify(
					"that session is open in another channel of this weft (an extension's); it cannot be resumed here too",
					"warning",
				);
				return false;
			}
			let forkedText: string | undefined;
			if (target.kind === "fork") {
				// A fork asks session_before_fork instead, and is written before the current session is left.
				const outcome = await forkSession({
					kernel,
					source: current.store,
					before: target.entryId,
					home: options.home,
					cwd: options.cwd,
				});
				if (!outcome.forked) {
					ui.notify(`forking was cancelled${outcome.reason ? `: ${outcome.reason}` : ""}`, "warning");
					return false;
				}
				file = outcome.file;
				forkedText = outcome.text;
			} else {
				const gate = await kernel.bus.emit("session_before_switch", {
					reason: target.kind,
					target: target.kind === "resume" ? target.file : undefined,
				});
				const verdict = gate.terminal;
				if (verdict?.cancel) {
					ui.notify(
						`switching sessions was cancelled${verdict.reason ? `: ${verdict.reason}` : ""}`,
						"warning",
					);
					return false;
				}
			}
			const { persist } = options;
			await options.channel.closeShown(target.kind);
			await options.channel.open({
				kind: target.kind,
				session:
					file === undefined
						? { persist, parentSession: target.kind === "new" ? target.parentSession : undefined }
						: { file, persist, forked: target.kind === "fork" },
			});
			// The message the fork was cut before, to edit and send again.
			if (forkedText !== undefined) {
				options.app.composer.setText(forkedText);
				options.app.requestRender();
			}
			return true;
		},
		themeName: () => options.app.styler.theme.name,
		pickInTree: (rows) => {
			const { app } = options;
			return app.openDialog(new TreeDialog(rows, app.styler, () => app.size.rows));
		},
		setComposerText: (text) => {
			options.app.composer.setText(text);
			options.app.requestRender();
		},
		get host() {
			return options.host();
		},
		reloadExtensions: async () => {
			const host = options.host();
			if (!host) {
				ui.notify("no extensions are configured (nothing to reload)", "info");
				return;
			}
			const records = await options.reload(host);
			const failed = records.filter((r) => r.status === "failed");
			const loaded = records.filter((r) => r.status === "loaded").length;
			ui.notify(
				`reloaded ${loaded} extension(s)${failed.length ? `; failed: ${failed.map((r) => r.name).join(", ")}` : ""}`,
				failed.length ? "warning" : "success",
			);
		},
		copyToClipboard: (text) => copyToClipboard(text, (data) => options.terminal.write(data), options.env),
		exit: options.exit,
	};
}
