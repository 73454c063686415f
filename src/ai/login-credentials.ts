/**
 * Keys from a provider's own login (an extension's `oauth`): the stored
 * credentials, renewed with the login's refreshToken once they have expired
 * and saved again, so the next run starts from the renewed ones.
 */
import { errorMessage } from "../base/error-message.js";
import { authPath, displayPath } from "../base/paths.js";
import type { LoginCredentials, ProviderLogin } from "../kernel/provider-login.js";
import { type LoginEntry, readAuth, writeAuthEntry } from "./auth-store.js";

export interface LoginKeyOptions {
	home: string;
	/** Milliseconds since the epoch; injected by tests. */
	now?: () => number;
}

/**
 * The stored login for `provider`, if the user logged in. An entry without
 * an access token and expiry (written by another tool) counts as no login,
 * so the user is told to log in rather than the request failing obscurely.
 */
export function storedLogin(home: string, provider: string): LoginCredentials | undefined {
	const entry = readAuth(home)[provider];
	if (entry?.type !== "oauth" || typeof entry.access !== "string" || typeof entry.expires !== "number")
		return undefined;
	const { type: _type, ...credentials } = entry as LoginEntry;
	return credentials;
}

/** Saves what a login (or refresh) returned; refuses a shape the next request could not use. */
export function saveLogin(home: string, provider: string, credentials: unknown): LoginCredentials {
	const c = credentials as Partial<LoginCredentials> | undefined;
	if (
		typeof c !== "object" ||
		c === null ||
		typeof c.access !== "string" ||
		typeof c.refresh !== "string" ||
		typeof c.expires !== "number" ||
		!Number.isFinite(c.expires)
	) {
		throw new Error(
			`the login for "${provider}" returned ${JSON.stringify(credentials) ?? "nothing"}; expected { access, refresh, expires } (expires in milliseconds since the epoch)`,
		);
	}
	writeAuthEntry(home, provider, { ...c, type: "oauth" } as LoginEntry);
	return c as LoginCredentials;
}

/** Refreshes under way, by auth file and provider: concurrent requests share one. */
const refreshing = new Map<string, Promise<LoginCredentials>>();

/**
 * The key a request is sent with, or undefined when the user has not logged
 * in. Expired credentials are refreshed first (once, however many requests
 * ask at the same time) and saved; a failed refresh says to log in again.
 */
export async function loginKey(
	provider: string,
	login: ProviderLogin,
	options: LoginKeyOptions,
): Promise<string | undefined> {
	const now = options.now ?? Date.now;
	let credentials = storedLogin(options.home, provider);
	if (!credentials) return undefined;
	if (credentials.expires <= now()) {
		const id = `${authPath(options.home)}\0${provider}`;
		let pending = refreshing.get(id);
		if (!pending) {
			pending = refresh(provider, login, credentials, options.home, now).finally(() => refreshing.delete(id));
			refreshing.set(id, pending);
		}
		credentials = await pending;
	}
	const key = login.getApiKey(credentials);
	if (typeof key !== "string" || key === "") {
		throw new Error(`the login for "${provider}" gave no key (getApiKey returned ${JSON.stringify(key)})`);
	}
	return key;
}

async function refresh(
	provider: string,
	login: ProviderLogin,
	expired: LoginCredentials,
	home: string,
	now: () => number,
): Promise<LoginCredentials> {
	// Another weft may have renewed it since it was read: a refresh token is often good for one use only.
	const current = storedLogin(home, provider);
	if (current && current.expires > now()) return current;
	let renewed: unknown;
	try {
		renewed = await login.refreshToken(expired);
	} catch (error) {
		throw new Error(
			`the login for "${provider}" has expired and renewing it failed (${errorMessage(error)}); log in again with /login ${provider}`,
		);
	}
	try {
		return saveLogin(home, provider, renewed);
	} catch (error) {
		throw new Error(
			`the login for "${provider}" was renewed but could not be saved in ${displayPath(authPath(home))}: ${errorMessage(error)}`,
		);
	}
}
