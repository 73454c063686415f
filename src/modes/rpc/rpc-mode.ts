/**
 * `weft --mode rpc`: a client drives weft over stdin/stdout in JSON lines
 * (docs/rpc.md). Commands arrive on stdin and each gets one response;
 * session events (translated to the protocol's shapes) and extension UI
 * requests stream on stdout as they happen; stderr carries only logs. The
 * process serves until stdin ends or a signal arrives, then shuts the
 * session down as the other modes do.
 */
import { type CreateSessionOptions, createAgentSession } from "../../agent/create-session.js";
import type { AgentSession } from "../../agent/session.js";
import { forkSession } from "../../agent/session-fork.js";
import { buildModelTable } from "../../ai/catalog.js";
import type { Settings } from "../../ai/settings.js";
import type { ExtensionHost } from "../../extensions/host.js";
import type { ExtensionHostOptions } from "../../extensions/host-options.js";
import { Kernel } from "../../kernel/kernel.js";
import type { ModelInfo } from "../../kernel/provider.js";
import { registerSessionCommands } from "../commands/index.js";
import type { RpcContext, SwitchTarget } from "./command-context.js";
import { dispatch, parseCommand } from "./commands.js";
import { RpcEventTranslator } from "./event-translation.js";
import { jsonLine, readJsonLines } from "./jsonl.js";
import type { RpcOutputLine, RpcUIResponse } from "./protocol.js";
import { RpcShell } from "./rpc-shell.js";
import { RpcUI } from "./rpc-ui.js";

export interface RpcModeOptions {
	cwd: string;
	home: string;
	settings: Settings;
	projectTrusted: boolean;
	/** How to build sessions (model, tools, which session to open…), as the CLI parsed it. */
	session: Omit<CreateSessionOptions, "kernel" | "settings" | "mode" | "projectTrusted">;
	/** The extension host's options, or undefined when there is nothing to load. */
	extensions: Omit<ExtensionHostOptions, "kernel" | "ui" | "mode"> | undefined;
	/** Checks the command line again once extensions registered their flags; throws on a mistake. */
	checkArgs(flags: ReturnType<ExtensionHost["flagSpecs"]>): void;
	stdin: NodeJS.ReadableStream;
	stdout: NodeJS.WritableStream;
	stderr: NodeJS.WritableStream;
	/** Resolves when the process is asked to stop (a signal). */
	stopped?: Promise<unknown>;
}

