/**
 * context-injection — tells the model where it is before it starts, and
 * keeps it to reading when you ask for that.
 *
 * Shows: `before_agent_start` adding a message (`inject`: the git branch and
 * changed files, gathered with `weft.exec`) and extending the system prompt;
 * the `context` event narrowing the tools the model is offered; a boolean flag.
 *
 * Try:  weft -e examples/extensions/context-injection --read-only -p "what changed on this branch?"
 */
import type { ExtensionAPI } from "weft";

const READ_TOOLS = ["read", "grep", "find", "ls"];
const MAX_CHANGES = 20;

const READ_ONLY_PROMPT =
	"Read-only mode: you can read and search files but not change them or run commands. " +
	"If a change is needed, describe it for the user instead.";

/** "Git: on branch main, 2 changed files: …", or undefined outside a git repository. */
async function gitSummary(weft: ExtensionAPI): Promise<string | undefined> {
	const options = { timeoutMs: 2_000 };
	const branch = await weft
		.exec("git", ["rev-parse", "--abbrev-ref", "HEAD"], options)
		.catch(() => undefined);
	if (branch?.code !== 0) return undefined;
	const status = await weft.exec("git", ["status", "--short"], options);
	const changes = status.stdout.split("\n").filter(Boolean);
	const listed = changes.slice(0, MAX_CHANGES).join("\n");
	const more = changes.length > MAX_CHANGES ? `\n… and ${changes.length - MAX_CHANGES} more` : "";
	const summary =
		changes.length === 0 ? "no uncommitted changes" : `${changes.length} changed file(s):\n${listed}${more}`;
	return `Git: on branch ${branch.stdout.trim()}, ${summary}`;
}

export default function contextInjection(weft: ExtensionAPI) {
	weft.registerFlag("read-only", {
		description: `Only let the model read: its tools are narrowed to ${READ_TOOLS.join(", ")}`,
		type: "boolean",
		default: false,
	});
	const readOnly = () => weft.getFlag("read-only") === true;

	weft.on("before_agent_start", async (event) => ({
		inject: await gitSummary(weft),
		systemPrompt: readOnly() ? `${event.systemPrompt}\n\n${READ_ONLY_PROMPT}` : undefined,
	}));

	// Before every model call: a tool left out here is not offered, and a call to it is refused.
	weft.on("context", () => (readOnly() ? { tools: READ_TOOLS } : undefined));
}
