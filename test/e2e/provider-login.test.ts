/**
 * A provider's own login (pi's `registerProvider(…, { oauth })`), through
 * the real binary against the mock LLM: `/login corp` in the terminal UI
 * (tmux) shows the login's page, asks its question in an input dialog and
 * saves what the login returned in auth.json; `-p` then sends getApiKey's
 * key; an expired login is refreshed once and saved; without a login `-p`
 * fails naming /login. Two providers share the login: one in the settings
 * shape (weft's adapter), one with its own streamSimple (delegating to
 * pi-ai's streamSimpleOpenAICompletions).
 */
import { existsSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { MockLlm } from "../../src/testing/mock-llm/index.js";
import { TmuxSession, tmuxMissingReason } from "../support/tmux.js";
import { runWeft, type Sandbox, WEFT_BIN, withMockSandbox } from "../support/weft-cli.js";

let sandbox: Sandbox;
let llm: MockLlm;

withMockSandbox(
	(made, started) => {
		sandbox = made;
		llm = started;
	},
	{ defaultProvider: "mock", defaultModel: "mock-model" },
);

const refreshLog = () => join(sandbox.home, "..", "refreshes.log");
const authFile = () => join(sandbox.home, "auth.json");
const auth = () => JSON.parse(readFileSync(authFile(), "utf8"));

function corpExtension(): string {
	const url = llm.baseUrlFor("openai-completions");
	return sandbox.write(
		join(sandbox.home, "..", "pi-exts", "corp.ts"),
		`import { appendFileSync } from "node:fs";
import { streamSimpleOpenAICompletions, type OAuthCredentials, type OAuthLoginCallbacks } from "@mariozechner/pi-ai";
import type { ExtensionAPI } from "@mariozechner/pi-coding-agent";

const models = [{ id: "m1", name: "M1", reasoning: false, input: ["text"], cost: { input: 1, output: 1, cacheRead: 0, cacheWrite: 0 }, contextWindow: 100000, maxTokens: 2048 }];
const oauth = {
	name: "Corp SSO",
	async login(callbacks: OAuthLoginCallbacks): Promise<OAuthCredentials> {
		callbacks.onAuth({ url: "https://sso.corp.invalid/authorize?client=weft" });
		const code = await callbacks.onPrompt({ message: "Paste the authorization code:" });
		callbacks.onProgress?.("Exchanging the code…");
		return { access: "acc-" + code, refresh: "ref-" + code, expires: Date.now() + 3600000 };
	},
	async refreshToken(credentials: OAuthCredentials): Promise<OAuthCredentials> {
		appendFileSync(${JSON.stringify(refreshLog())}, "refresh " + credentials.refresh + "\\n");
		return { refresh: credentials.refresh, access: "renewed", expires: Date.now() + 3600000 };
	},
	getApiKey: (credentials: OAuthCredentials) => credentials.access,
};

export default function (pi: ExtensionAPI) {
	pi.registerProvider("corp", { baseUrl: ${JSON.stringify(url)}, api: "openai-completions", models, oauth });
	pi.registerProvider("corp-own", {
		baseUrl: "https://gateway.invalid",
		api: "corp-api",
		apiKey: "CORP_TOKEN",
		models,
		oauth,
		streamSimple: (model: any, context: any, options: any) =>
			streamSimpleOpenAICompletions({ ...model, baseUrl: ${JSON.stringify(url)} }, context, options),
	});
}
`,
	);
}

describe("a pi provider's oauth login", () => {
	it("-p without a login fails naming /login; with one it sends getApiKey's key; an expired one is refreshed once and saved", async () => {
		const ext = corpExtension();
		for (const provider of ["corp", "corp-own"]) {
			const result = await runWeft(sandbox, [
				"-p",
				"--no-session",
				"-e",
				ext,
				"--model",
				`${provider}/m1`,
				"hi",
			]);
			expect(result.code).not.toBe(0);
			expect(result.stderr).toContain(
				`provider "${provider}" needs a login: type /login ${provider} in weft's terminal UI`,
			);
		}
		expect(llm.requests).toHaveLength(0);

		const login = (access: string, expires: number) => ({ type: "oauth", access, refresh: "ref-1", expires });
		writeFileSync(
			authFile(),
			JSON.stringify({ corp: login("acc-1", Date.now() + 3600000), "corp-own": login("acc-2", 1) }),
			{ mode: 0o600 },
		);
		llm.push({ text: "Hello from corp." }, { text: "Hello again." }, { text: "Third." });
		for (const [provider, answer] of [
			["corp", "Hello from corp."],
			["corp-own", "Hello again."],
			["corp-own", "Third."],
		]) {
			const result = await runWeft(sandbox, [
				"-p",
				"--no-session",
				"-e",
				ext,
				"--model",
				`${provider}/m1`,
				"hi",
			]);
			expect(result.stderr).toBe("");
			expect(result.stdout).toBe(`${answer}\n`);
		}
		expect(llm.requests.map((r) => r.headers.authorization)).toEqual([
			"Bearer acc-1",
			"Bearer renewed",
			"Bearer renewed",
		]);
		// Refreshed once (the second run found the renewed login), saved at 0600 beside the other.
		expect(readFileSync(refreshLog(), "utf8")).toBe("refresh ref-1\n");
		expect(auth()["corp-own"]).toMatchObject({ type: "oauth", access: "renewed", refresh: "ref-1" });
		expect(auth()["corp-own"].expires).toBeGreaterThan(Date.now());
		expect(auth().corp.access).toBe("acc-1");
		expect(statSync(authFile()).mode & 0o777).toBe(0o600);
	});

	it("a failed refresh fails the request telling the user to log in again", async () => {
		const ext = corpExtension();
		writeFileSync(
			ext,
			readFileSync(ext, "utf8").replace(
				"appendFileSync(",
				'throw new Error("invalid_grant"); appendFileSync(',
			),
		);
		writeFileSync(
			authFile(),
			JSON.stringify({ corp: { type: "oauth", access: "a", refresh: "r", expires: 1 } }),
		);
		const result = await runWeft(sandbox, ["-p", "--no-session", "-e", ext, "--model", "corp/m1", "hi"]);
		expect(result.code).not.toBe(0);
		expect(result.stderr).toContain(
			'provider "corp": the login for "corp" has expired and renewing it failed (invalid_grant); log in again with /login corp',
		);
		expect(llm.requests).toHaveLength(0);
	});

	const missing = tmuxMissingReason();
	describe.skipIf(missing !== undefined)(
		`in the terminal UI${missing ? ` (skipped: ${missing})` : ""}`,
		() => {
			let tmux: TmuxSession | undefined;
			afterEach(async () => {
				await tmux?.kill();
				tmux = undefined;
			});

			it("/login corp shows the page, asks the code in a dialog and saves the login; /logout removes it", async () => {
				const ext = corpExtension();
				tmux = await TmuxSession.start({
					command: `'${process.execPath}' '${WEFT_BIN}' -e '${ext}'; sleep 30`,
					cwd: sandbox.cwd,
					env: sandbox.env,
					width: 80,
					height: 24,
				});
				await tmux.waitFor("Ask anything");
				await tmux.sendText("/login corp");
				await tmux.waitFor("> /login corp");
				await tmux.sendKeys("Enter");
				await tmux.waitFor("Paste the authorization code:");
				await tmux.waitFor("https://sso.corp.invalid/authorize?client=weft", {
					scrollback: true,
					joinWrapped: true,
				});
				await tmux.sendText("xyz");
				await tmux.sendKeys("Enter");
				await tmux.waitFor("Logged in to Corp SSO");
				expect(auth().corp).toMatchObject({ type: "oauth", access: "acc-xyz", refresh: "ref-xyz" });
				expect(statSync(authFile()).mode & 0o777).toBe(0o600);

				// Esc in the dialog cancels: nothing is saved.
				await tmux.sendText("/login corp-own");
				await tmux.waitFor("> /login corp-own");
				await tmux.sendKeys("Enter");
				await tmux.waitFor("Paste the authorization code:");
				await tmux.sendKeys("Escape");
				await tmux.waitFor("cancelled; nothing was saved");
				expect(auth()["corp-own"]).toBeUndefined();

				await tmux.sendText("/logout corp");
				await tmux.waitFor("> /logout corp");
				await tmux.sendKeys("Enter");
				await tmux.waitFor("Removed what was stored for corp");
				expect(auth()).toEqual({});
			});
		},
	);
});

afterEach(() => {
	if (existsSync(refreshLog())) rmSync(refreshLog());
});