export async function runRpcMode(options: RpcModeOptions): Promise<number> {
	const { cwd, home, stdout, stderr } = options;
	const write = (line: RpcOutputLine) => stdout.write(jsonLine(line));
	const log = (message: string) => stderr.write(`weft: ${message}\n`);
	const ui = new RpcUI({ send: write });

	// Lines are read from the start, so a dialog shown while extensions load can be answered; commands wait for the session.
	const early: string[] = [];
	let handle: ((line: string) => void) | undefined;
	let ended!: () => void;
	const inputEnded = new Promise<void>((resolve) => {
		ended = resolve;
	});
	readJsonLines(options.stdin, (line) => {
		if (line.trim() === "") return;
		if (answerDialog(ui, line, log)) return;
		if (handle) handle(line);
		else early.push(line);
	});
	options.stdin.on("end", () => ended());

	const kernel = new Kernel();
	kernel.bus.onFailure((failure) =>
		write({
			type: "extension_error",
			extensionPath: failure.owner,
			event: failure.event,
			error: failure.message,
		}),
	);
	let host: ExtensionHost | undefined;
	if (options.extensions) {
		const { ExtensionHost } = await import("../../extensions/host.js");
		host = new ExtensionHost({ ...options.extensions, kernel, ui, mode: "rpc" });
		await host.loadAll();
		for (const notice of host.notices()) log(notice);
		// A subprocess extension's "insert" action fills the client's input box.
		host.subprocess.onInsert = (text) => ui.setEditorText(text);
	}
	try {
		options.checkArgs(host?.flagSpecs() ?? []);
		// The RPC mode's own copies: set_auto_retry and set_auto_compaction change them for this process only.
		const retry = { ...options.settings.retry };
		const compaction = { ...options.settings.compaction };
		const settings: Settings = { ...options.settings, retry, compaction };
		const retries = retry.maxRetries;
		let compacting = false;
		let translator: RpcEventTranslator | undefined;
		let detach: (() => void) | undefined;
		let session!: AgentSession;

		const open = async (choice: CreateSessionOptions["session"]) => {
			const created = await createAgentSession({
				...options.session,
				session: choice,
				mode: "rpc",
				kernel,
				settings,
				projectTrusted: options.projectTrusted,
			});
			for (const warning of created.warnings) log(warning);
			const next = created.session;
			const current = new RpcEventTranslator({ messages: () => next.messages, api: () => next.model.api });
			detach?.();
			translator = current;
			detach = next.subscribe((event) => {
				if (event.type === "compaction_start") compacting = true;
				if (event.type === "compaction_end") compacting = false;
				for (const line of current.translate(event)) write(line);
			});
			session = next;
			host?.bind(next);
			next.start();
		};
		await open(options.session.session);
		registerSessionCommands(kernel, { ui, session: () => session });

		const persist = options.session.session?.persist;
		const switchSession = async (target: SwitchTarget) => {
			let choice: CreateSessionOptions["session"] = { persist };
			if (target.kind === "fork") {
				const outcome = await forkSession({
					kernel,
					source: session.store,
					before: target.entryId,
					home,
					cwd,
				});
				if (!outcome.forked) return { cancelled: true };
				choice = { file: outcome.file, persist, forked: true };
			} else {
				const gate = await kernel.bus.emit("session_before_switch", {
					reason: target.kind,
					target: target.kind === "resume" ? target.file : undefined,
				});
				if (gate.terminal?.cancel) return { cancelled: true };
				if (target.kind === "resume") choice = { file: target.file, persist };
			}
			const previous = session;
			await previous.abort();
			await previous.shutdown(target.kind);
			await open(choice);
			return { cancelled: false };
		};

		const shell = new RpcShell(() => session);
		const context: RpcContext = {
			session: () => session,
			ui,
			models: () => knownModels(kernel, settings, session.model),
			cycleModels: () => {
				const configured = new Set([...Object.keys(settings.providers ?? {}), session.model.provider]);
				return knownModels(kernel, settings, session.model).filter((m) => configured.has(m.provider));
			},
			switchSession,
			pendingCount: () => translator?.pending ?? 0,
			isCompacting: () => compacting,
			isRetrying: () => translator?.retrying ?? false,
			autoCompaction: () => compaction.enabled !== false,
			// Changed in place: sessions read these objects at each request (every session of this process shares them).
			setAutoCompaction: (enabled) => {
				compaction.enabled = enabled;
			},
			setAutoRetry: (enabled) => {
				// Zero retries: a failed request fails at once; enabling again restores the configured count.
				retry.maxRetries = enabled ? retries : 0;
			},
			shell,
		};
		handle = (line) => {
			const parsed = parseCommand(line);
			if ("response" in parsed) return void write(parsed.response);
			void dispatch(parsed.command, context).then(write);
		};
		for (const line of early.splice(0)) handle(line);

		await Promise.race([inputEnded, options.stopped ?? new Promise(() => {})]);
		ui.cancelAll();
		shell.abort();
		await session.abort();
		await session.shutdown("exit");
		detach?.();
		return 0;
	} finally {
		await host?.unloadAll();
	}
}

/** An `extension_ui_response` line goes to the dialog it answers; true when the line was one. */
function answerDialog(ui: RpcUI, line: string, log: (message: string) => void): boolean {
	// Cheap test first: most lines are commands.
	if (!line.includes('"extension_ui_response"')) return false;
	let value: unknown;
	try {
		value = JSON.parse(line);
	} catch {
		return false;
	}
	const response = value as Partial<RpcUIResponse> | null;
	if (response?.type !== "extension_ui_response") return false;
	if (typeof response.id !== "string" || !ui.respond(response as RpcUIResponse))
		log(
			`extension_ui_response for ${JSON.stringify(response.id)} answers no open dialog (answered, timed out, or unknown)`,
		);
	return true;
}

/** The catalog's models, the configured providers' and extensions' providers' — the current provider's first. */
function knownModels(kernel: Kernel, settings: Settings, current: ModelInfo): ModelInfo[] {
	const models = [...buildModelTable(settings).values()].flat();
	for (const { value } of kernel.providers.list()) {
		for (const model of value.models) {
			if (!models.some((m) => m.provider === model.provider && m.id === model.id)) models.push(model);
		}
	}
	return [
		...models.filter((m) => m.provider === current.provider),
		...models.filter((m) => m.provider !== current.provider),
	];
}
