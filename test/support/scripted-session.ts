/**
 * A real AgentSession on a scripted provider, in a temp folder: built-in
 * tools registered as weft registers them, the provider under the model's
 * provider name, no retries. Shared by the agent session tests.
 */
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { AgentSession, type SessionOptions } from "../../src/agent/session.js";
import { SessionStore } from "../../src/agent/session-store.js";
import { builtinTools } from "../../src/agent/tools/index.js";
import { Kernel } from "../../src/kernel/kernel.js";
import { type Message, textOf } from "../../src/kernel/messages.js";
import { BUILTIN_OWNER } from "../../src/kernel/owner.js";
import type { ModelInfo, Provider } from "../../src/kernel/provider.js";

export const SCRIPTED_MODEL: ModelInfo = {
	id: "scripted-model",
	provider: "scripted",
	api: "scripted",
	contextWindow: 200_000,
	maxOutput: 8192,
	cost: { input: 1, output: 2, cacheRead: 0, cacheWrite: 0 },
};

export interface ScriptedSessionOptions {
	provider: Provider;
	model?: ModelInfo;
	/** Temp folder name prefix; the folder is both cwd and weft home. */
	prefix: string;
	/** Receives the folder so the test can remove it afterwards. */
	dirs: string[];
	systemPrompt?: SessionOptions["systemPrompt"];
}

export function createScriptedSession(options: ScriptedSessionOptions): {
	kernel: Kernel;
	session: AgentSession;
	dir: string;
} {
	const model = options.model ?? SCRIPTED_MODEL;
	const dir = mkdtempSync(join(tmpdir(), options.prefix));
	options.dirs.push(dir);
	const kernel = new Kernel();
	for (const tool of builtinTools()) kernel.tools.register(tool.name, tool, BUILTIN_OWNER);
	kernel.providers.register(model.provider, options.provider, BUILTIN_OWNER);
	const session = new AgentSession({
		kernel,
		cwd: dir,
		mode: "sdk",
		model,
		store: SessionStore.create({ home: dir, cwd: dir, persist: true }),
		systemPrompt: options.systemPrompt ?? (() => "You are weft."),
		retry: { maxRetries: 0 },
	});
	return { kernel, session, dir };
}

/** The messages the session's file holds, in order; none before the file is written. */
export function savedMessages(session: AgentSession): Message[] {
	const file = session.store.file;
	if (!file || !existsSync(file)) return [];
	return readFileSync(file, "utf8")
		.trim()
		.split("\n")
		.slice(1)
		.map((line) => JSON.parse(line))
		.filter((entry) => entry.type === "message")
		.map((entry) => entry.message as Message);
}

/** A message's text: its string content, or its blocks' text; "" for no message. */
export function contentOf(message: Message | undefined): string {
	if (message === undefined) return "";
	return typeof message.content === "string" ? message.content : textOf(message.content);
}
