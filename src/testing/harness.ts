/**
 * The test harness for extension authors: runs extensions against a
 * scripted model in-process — a real session with the built-in tools, in a
 * throwaway project folder and weft home — and records what happened.
 *
 *   const run = await runExtensions({
 *     extensions: [new URL(".", import.meta.url)],   // the folder holding index.ts, loaded like `-e`
 *     script: [{ toolCalls: [{ name: "bash", args: { command: "rm -rf build" } }] }, { text: "done" }],
 *     prompt: "clean up",
 *     ui: { confirm: false },                       // the scripted user says no
 *   });
 *   expect(run.blockedCalls).toMatchObject([{ name: "bash", by: "permission-gate" }]);
 *   await run.dispose();
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { createAgentSession } from "../agent/create-session.js";
import type { AgentSession, PromptOptions, PromptResult } from "../agent/session.js";
import type { SessionEvent, SessionEventOf, SessionEventType } from "../agent/session-events.js";
import type { Settings } from "../ai/settings.js";
import { readTextIfExists } from "../base/read-text.js";
import type { MuPlugin } from "../extensions/compat/mu/mu-adapter.js";
import { ExtensionHost, type ExtensionRecord, type InlineExtension } from "../extensions/host.js";
import type { Notification } from "../extensions/non-interactive-ui.js";
import type { ExtensionFactory } from "../extensions/types.js";
import { Kernel } from "../kernel/kernel.js";
import type { Message, ToolResultMessage, ToolSpec } from "../kernel/messages.js";
import type { Provider, ThinkingLevel } from "../kernel/provider.js";
import {
	type BlockedCall,
	HARNESS_OWNER,
	type RewrittenCall,
	RunRecorder,
	type ToolCallRecord,
} from "./harness-record.js";
import { type DialogRecord, ScriptedUI, type UIScript } from "./harness-ui.js";
import { type ScriptedProvider, type ScriptedProviderEntry, scriptedProvider } from "./scripted-provider.js";

/**
 * An extension to load: a path (absolute, relative to the current directory,
 * or a `file:` URL), a factory function, a Mu-style plugin object, or
 * `{ name, extension }` to name an inline one.
 */
export type HarnessExtension = string | URL | ExtensionFactory | MuPlugin | InlineExtension;

export interface RunExtensionsOptions {
	/** Inline extensions load first, in the order given, then paths, in the order given. */
	extensions: readonly HarnessExtension[];
	/** The model's turns, in order (the mock LLM server's format). A missing turn ends the run with an error. */
	script?: ScriptedProviderEntry[];
	/** Prompts to run one after another (each waits for the previous one to finish). */
	prompt?: string;
	prompts?: readonly string[];
	/** How prompts arrive (the `input` event's source); default "interactive". */
	source?: PromptOptions["source"];
	/** Files to create in the project folder (the session's cwd), by relative path. */
	files?: Record<string, string>;
	/** Extension flags as if given on the command line: `{ "read-only": true, limit: "3" }`. */
	flags?: Record<string, boolean | string | number>;
	/** Merged settings (`extensionOptions`, `disabledExtensions`, …). Retries are off unless set here. */
	settings?: Settings;
	/** Answers for dialogs (ui.confirm/select/input/…); unscripted dialogs are cancelled. */
	ui?: UIScript;
	/** Use this provider (e.g. one an extension registers) instead of the script; `model` picks its model. */
	provider?: string;
	model?: string;
	thinking?: ThinkingLevel;
	/** Built-in tools to enable (default: all). */
	tools?: string[];
	/** Replaces weft's system prompt. */
	systemPrompt?: string;
	/** Where provider API keys are looked up (default: this process's environment). */
	env?: NodeJS.ProcessEnv;
	/** Keep going when an extension fails to load (see `run.extensions`); by default that throws. */
	allowLoadFailure?: boolean;
}

/** One request the scripted model received. */
export interface ModelRequest {
	systemPrompt: string;
	messages: Message[];
	tools: ToolSpec[];
	/**
	 * The request body after before_provider_request handlers. The scripted
	 * model's body is `{ model, systemPrompt, messages, tools }`; real
	 * providers send their API's format instead.
	 */
	payload: unknown;
}

