/**
 * `weft --mode rpc`: a client drives weft over stdin/stdout in JSON lines
 * (docs/rpc.md). A host like the SDK's — one kernel, its sessions,
 * extensions loaded once (sdk/serve-channel.ts) — with the RPC channel
 * (rpc-channel.ts) registered and started on stdin/stdout. Lines are read from the start, so a dialog an
 * extension shows while loading can be answered; commands wait for the
 * channel. It serves until stdin ends or a signal arrives, then shuts every
 * session down. stdout belongs to the protocol: everything else goes to
 * stderr, `console.log` included.
 */
import type { CreateSessionOptions } from "../../agent/create-session.js";
import type { Settings } from "../../ai/settings.js";
import type { ExtensionHost } from "../../extensions/host.js";
import type { ExtensionHostOptions } from "../../extensions/host-options.js";
import { Kernel } from "../../kernel/kernel.js";
import { serveChannel } from "../sdk/serve-channel.js";
import { jsonLine, readJsonLines } from "./jsonl.js";
import type { RpcOutputLine, RpcUIResponse } from "./protocol.js";
import { type RpcLineSource, rpcChannel } from "./rpc-channel.js";
import { RpcUI } from "./rpc-ui.js";

export interface RpcModeOptions {
	cwd: string;
	home: string;
	env: NodeJS.ProcessEnv;
	settings: Settings;
	projectTrusted: boolean;
	/** How to build the first session (model, tools, which session to open…), as the CLI parsed it. */
	session: Omit<
		CreateSessionOptions,
		"cwd" | "home" | "env" | "kernel" | "settings" | "mode" | "projectTrusted"
	>;
	/** The extension host's options, or undefined when there is nothing to load. */
	extensions: Omit<ExtensionHostOptions, "kernel" | "ui" | "mode"> | undefined;
	/** Checks the command line again once extensions registered their flags; throws on a mistake. */
	checkArgs(flags: ReturnType<ExtensionHost["flagSpecs"]>): void;
	/** `--channel`: registered channels to start beside this one once extensions are loaded. */
	channels?: readonly string[];
	stdin: NodeJS.ReadableStream;
	stdout: NodeJS.WritableStream;
	stderr: NodeJS.WritableStream;
	/** Resolves when the process is asked to stop (a signal). */
	stopped?: Promise<unknown>;
}

export async function runRpcMode(options: RpcModeOptions): Promise<number> {
	const { cwd, home, env, projectTrusted, stdout, stderr } = options;
	const log = (message: string) => stderr.write(`weft: ${message}\n`);
	// A stray console.log (an extension's) would corrupt the protocol stream.
	console.log = console.error;
	console.info = console.error;
	const write = (line: RpcOutputLine) => stdout.write(jsonLine(line));
	const ui = new RpcUI({ send: write });
	const input = lineSource(options.stdin, ui, log);

	const kernel = new Kernel();
	kernel.bus.onFailure((failure) =>
		write({
			type: "extension_error",
			extensionPath: failure.owner,
			event: failure.event,
			error: failure.message,
		}),
	);
	// This process's own copies: set_auto_retry and set_auto_compaction change them.
	const settings = {
		...options.settings,
		retry: { ...options.settings.retry },
		compaction: { ...options.settings.compaction },
	};
	const { tools, ...sessionOptions } = options.session;
	return serveChannel({
		cwd,
		home,
		env,
		settings,
		projectTrusted,
		tools,
		kernel,
		extensions: options.extensions,
		ui,
		mode: "rpc",
		log,
		checkArgs: options.checkArgs,
		channels: options.channels,
		loaded: (host) => {
			// A subprocess extension's "insert" action fills the client's input box; its panel is shown there too.
			host.subprocess.onInsert = (text) => ui.setEditorText(text);
			host.subprocess.panels.onChange((panel) => ui.setPanel(panel));
		},
		channel: (host) =>
			rpcChannel({
				input,
				write,
				ui,
				home,
				sessionOptions,
				settings,
				panels: host?.subprocess.panels,
				extensionsStarting: () => (host && host.starting().length > 0 ? host.whenStarted() : undefined),
			}),
		serve: async (channel, channels) => {
			await channels.start(channel.id);
			await Promise.race([channel.closed, options.stopped ?? new Promise(() => {})]);
		},
	});
}

/** Lines from stdin: answers to dialogs go to them at once; commands wait for a listener. */
function lineSource(stdin: NodeJS.ReadableStream, ui: RpcUI, log: (message: string) => void): RpcLineSource {
	const early: string[] = [];
	let listener: ((line: string) => void) | undefined;
	const ended = new Promise<void>((resolve) => stdin.once("end", () => resolve()));
	readJsonLines(stdin, (line) => {
		if (line.trim() === "" || answerDialog(ui, line, log)) return;
		if (listener) listener(line);
		else early.push(line);
	});
	return {
		ended,
		listen(onLine) {
			listener = onLine;
			for (const line of early.splice(0)) onLine(line);
			return () => {
				listener = undefined;
			};
		},
	};
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
