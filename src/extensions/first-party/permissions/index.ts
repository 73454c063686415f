/**
 * The permissions extension (first-party): settings `permissions` decide
 * every tool call through the `tool_call` gate — the model's, the user's
 * `!command`s, an extension's and a sub-agent's alike. Built only on the
 * public extension API; `disabledExtensions: ["permissions"]` turns it off.
 * It loads only where a settings file has a `permissions` key, so weft
 * without one behaves as before. The mode shows in the status line and is
 * changed with `/permissions <mode>` or Alt+M (for this session).
 */
import { errorMessage } from "../../../base/error-message.js";
import { displayPath, globalSettingsPath } from "../../../base/paths.js";
import { isTrusted } from "../../trust.js";
import type { ExtensionAPI, ExtensionContext } from "../../types.js";
import type { FirstPartyOptions } from "../factories.js";
import { warn } from "../loading.js";
import { askUser } from "./ask.js";
import { decide } from "./decide.js";
import { DecisionLog } from "./decision-log.js";
import { loadPolicy, MODES, type PermissionMode } from "./policy.js";
import { rememberAllow } from "./remember.js";
import type { Rule } from "./rules.js";

/** The modes Alt+M steps through; bypassPermissions only by name, so a stray key never turns the rules off. */
const CYCLE: readonly PermissionMode[] = ["default", "acceptEdits", "plan"];
const CYCLE_KEY = "alt+m";
/** Last in the gate, so the rules judge the arguments as other extensions left them, the ones that will run. */
const GATE_PRIORITY = -1000;

export function permissionsExtension(options: FirstPartyOptions) {
	return (weft: ExtensionAPI): void => {
		const policy = loadPolicy({
			cwd: weft.cwd,
			home: options.home,
			projectTrusted: isTrusted(options.home, weft.cwd),
		});
		for (const line of [...policy.problems, ...policy.heldBack]) warn(weft, line);
		if (!policy.configured) return;
		const settingsFile = globalSettingsPath(options.home);
		let mode = policy.mode;
		/** "Yes" answers for the session (and saved ones, already in the file, read again at the next start). */
		const sessionRules: Rule[] = [];
		const decisions = new DecisionLog();
		const showMode = () => weft.ui.setStatus("permissions", `permissions: ${mode}`);
		const setMode = (next: PermissionMode, ctx: ExtensionContext) => {
			mode = next;
			showMode();
			ctx.ui.notify(`Permission mode: ${next}`, "info");
			weft.log(`mode set to ${next}`, "info");
		};
		showMode();
		weft.on("session_start", showMode);

		weft.on(
			"tool_call",
			async (event, ctx) => {
				const decision = decide(event, [...policy.rules, ...sessionRules], mode, weft.cwd);
				const asked = decision.verdict === "ask";
				const record = (verdict: "allow" | "deny", why: string) => {
					decisions.add({ tool: event.name, source: event.source, verdict, asked, why });
					weft.log(`${verdict} ${event.name} (${event.source}): ${why}`, "info");
				};
				if (decision.verdict === "allow") return record("allow", decision.reason);
				if (decision.verdict === "deny") {
					record("deny", decision.reason);
					return { block: true, reason: decision.reason };
				}
				if (!ctx.hasUI) {
					const reason = `${decision.reason}, and there is no one to ask in ${ctx.mode} mode; the user can allow it with a permissions.allow rule in settings`;
					record("deny", reason);
					return { block: true, reason };
				}
				const answer = await askUser(ctx, event, decision, { cwd: weft.cwd, settingsFile });
				if (answer.verdict === "deny") {
					record("deny", "the user said no");
					return { block: true, reason: "the user declined this tool call; ask them how to go on" };
				}
				if (answer.always) {
					sessionRules.push(answer.always);
					if (!answer.remember) ctx.ui.notify(`Allowed ${answer.always.text} for this session`, "info");
				}
				if (answer.always && answer.remember) {
					try {
						rememberAllow(settingsFile, answer.always.text);
						ctx.ui.notify(`Saved ${answer.always.text} in ${displayPath(settingsFile)}`, "info");
					} catch (error) {
						ctx.ui.notify(
							`Allowed ${answer.always.text} for this session only: ${errorMessage(error)}`,
							"warning",
						);
					}
				}
				const how = answer.remember ? "always" : answer.always ? "for this session" : "once";
				record("allow", `the user allowed ${answer.always?.text ?? "it"} ${how}`);
			},
			{ priority: GATE_PRIORITY },
		);

		weft.registerCommand("permissions", {
			description: "Show the permission mode, rules and decisions; /permissions <mode> changes the mode",
			argumentHint: `[${MODES.join("|")}]`,
			handler: (args, ctx) => {
				const wanted = args.trim();
				if (wanted === "") {
					ctx.ui.print({
						kind: "info",
						title: "Permissions",
						text: summary(mode, policy.rules, sessionRules, decisions),
					});
					return;
				}
				const next = MODES.find((m) => m.toLowerCase() === wanted.toLowerCase());
				if (!next) throw new Error(`"${wanted}" is not a permission mode; use one of ${MODES.join(", ")}`);
				setMode(next, ctx);
			},
		});

		weft.registerShortcut(CYCLE_KEY, {
			description: "Next permission mode (default → acceptEdits → plan)",
			handler: (ctx) => setMode(CYCLE[(CYCLE.indexOf(mode) + 1) % CYCLE.length] as PermissionMode, ctx),
		});
	};
}

function summary(
	mode: PermissionMode,
	rules: readonly Rule[],
	sessionRules: readonly Rule[],
	decisions: DecisionLog,
): string {
	const lines = [`mode       ${mode} (change with /permissions <mode> or Alt+M)`];
	for (const kind of ["deny", "ask", "allow"] as const) {
		const own = rules.filter((r) => r.kind === kind).map((r) => r.text);
		if (kind === "allow") own.push(...sessionRules.map((r) => `${r.text} (this session)`));
		if (own.length > 0) lines.push(`${kind.padEnd(10)} ${own.join(", ")}`);
	}
	lines.push(`decisions  ${decisions.counts()}`);
	for (const d of decisions.recent())
		lines.push(`  ${d.verdict.padEnd(6)} ${d.tool} (${d.source}): ${d.why}`);
	return lines.join("\n");
}