/** Loads the extensions, runs the prompts, and returns the run to assert on. Call `dispose()` when done. */
export async function runExtensions(options: RunExtensionsOptions): Promise<ExtensionRun> {
	const root = mkdtempSync(join(tmpdir(), "weft-harness-"));
	const cwd = join(root, "project");
	const home = join(root, "home");
	mkdirSync(cwd, { recursive: true });
	mkdirSync(home, { recursive: true });
	const cleanup: Array<() => unknown> = [() => rmSync(root, { recursive: true, force: true })];
	try {
		for (const [path, content] of Object.entries(options.files ?? {})) writeProjectFile(cwd, path, content);
		const settings: Settings = { retry: { maxRetries: 0 }, ...options.settings };
		const ui = new ScriptedUI(options.ui);
		const { inline, paths } = splitExtensions(options.extensions);
		const kernel = new Kernel();
		const host = new ExtensionHost({
			kernel,
			cwd,
			home,
			settings,
			mode: "test",
			inline,
			cliPaths: paths,
			trust: true,
			ui,
			flags: rawFlags(options.flags),
			env: options.env,
			watchdog: false,
		});
		cleanup.unshift(() => host.unloadAll());
		// Every subprocess extension ready (or failed) before the run: what a test sees must not depend on load.
		await host.loadAll({ waitForAll: true });
		checkLoaded(host, options.allowLoadFailure === true);
		checkFlags(host, options.flags);

		const scripted = scriptedProvider(options.script ?? []);
		const requests: ModelRequest[] = [];
		kernel.providers.register(scripted.name, recording(scripted, requests), HARNESS_OWNER);
		const { session } = await createAgentSession({
			kernel,
			cwd,
			home,
			env: options.env,
			mode: "test",
			settings,
			provider: options.provider ?? scripted.name,
			model: options.model ?? (options.provider ? undefined : scripted.models[0].id),
			thinking: options.thinking,
			tools: options.tools,
			systemPrompt: options.systemPrompt,
		});
		const recorder = new RunRecorder();
		cleanup.unshift(recorder.observe(kernel.bus), session.subscribe(recorder.listen));
		cleanup.unshift(() => session.shutdown("exit"));
		host.bind(session);
		session.start();

		const run = new ExtensionRun({
			root,
			cwd,
			home,
			host,
			session,
			ui,
			recorder,
			scripted,
			requests,
			cleanup,
		});
		const prompts = [...(options.prompt !== undefined ? [options.prompt] : []), ...(options.prompts ?? [])];
		for (const text of prompts) await run.prompt(text, { source: options.source });
		return run;
	} catch (error) {
		await runAll(cleanup);
		throw error;
	}
}

interface RunParts {
	root: string;
	cwd: string;
	home: string;
	host: ExtensionHost;
	session: AgentSession;
	ui: ScriptedUI;
	recorder: RunRecorder;
	scripted: ScriptedProvider;
	requests: ModelRequest[];
	cleanup: Array<() => unknown>;
}

/** A finished (or ongoing) harness run: what happened, and ways to continue it. */
export class ExtensionRun {
	/** The project folder: the session's cwd, where `files` were written. */
	readonly cwd: string;
	/** The weft home used for this run (logs, session file). */
	readonly home: string;
	readonly host: ExtensionHost;
	readonly session: AgentSession;
	readonly ui: ScriptedUI;
	/** Every request the scripted model received, in order. */
	readonly requests: ModelRequest[];
	/** The result of each prompt, in order. */
	readonly results: PromptResult[] = [];
	private readonly parts: RunParts;
	private calls = 0;
	private disposed = false;

	constructor(parts: RunParts) {
		this.parts = parts;
		this.cwd = parts.cwd;
		this.home = parts.home;
		this.host = parts.host;
		this.session = parts.session;
		this.ui = parts.ui;
		this.requests = parts.requests;
	}

	get kernel(): Kernel {
		return this.session.kernel;
	}
	/** Every extension with its status (loaded, failed with the reason, …). */
	get extensions(): ExtensionRecord[] {
		return this.host.list();
	}
	/** The last prompt's result. */
	get result(): PromptResult | undefined {
		return this.results.at(-1);
	}
	/** The last prompt's answer as the user would see it (after assistant_message rewrites; "" when hidden). */
	get output(): string {
		return this.parts.recorder.outputs.at(-1) ?? "";
	}
	get outputs(): readonly string[] {
		return this.parts.recorder.outputs;
	}
	/** Every session event, in order, as a JSON-mode client would receive it. */
	get events(): readonly SessionEvent[] {
		return this.parts.recorder.events;
	}
	/** Every tool execution, whatever its source, in order of completion. */
	get toolCalls(): readonly ToolCallRecord[] {
		return this.parts.recorder.toolCalls;
	}
	get blockedCalls(): BlockedCall[] {
		return this.parts.recorder.blockedCalls();
	}
	/** Calls whose arguments a tool_call handler changed. */
	get rewrittenArgs(): RewrittenCall[] {
		return this.parts.recorder.rewrittenArgs();
	}
	get notifications(): readonly Notification[] {
		return this.ui.notifications;
	}
	get dialogs(): readonly DialogRecord[] {
		return this.ui.dialogs;
	}
	/** The conversation as the session keeps it. */
	get messages(): readonly Message[] {
		return this.session.messages;
	}
	/** Scripted turns the model never reached. */
	get unusedTurns(): number {
		return this.parts.scripted.remaining();
	}

	/** Events of one type, e.g. `run.eventsOf("turn_start")`. */
	eventsOf<T extends SessionEventType>(type: T): SessionEventOf<T>[] {
		return this.events.filter((event): event is SessionEventOf<T> => event.type === type);
	}

