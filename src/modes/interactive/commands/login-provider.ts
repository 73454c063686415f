/**
 * `/login <provider>` for a provider with its own login (an extension's
 * `oauth`): the extension's login runs with callbacks drawn by weft's UI —
 * the page to open printed and copied to the clipboard, device codes and
 * progress as notices, questions as input dialogs (Esc cancels the login) —
 * and what it returns is saved in auth.json beside the API keys.
 */
import { saveLogin } from "../../../ai/login-credentials.js";
import { authPath, displayPath } from "../../../base/paths.js";
import type { LoginCallbacks, ProviderLogin } from "../../../kernel/provider-login.js";
import type { InteractiveServices } from "../services.js";
import { errorText } from "./arguments.js";

/** Registered providers that bring a login, by name. */
export function providersWithLogin(services: InteractiveServices): Map<string, ProviderLogin> {
	const found = new Map<string, ProviderLogin>();
	for (const { name, value } of services.kernel.providers.list()) {
		if (value.login) found.set(name, value.login);
	}
	return found;
}

class LoginCancelled extends Error {
	constructor() {
		super("login cancelled");
	}
}

/** Resolves true once the login is saved. */
export async function loginWithProvider(
	services: InteractiveServices,
	provider: string,
	login: ProviderLogin,
): Promise<boolean> {
	const { ui } = services;
	const cancel = new AbortController();
	const callbacks: LoginCallbacks = {
		onAuth({ url, instructions }) {
			// Printed whole (a notice would shorten a long URL) and put on the clipboard: weft opens no browser.
			const text = `Open this page to log in:\n${url}${instructions ? `\n${instructions}` : ""}`;
			ui.print({ kind: "info", title: `/login ${provider}: ${login.name}`, text });
			void services
				.copyToClipboard(url)
				.then((how) => ui.notify(`The page's address was ${how}`, "info"))
				.catch(() => undefined);
		},
		onDeviceCode({ userCode, verificationUri }) {
			ui.notify(`Enter the code ${userCode} at ${verificationUri}`, "info");
		},
		async onPrompt({ message, placeholder, allowEmpty }) {
			const answer = await ui.input(message, { placeholder, signal: cancel.signal });
			if (answer === undefined || (!allowEmpty && answer.trim() === "")) {
				cancel.abort();
				throw new LoginCancelled();
			}
			return answer.trim();
		},
		onProgress(message) {
			ui.notify(message, "info");
		},
		signal: cancel.signal,
	};
	let credentials: unknown;
	try {
		credentials = await login.login(callbacks);
	} catch (error) {
		if (cancel.signal.aborted) ui.notify(`/login ${provider}: cancelled; nothing was saved`, "info");
		else ui.notify(`/login ${provider}: the login failed: ${errorText(error)}`, "error");
		return false;
	}
	try {
		saveLogin(services.home, provider, credentials);
	} catch (error) {
		ui.notify(`/login ${provider}: the login could not be saved: ${errorText(error)}`, "error");
		return false;
	}
	ui.notify(`Logged in to ${login.name}; saved in ${displayPath(authPath(services.home))}`, "success");
	return true;
}
