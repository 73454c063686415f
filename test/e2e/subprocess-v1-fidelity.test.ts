/**
 * Protocol v1 as the original agent speaks it, through the real `weft`
 * binary against the mock LLM, with throwaway extensions in bash: what
 * `hello_ack` says, where `data_dir` is, subscriptions as observers, the
 * `assistant_message` and `turn_end` events, block reasons, and a
 * `command_response` that carries an error. (Panels: test/tui/app/
 * interactive-panel.test.ts.)
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { MockLlm } from "../../src/testing/mock-llm/index.js";
import { mockProviderSettings, runWeft, type Sandbox, withMockSandbox } from "../support/weft-cli.js";

/** What every throwaway extension starts with: send a frame, record each frame it gets in its folder. */
const PRELUDE = `set -u
send() { printf '%s\\n' "$1"; }
id_of() { [[ $1 =~ \\"id\\":\\"([^\\"]*)\\" ]] && printf '%s' "\${BASH_REMATCH[1]}"; }
`;

/** A bash extension: `start` is sent first, then each line it receives is recorded and handed to `onLine`. */
function extension(root: string, name: string, start: string, onLine = ""): string {
	const dir = join(root, name);
	mkdirSync(dir, { recursive: true });
	writeFileSync(
		join(dir, "ext.sh"),
		`${PRELUDE}
send '{"type":"hello","name":"${name}","version":"1","capabilities":[]}'
${start}
send '{"type":"ready"}'
while IFS= read -r line; do
	printf '%s\\n' "$line" >> seen.jsonl
	case "$line" in
	*'"type":"shutdown"'*) exit 0 ;;
	esac
	${onLine}
done
`,
	);
	writeFileSync(join(dir, "extension.json"), JSON.stringify({ name, exec: "bash", args: ["ext.sh"] }));
	return dir;
}

function seen(dir: string): Array<Record<string, any>> {
	const file = join(dir, "seen.jsonl");
	if (!existsSync(file)) return [];
	return readFileSync(file, "utf8")
		.split("\n")
		.filter((l) => l.trim())
		.map((l) => JSON.parse(l));
}

/** stderr without the note a slow start on a busy machine adds. */
const quiet = (stderr: string) => stderr.replace(/weft: waiting for extension "[^"]+" to start…\n/g, "");

/** Blocks `rm -rf` with its own words, rewrites `echo one` to `echo two`. */
const GUARD_START = `send '{"type":"subscribe","events":[],"intercept":["tool_call"]}'`;
const GUARD_LINE = `case "$line" in
	*'"type":"event_intercept"'*'rm -rf'*)
		send "{\\"type\\":\\"event_intercept_response\\",\\"id\\":\\"$(id_of "$line")\\",\\"block\\":true,\\"reason\\":\\"destructive command refused\\"}" ;;
	*'"type":"event_intercept"'*'echo one'*)
		send "{\\"type\\":\\"event_intercept_response\\",\\"id\\":\\"$(id_of "$line")\\",\\"modified_args\\":{\\"command\\":\\"echo two\\"}}" ;;
	*'"type":"event_intercept"'*)
		send "{\\"type\\":\\"event_intercept_response\\",\\"id\\":\\"$(id_of "$line")\\",\\"block\\":false}" ;;
	esac`;

/** Observes the five v1 events and offers a `mark` tool. */
const AUDIT_START = `send '{"type":"register_tool","name":"mark","description":"Marks","schema":{"type":"object","properties":{}}}'
send '{"type":"subscribe","events":["turn_start","assistant_message","turn_end","tool_call"],"intercept":[]}'`;
const AUDIT_LINE = `case "$line" in
	*'"type":"tool_call"'*)
		send "{\\"type\\":\\"tool_result\\",\\"id\\":\\"$(id_of "$line")\\",\\"content\\":[{\\"type\\":\\"text\\",\\"text\\":\\"marked\\"}]}" ;;
	esac`;