	/** Runs one more prompt; observers have seen every event when it resolves. */
	async prompt(text: string, options: PromptOptions = {}): Promise<PromptResult> {
		this.parts.recorder.beginPrompt();
		const result = await this.session.prompt(text, { ...options, source: options.source ?? "interactive" });
		await this.kernel.bus.idle();
		this.parts.recorder.endPrompt();
		this.results.push(result);
		return result;
	}

	/** Adds scripted model turns for later prompts. */
	script(...turns: ScriptedProviderEntry[]): void {
		this.parts.scripted.push(...turns);
	}

	/** Runs a tool as the user would (source "user"), through tool_call and tool_result like any call. */
	runTool(name: string, args: Record<string, unknown>): Promise<ToolResultMessage> {
		return this.session.runTool({ id: `harness_${++this.calls}`, name, args, source: "user" });
	}

	/** Runs a registered `/name` command with its argument text. */
	async command(name: string, args = ""): Promise<void> {
		const command = this.kernel.commands.get(name.replace(/^\//, ""));
		if (!command) {
			const known = this.kernel.commands.names();
			throw new Error(`no command "${name}" is registered (registered: ${known.join(", ") || "none"})`);
		}
		await command.handler(args, { cwd: this.cwd });
		await this.kernel.bus.idle();
	}

	/** A file in the project folder, or undefined when it does not exist. */
	readFile(path: string): string | undefined {
		return readTextIfExists(projectPath(this.cwd, path));
	}

	/** Shuts the session down, unloads the extensions and deletes the run's folders. Safe to call twice. */
	async dispose(): Promise<void> {
		if (this.disposed) return;
		this.disposed = true;
		await runAll(this.parts.cleanup);
	}
}

function splitExtensions(entries: readonly HarnessExtension[]): {
	inline: InlineExtension[];
	paths: string[];
} {
	const inline: InlineExtension[] = [];
	const paths: string[] = [];
	for (const [index, entry] of entries.entries()) {
		if (typeof entry === "string") paths.push(resolve(entry));
		else if (entry instanceof URL) paths.push(fileURLToPath(entry));
		else if (typeof entry === "function")
			inline.push({ name: inlineName(entry.name, index), extension: entry });
		else if ("extension" in entry && typeof entry.name === "string") inline.push(entry as InlineExtension);
		else inline.push({ name: inlineName((entry as MuPlugin).name, index), extension: entry as MuPlugin });
	}
	return { inline, paths };
}

/** A function's or plugin's own name, else `extension-N` (anonymous and `export default function` factories). */
function inlineName(name: unknown, index: number): string {
	return typeof name === "string" && name !== "" && name !== "default" ? name : `extension-${index + 1}`;
}

function rawFlags(flags: RunExtensionsOptions["flags"]) {
	return Object.entries(flags ?? {}).map(([name, value]) => ({
		name,
		value: value === true ? undefined : String(value),
	}));
}

function checkLoaded(host: ExtensionHost, allowFailure: boolean): void {
	if (allowFailure) return;
	const failed = host.list().filter((r) => r.status === "failed" || r.status === "shadowed");
	if (failed.length === 0) return;
	const lines = failed.map((r) => `  ${r.name} (${r.source}): ${r.status}: ${r.reason}`);
	throw new Error(
		`extension(s) did not load (pass allowLoadFailure: true to test that):\n${lines.join("\n")}`,
	);
}

function checkFlags(host: ExtensionHost, flags: RunExtensionsOptions["flags"]): void {
	const known = host.flagSpecs().map((f) => f.name);
	const unknown = Object.keys(flags ?? {}).filter((name) => !known.includes(name));
	if (unknown.length === 0) return;
	throw new Error(
		`flag(s) ${unknown.map((n) => `--${n}`).join(", ")} are not registered by any extension (registered: ${known.map((n) => `--${n}`).join(", ") || "none"})`,
	);
}

/** The scripted provider, calling before_provider_request handlers and recording each request. */
function recording(scripted: ScriptedProvider, requests: ModelRequest[]): Provider {
	return {
		name: scripted.name,
		models: scripted.models,
		async *stream(request) {
			const { systemPrompt, messages, tools } = request;
			const body = { model: request.model.id, systemPrompt, messages, tools };
			const payload = request.onPayload ? await request.onPayload(body) : body;
			requests.push({ systemPrompt, messages, tools, payload });
			yield* scripted.stream(request);
		},
	};
}

function projectPath(cwd: string, path: string): string {
	const full = resolve(cwd, path);
	if (relative(cwd, full).startsWith("..")) throw new Error(`"${path}" is outside the project folder`);
	return full;
}

function writeProjectFile(cwd: string, path: string, content: string): void {
	const full = projectPath(cwd, path);
	mkdirSync(dirname(full), { recursive: true });
	writeFileSync(full, content);
}

/** Runs every cleanup step even when one fails; the first failure is rethrown. */
async function runAll(steps: Array<() => unknown>): Promise<void> {
	let failure: unknown;
	for (const step of steps.splice(0)) {
		try {
			await step();
		} catch (error) {
			failure ??= error;
		}
	}
	if (failure) throw failure;
}
