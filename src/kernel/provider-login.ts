/**
 * A provider's own login (OAuth, SSO, a device code): an extension that
 * registers a provider may give it one, and `/login <provider>` runs it.
 * The shape is pi's `registerProvider(…, { oauth })`, so pi's providers
 * carry theirs over unchanged.
 */

/** What a login returns and a refresh renews; kept in auth.json as given (extra fields included). */
export interface LoginCredentials {
	/** Token for refreshToken(). */
	refresh: string;
	/** Token getApiKey() usually returns. */
	access: string;
	/** When `access` stops working, in milliseconds since the epoch. */
	expires: number;
	[field: string]: unknown;
}

/** How the login talks to the user; weft's UI draws each. */
export interface LoginCallbacks {
	/** A page to open in the browser (shown, with the instructions). */
	onAuth(info: { url: string; instructions?: string }): void;
	/** A device-authorization code to enter at a URL. */
	onDeviceCode(info: { userCode: string; verificationUri: string }): void;
	/** Asks the user for text (a pasted code); rejects when the user cancels. */
	onPrompt(prompt: { message: string; placeholder?: string; allowEmpty?: boolean }): Promise<string>;
	/** A line saying what the login is doing now. */
	onProgress(message: string): void;
	/** Aborted when the user cancels the login. */
	signal: AbortSignal;
}

export interface ProviderLogin {
	/** Shown in /login's list, e.g. "Corporate AI (SSO)". */
	name: string;
	login(callbacks: LoginCallbacks): Promise<LoginCredentials>;
	/** Called once `expires` has passed; returns the renewed credentials. */
	refreshToken(credentials: LoginCredentials): Promise<LoginCredentials>;
	/** The key each request is sent with. */
	getApiKey(credentials: LoginCredentials): string;
}