describe("protocol v1 as the original agent speaks it", () => {
	let sandbox: Sandbox;
	let llm: MockLlm;

	withMockSandbox((made, started) => {
		sandbox = made;
		llm = started;
	});

	const extensions = () => join(sandbox.home, "extensions");

	it("hello_ack names the provider and model in effect, from the flags too", async () => {
		const base = llm.baseUrlFor("openai-completions");
		const settings = mockProviderSettings(base, "openai-completions");
		sandbox.settings({
			...settings,
			providers: {
				...settings.providers,
				other: { ...settings.providers.mock, models: [{ id: "other-model", contextWindow: 32768 }] },
			},
		});
		const dir = extension(extensions(), "ack", "");
		const ack = () =>
			seen(dir)
				.filter((f) => f.type === "hello_ack")
				.at(-1);
		const runs: Array<[string[], string, string]> = [
			[[], "mock", "mock-model"],
			[["--provider", "other", "--model", "other-model"], "other", "other-model"],
			[["--model", "other-model"], "other", "other-model"],
			[["--provider", "other"], "other", "other-model"],
		];
		for (const [flags, provider, model] of runs) {
			llm.push({ text: "ok" });
			const result = await runWeft(sandbox, ["-p", "hi", "--no-session", ...flags]);
			expect(quiet(result.stderr)).toBe("");
			expect(ack()).toMatchObject({ provider, model });
		}
	});

	it("data_dir is the extension's own folder: what it wrote there is there at the next start", async () => {
		// It counts its starts in data_dir before it says ready, so the run waits for the count.
		const dir = extension(
			extensions(),
			"memo",
			`IFS= read -r line
printf '%s\\n' "$line" >> seen.jsonl
[[ $line =~ \\"data_dir\\":\\"([^\\"]*)\\" ]] && data="\${BASH_REMATCH[1]}"
count=$(( $(cat "$data/count" 2>/dev/null || echo 0) + 1 ))
printf '%s\\n' "$count" > "$data/count"
send "{\\"type\\":\\"notify\\",\\"level\\":\\"info\\",\\"message\\":\\"count $count\\"}"`,
		);
		// What an earlier weft kept in ~/.weft/extension-data/memo/ moves into the folder.
		const former = join(sandbox.home, "extension-data", "memo");
		mkdirSync(former, { recursive: true });
		writeFileSync(join(former, "count"), "5\n");

		llm.push({ text: "one" }, { text: "two" });
		const first = await runWeft(sandbox, ["-p", "hi", "--no-session"]);
		expect(first.stderr).toContain("count 6");
		const second = await runWeft(sandbox, ["-p", "hi", "--no-session"]);
		expect(second.stderr).toContain("count 7");
		expect(seen(dir)[0]).toMatchObject({ type: "hello_ack", extension_dir: dir, data_dir: dir });
		expect(readFileSync(join(dir, "count"), "utf8")).toBe("7\n");
		expect(existsSync(former)).toBe(false);
	});

	for (const order of [
		["guard", "audit"],
		["audit", "guard"],
	]) {
		it(`every subscriber sees every tool_call as the model made it, blocked or rewritten (loaded ${order.join(", ")})`, async () => {
			const dirs: Record<string, string> = {
				guard: extension(sandbox.cwd, "guard", GUARD_START, GUARD_LINE),
				audit: extension(sandbox.cwd, "audit", AUDIT_START, AUDIT_LINE),
			};
			llm.push(
				{ toolCalls: [{ name: "bash", args: { command: "rm -rf build" } }] },
				{ toolCalls: [{ name: "bash", args: { command: "echo one" } }] },
				{ text: "done" },
			);
			const result = await runWeft(sandbox, [
				"-p",
				"go",
				"--no-session",
				...order.flatMap((n) => ["-e", dirs[n]]),
			]);
			expect(quiet(result.stderr)).toBe("");
			expect(result.stdout).toBe("done\n");
			const calls = seen(dirs.audit).filter((f) => f.type === "event" && f.event === "tool_call");
			expect(calls.map((f) => f.tool_args)).toEqual([{ command: "rm -rf build" }, { command: "echo one" }]);
			// The block reason reaches the model as the extension wrote it; the rewrite is what ran.
			const results = llm.requests.slice(1).map((r) => (r.body as any).messages.at(-1));
			expect(results[0]).toMatchObject({ role: "tool", content: "destructive command refused" });
			expect(results[1].content).toContain("two");
		});
	}

	it("announces a reply that only calls tools, and ends its turn before the tools run", async () => {
		const dir = extension(extensions(), "audit", AUDIT_START, AUDIT_LINE);
		llm.push({ toolCalls: [{ name: "mark", args: {} }] }, { text: "done" });
		const result = await runWeft(sandbox, ["-p", "go", "--no-session"]);
		expect(result.stdout).toBe("done\n");
		const frames = seen(dir)
			.filter((f) => f.type === "event" || f.type === "tool_call")
			.map(({ id, tool_id, tool_args, args, ...rest }) => rest);
		expect(frames).toEqual([
			{ type: "event", event: "turn_start", step: 1 },
			{ type: "event", event: "assistant_message" },
			{ type: "event", event: "turn_end", stop: "tool_use" },
			{ type: "event", event: "tool_call", tool_name: "mark" },
			{ type: "tool_call", name: "mark" },
			{ type: "event", event: "turn_start", step: 2 },
			{ type: "event", event: "assistant_message", text: "done" },
			{ type: "event", event: "turn_end", stop: "end" },
		]);
	});

	it("a command_response with an error shows the error and does nothing else", async () => {
		extension(
			extensions(),
			"deploy",
			`send '{"type":"register_command","name":"deploy","description":"Deploys"}'`,
			`case "$line" in
	*'"type":"command_invoked"'*)
		send "{\\"type\\":\\"command_response\\",\\"id\\":\\"$(id_of "$line")\\",\\"action\\":\\"prompt\\",\\"prompt\\":\\"deploy to production\\",\\"error\\":\\"no target configured\\"}" ;;
	esac`,
		);
		const result = await runWeft(sandbox, ["-p", "/deploy", "--no-session"]);
		expect(result.stderr).toContain("/deploy: no target configured");
		expect(result.stdout).toBe("");
		expect(llm.requests).toHaveLength(0);
	});
});
