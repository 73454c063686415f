/**
 * A fake of the interactive mode for the built-in command tests: a real
 * kernel with the commands registered, a scripted user answering dialogs
 * from a queue, and records of what the commands asked the app to do.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { AgentSession } from "../../src/agent/session.js";
import type { Settings } from "../../src/ai/settings.js";
import type { ExtensionHost } from "../../src/extensions/host.js";
import { Kernel } from "../../src/kernel/kernel.js";
import type { Message } from "../../src/kernel/messages.js";
import type { ModelInfo, ThinkingLevel } from "../../src/kernel/provider.js";
import {
	type DialogOptions,
	type NotifyLevel,
	type PrintBlock,
	type SelectItem,
	type UIPort,
	UndrawnAppearance,
	type WidgetSpec,
} from "../../src/kernel/ui-port.js";
import { registerBuiltinCommands } from "../../src/modes/interactive/commands/index.js";
import type { InteractiveServices } from "../../src/modes/interactive/services.js";

export type DialogKind = "select" | "confirm" | "input";

export interface Dialog {
	kind: DialogKind;
	title: string;
	items?: SelectItem[];
	message?: string;
	placeholder?: string;
}

type ScriptedAnswer = { kind: DialogKind; value: string | boolean | undefined };

/** A user who answers each dialog with the next scripted answer; an unscripted dialog fails the test. */
export class ScriptedUser extends UndrawnAppearance implements UIPort {
	readonly interactive = true;
	readonly notes: Array<{ message: string; level: NotifyLevel }> = [];
	readonly printed: PrintBlock[] = [];
	readonly dialogs: Dialog[] = [];
	private readonly answers: ScriptedAnswer[] = [];

	/** Picks `value` (undefined: cancels) in the next select. */
	selects(value: string | undefined): this {
		this.answers.push({ kind: "select", value });
		return this;
	}
	confirms(value: boolean): this {
		this.answers.push({ kind: "confirm", value });
		return this;
	}
	types(value: string | undefined): this {
		this.answers.push({ kind: "input", value });
		return this;
	}
	unanswered(): number {
		return this.answers.length;
	}
	notesAt(level: NotifyLevel): string[] {
		return this.notes.filter((n) => n.level === level).map((n) => n.message);
	}

	notify(message: string, level: NotifyLevel = "info"): void {
		this.notes.push({ message, level });
	}
	print(block: PrintBlock): void {
		this.printed.push(block);
	}
	async select(title: string, items: ReadonlyArray<string | SelectItem>): Promise<string | undefined> {
		const offered = items.map((item) => (typeof item === "string" ? { value: item } : item));
		this.dialogs.push({ kind: "select", title, items: offered });
		const value = this.next("select", title) as string | undefined;
		if (value !== undefined && !offered.some((item) => item.value === value)) {
			throw new Error(`scripted answer "${value}" is not offered by "${title}"`);
		}
		return value;
	}
	async multiSelect(title: string): Promise<string[] | undefined> {
		throw new Error(`unexpected multiSelect "${title}"`);
	}
	async confirm(title: string, message?: string): Promise<boolean> {
		this.dialogs.push({ kind: "confirm", title, message });
		return this.next("confirm", title) === true;
	}
	async input(
		title: string,
		options?: DialogOptions & { placeholder?: string },
	): Promise<string | undefined> {
		this.dialogs.push({ kind: "input", title, placeholder: options?.placeholder });
		return this.next("input", title) as string | undefined;
	}
	async editor(title: string): Promise<string | undefined> {
		throw new Error(`unexpected editor "${title}"`);
	}
	setStatus(_id: string, _text: string | undefined): void {}
	setWidget(_spec: WidgetSpec): void {}
	removeWidget(_id: string): void {}
	setHeader(_lines: string[] | undefined): void {}
	setFooter(_lines: string[] | undefined): void {}
	setTitle(_title: string): void {}

