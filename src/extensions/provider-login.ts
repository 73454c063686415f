/**
 * An extension provider with a login (`oauth` in registerProvider): each
 * request is sent with the key from the user's stored login, refreshed when
 * it has expired. Without a login the provider's other key (its `apiKey`
 * setting or variable) is used if it has one; otherwise the request fails
 * telling the user to run /login.
 */

import { loginKey, storedLogin } from "../ai/login-credentials.js";
import { errorMessage } from "../base/error-message.js";
import { type Provider, ProviderError, type ProviderRequest } from "../kernel/provider.js";
import type { ProviderLogin } from "../kernel/provider-login.js";

const SHAPE = "oauth must be { name, login(callbacks), refreshToken(credentials), getApiKey(credentials) }";

/** Throws naming what is missing; returns the login otherwise. */
export function checkLogin(provider: string, oauth: unknown): ProviderLogin {
	const login = oauth as Partial<ProviderLogin> | undefined;
	const missing = ["login", "refreshToken", "getApiKey"].filter(
		(key) => typeof login?.[key as keyof ProviderLogin] !== "function",
	);
	if (typeof login !== "object" || login === null || missing.length > 0) {
		throw new Error(
			`registerProvider("${provider}"): ${SHAPE}${missing.length > 0 ? ` (missing ${missing.join(", ")})` : ""}`,
		);
	}
	return {
		...(login as ProviderLogin),
		name: typeof login.name === "string" && login.name ? login.name : provider,
	};
}

export interface LoginKeys {
	home: string;
	now?: () => number;
}

/**
 * `provider` with its login: `withKey(key)` is the provider sending that key
 * (its settings shape rebuilt with it, or its own stream given `apiKey`).
 */
export function withLogin(
	provider: Provider,
	login: ProviderLogin,
	keys: LoginKeys,
	withKey: (key: string) => Provider,
): Provider {
	const name = provider.name;
	const needsLogin = (other: string | undefined) =>
		`provider "${name}" needs a login: type /login ${name} in weft's terminal UI${other ? ` (or give it a key: ${other})` : ""}`;
	// Another key counts only when the provider can say it has one; a bare stream cannot.
	const otherKeyProblem = () => (provider.keyProblem ? provider.keyProblem() : "it has no other key");
	return {
		...provider,
		login,
		keyProblem() {
			try {
				if (storedLogin(keys.home, name)) return undefined;
			} catch (error) {
				return errorMessage(error);
			}
			const other = otherKeyProblem();
			return other === undefined ? undefined : needsLogin(provider.keyProblem ? other : undefined);
		},
		async *stream(request: ProviderRequest) {
			let key: string | undefined;
			try {
				key = await loginKey(name, login, keys);
			} catch (error) {
				throw new ProviderError("auth", `provider "${name}": ${errorMessage(error)}`);
			}
			if (key !== undefined) {
				yield* withKey(key).stream({ ...request, apiKey: key });
				return;
			}
			const other = otherKeyProblem();
			if (other !== undefined)
				throw new ProviderError("auth", needsLogin(provider.keyProblem ? other : undefined));
			yield* provider.stream(request);
		},
	};
}
