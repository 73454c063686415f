/**
 * A first run without a model provider. Instead of ending with the setup
 * screen `-p` prints, the terminal UI opens with a setup view, keeps the
 * composer usable (a prompt is answered with how to get a provider, commands
 * that need no session still run), and starts the session as soon as
 * `/login` has tested and saved a key.
 */
import { setupViewText } from "../../ai/setup-help.js";
import type { Kernel } from "../../kernel/kernel.js";
import { BUILTIN_OWNER } from "../../kernel/owner.js";
import type { UIPort } from "../../kernel/ui-port.js";
import { errorText } from "./commands/arguments.js";
import { type KeyTester, testApiKey } from "./commands/key-test.js";
import { loginCommand } from "./commands/login.js";
import { runUserCommand } from "./run-command.js";
import type { InteractiveServices } from "./services.js";

/** weft's own commands that work before there is a session; the others need one. */
const SESSIONLESS = new Set(["help", "login", "logout", "quit", "exit", "trust", "ext", "reload"]);

export interface ProviderSetupOptions {
	kernel: Kernel;
	ui: UIPort;
	services: InteractiveServices;
	cwd: string;
	home: string;
	/** Starts the session with the provider and model a key was just saved and tested for. */
	start(choice: { provider: string; model: string }): Promise<void>;
	testKey?: KeyTester;
}

export class ProviderSetup {
	/** True from the setup view until a session has started. */
	active = false;
	private readonly login;

	constructor(private readonly options: ProviderSetupOptions) {
		this.login = loginCommand(options.services, options.testKey ?? testApiKey, ({ provider, model }) =>
			this.started(provider, model.id),
		);
	}

	/** Shows the setup view in the transcript. */
	open(): void {
		this.active = true;
		this.options.ui.print({
			kind: "info",
			title: "Set up a model provider",
			text: setupViewText({ home: this.options.home }),
		});
	}

	/** What the composer sends while there is no session. */
	submit(text: string): void {
		const { kernel, ui, cwd, services } = this.options;
		const match = /^\/([\w:.-]+)(?:\s+([\s\S]*))?$/.exec(text.trim());
		const name = match?.[1];
		if (name === "login") {
			// This /login also starts the session once the key is saved.
			Promise.resolve()
				.then(() => this.login.handler((match?.[2] ?? "").trim(), { cwd, ui, services }))
				.catch((error: unknown) => ui.notify(`/login failed: ${errorText(error)}`, "error"));
			return;
		}
		const builtin = name !== undefined && kernel.commands.ownerOf(name) === BUILTIN_OWNER;
		if (name !== undefined && (!builtin || SESSIONLESS.has(name))) {
			if (runUserCommand(kernel, text, { cwd, ui, services })) return;
		}
		const what = builtin
			? `/${name} needs a model provider`
			: "Nothing was sent: there is no model provider yet";
		ui.notify(
			`${what}. Type /login to add an API key, or set one (ANTHROPIC_API_KEY, OPENAI_API_KEY, GEMINI_API_KEY, …) and start weft again.`,
			"warning",
		);
	}

	private async started(provider: string, model: string): Promise<void> {
		if (!this.active) return;
		try {
			await this.options.start({ provider, model });
		} catch (error) {
			this.options.ui.notify(`The key is saved, but the session did not start: ${errorText(error)}`, "error");
			return;
		}
		this.active = false;
		this.options.ui.notify(`Ready: talking to ${provider}/${model}`, "success");
	}
}