	private next(kind: DialogKind, title: string): string | boolean | undefined {
		const answer = this.answers.shift();
		if (!answer) throw new Error(`unscripted ${kind} dialog "${title}"`);
		if (answer.kind !== kind) throw new Error(`expected a ${answer.kind} dialog, got ${kind} "${title}"`);
		return answer.value;
	}
}

export const MODEL: ModelInfo = {
	id: "claude-sonnet-4-6",
	provider: "anthropic",
	api: "anthropic-messages",
	name: "Claude Sonnet 4.6",
	contextWindow: 1_000_000,
	maxOutput: 64_000,
	cost: { input: 3, output: 15, cacheRead: 0.3, cacheWrite: 3.75 },
};

export interface FakeOptions {
	settings?: Settings;
	models?: ModelInfo[];
	messages?: Message[];
	sessionId?: string;
	host?: Partial<ExtensionHost>;
	/** Whether switchSession succeeds (false: an extension cancelled it). */
	switchAllowed?: boolean;
	env?: NodeJS.ProcessEnv;
}

export interface Fake {
	services: InteractiveServices;
	kernel: Kernel;
	user: ScriptedUser;
	home: string;
	cwd: string;
	model: ModelInfo;
	/** The thinking level `setThinking` last set. */
	thinking: ThinkingLevel;
	/** The id of the session in use. */
	sessionId: string;
	switches: Array<Parameters<InteractiveServices["switchSession"]>[0]>;
	copied: string[];
	counts: { reloads: number; settingsReloads: number; exits: number };
	/** Runs `/name args` as the composer would, waiting for the handler. */
	run(name: string, args?: string): Promise<void>;
	cleanup(): void;
}

export function fakeServices(options: FakeOptions = {}): Fake {
	const home = mkdtempSync(join(tmpdir(), "weft-cmd-home-"));
	const cwd = mkdtempSync(join(tmpdir(), "weft-cmd-cwd-"));
	const kernel = new Kernel();
	const user = new ScriptedUser();
	const switches: Fake["switches"] = [];
	const copied: string[] = [];
	const counts = { reloads: 0, settingsReloads: 0, exits: 0 };
	const settings = options.settings ?? {};
	const fake = {
		home,
		cwd,
		kernel,
		user,
		switches,
		copied,
		counts,
		model: MODEL,
		thinking: "off",
		sessionId: options.sessionId ?? "current-session",
	} as Fake;
	const session = {
		get id() {
			return fake.sessionId;
		},
		get model() {
			return fake.model;
		},
		get thinking() {
			return fake.thinking;
		},
		messages: options.messages ?? [],
	} as unknown as AgentSession;
	const services: InteractiveServices = {
		kernel,
		ui: user,
		cwd,
		home,
		env: options.env ?? {},
		settings: () => settings,
		reloadSettings: () => {
			counts.settingsReloads++;
			return settings;
		},
		session: () => session,
		models: () => options.models ?? [MODEL],
		setModel: (model) => {
			fake.model = model;
		},
		setThinking: (level) => {
			fake.thinking = level;
		},
		switchSession: async (target) => {
			if (options.switchAllowed === false) return false;
			switches.push(target);
			return true;
		},
		themeName: () => "dark",
		pickInTree: async () => undefined,
		setComposerText: () => {},
		host: options.host as ExtensionHost | undefined,
		reloadExtensions: async () => {
			counts.reloads++;
		},
		copyToClipboard: async (text) => {
			copied.push(text);
			return "copied (test clipboard)";
		},
		exit: () => {
			counts.exits++;
		},
	};
	fake.services = services;
	fake.run = async (name, args = "") => {
		const command = kernel.commands.get(name);
		if (!command) throw new Error(`/${name} is not registered`);
		await command.handler(args, { cwd, ui: user, services });
	};
	fake.cleanup = () => {
		rmSync(home, { recursive: true, force: true });
		rmSync(cwd, { recursive: true, force: true });
	};
	registerBuiltinCommands(services);
	return fake;
}
