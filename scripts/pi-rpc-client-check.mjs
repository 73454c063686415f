/**
 * Manual check: pi's own RPC client (`RpcClient` from @mariozechner/pi-coding-agent)
 * drives `weft --mode rpc` against the mock LLM, and every response and event it
 * sees is checked against the shapes pi's rpc-types.d.ts declares.
 *
 * Not a CI test: it needs pi installed, which CI does not do. Run it by hand:
 *   node scripts/build.mjs --js-only
 *   node scripts/pi-rpc-client-check.mjs [path/to/pi-coding-agent]
 * Without a path it uses the bench's copy of pi 0.73.1 (bench/peer-pi.mjs,
 * installed into the gitignored bench/.peers on first use). It prints one line
 * per check (ok / FAIL) and exits 1 if any failed.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const { ensurePi, PI_PACKAGE, PI_VERSION } = await import(
	pathToFileURL(join(root, "bench/peer-pi.mjs")).href
);
const piPackage = process.argv[2]
	? resolve(process.argv[2])
	: ensurePi() && join(root, "bench/.peers", `pi-${PI_VERSION}`, "node_modules", PI_PACKAGE);
const clientFile = piPackage && join(piPackage, "dist/modes/rpc/rpc-client.js");
if (!clientFile || !existsSync(clientFile)) {
	console.error(
		`pi's RPC client is not at ${clientFile}; pass the folder of an installed @mariozechner/pi-coding-agent`,
	);
	process.exit(2);
}
if (!existsSync(join(root, "dist/testing/mock-llm/cli.js"))) {
	console.error("dist/ is missing; run node scripts/build.mjs --js-only first");
	process.exit(2);
}
const { RpcClient } = await import(pathToFileURL(clientFile).href);

let failures = 0;
function check(name, ok, detail) {
	if (!ok) failures++;
	console.log(
		`${ok ? "ok  " : "FAIL"} ${name}${!ok && detail !== undefined ? ` — ${JSON.stringify(detail)?.slice(0, 400)}` : ""}`,
	);
}
async function attempt(name, run) {
	try {
		await run();
	} catch (error) {
		check(name, false, String(error?.message ?? error));
	}
}
const until = (client, predicate, ms = 20000) =>
	new Promise((done, fail) => {
		const timer = setTimeout(() => {
			stop();
			fail(new Error("timed out waiting for an event"));
		}, ms);
		const stop = client.onEvent((event) => {
			if (predicate(event)) {
				clearTimeout(timer);
				stop();
				done(event);
			}
		});
	});

// What the model answers, in order of requests.
const script = [
	{ toolCalls: [{ id: "call_sleep", name: "bash", args: { command: "sleep 1.5; echo tool-ran" } }] },
	{ text: "Saw the steer." },
	{ text: "one two three four five six seven eight nine ten", delayMs: 60 },
	{ text: "Followed up." },
	{ toolCalls: [{ id: "call_again", name: "bash", args: { command: "sleep 1.5; echo again" } }] },
	{ text: "Steered by prompt." },
	{ text: "eleven twelve thirteen fourteen fifteen sixteen seventeen", delayMs: 60 },
	{ text: "Queued by prompt." },
	{ text: "this answer stalls half way", stallAfterChunks: 3 },
	{ text: "## Goal\nSummary of the conversation." },
	{ error: { status: 500, message: "overloaded" } },
	{ text: "After compaction." },
];
const temp = mkdtempSync(join(tmpdir(), "pi-rpc-check-"));
const home = join(temp, "home");
const project = join(temp, "project");
mkdirSync(home, { recursive: true });
mkdirSync(project, { recursive: true });
writeFileSync(join(temp, "script.json"), JSON.stringify(script));

const mock = spawn(
	process.execPath,
	[join(root, "dist/testing/mock-llm/cli.js"), "--script", join(temp, "script.json")],
	{
		stdio: ["ignore", "pipe", "inherit"],
	},
);
const url = await new Promise((done) =>
	mock.stdout.once("data", (chunk) => done(JSON.parse(String(chunk)).url)),
);
const models = [
	{ id: "mock-model", contextWindow: 32768, reasoning: true },
	{ id: "mock-model-2", contextWindow: 32768, reasoning: true },
];
writeFileSync(
	join(home, "settings.json"),
	JSON.stringify({
		providers: { mock: { api: "openai-completions", baseUrl: `${url}/v1`, apiKey: "test-key", models } },
		defaultProvider: "mock",
		defaultModel: "mock-model",
		retry: { maxRetries: 2, baseDelayMs: 10 },
	}),
);
// A pi extension whose command asks the user three things, then tells what it heard.
const extension = join(temp, "ask.ts");
writeFileSync(
	extension,
	`import type { ExtensionAPI } from "@mariozechner/pi-coding-agent";
export default function (pi: ExtensionAPI) {
	pi.registerCommand("ask", {
		description: "Asks three questions",
		handler: async (_args, ctx) => {
			const colour = await ctx.ui.select("Colour?", ["red", "green"]);
			const sure = await ctx.ui.confirm("Sure?", "Really?");
			const name = await ctx.ui.input("Name?", "placeholder");
			ctx.ui.notify(\`heard \${colour} \${sure} \${name}\`, "info");
		},
	});
	pi.registerCommand("look", {
		description: "Fire-and-forget UI calls, an editor, and a select nobody answers",
		handler: async (_args, ctx) => {
			ctx.ui.setStatus("check", "busy");
			ctx.ui.setWidget("list", ["one", "two"]);
			ctx.ui.setTitle("checking");
			const text = await ctx.ui.editor("Edit", "draft");
			const started = Date.now();
			const late = await ctx.ui.select("Nobody answers", ["a", "b"], { timeout: 300 });
			ctx.ui.notify(\`edited \${text}; unanswered \${late} after \${Date.now() - started >= 250 ? "the deadline" : "too soon"}\`, "info");
		},
	});
}
`,
);

const client = new RpcClient({
	cliPath: join(root, "bin/weft.js"),
	cwd: project,
	env: { WEFT_HOME: home, HOME: temp },
	args: ["-e", extension],
});
const events = [];
client.onEvent((event) => events.push(event));

try {
	await client.start();

	await attempt("prompt with a tool call, steer during the tool", async () => {
		const started = until(client, (e) => e.type === "tool_execution_start");
		const idle = client.waitForIdle(30000);
		await client.prompt("run the tool");
		const start = await started;
		check(
			"tool_execution_start has toolCallId/toolName/args",
			start.toolCallId === "call_sleep" &&
				start.toolName === "bash" &&
				typeof start.args?.command === "string",
			start,
		);
		await client.steer("STEER-1");
		await idle;
		const end = events.find((e) => e.type === "tool_execution_end");
		check(
			"tool_execution_end carries result.content and isError",
			Array.isArray(end?.result?.content) && end.isError === false,
			end,
		);
		const update = events.find((e) => e.type === "message_update");
		check(
			"message_update has assistantMessageEvent and message",
			typeof update?.assistantMessageEvent?.type === "string" && update?.message?.role === "assistant",
			update,
		);
		const agentEnd = events.findLast((e) => e.type === "agent_end");
		check(
			"agent_end carries messages",
			Array.isArray(agentEnd?.messages) && agentEnd.messages.length > 0,
			agentEnd,
		);
		const messages = await client.getMessages();
		const steerAt = messages.findIndex(
			(m) => m.role === "user" && JSON.stringify(m.content).includes("STEER-1"),
		);
		const toolAt = messages.findIndex((m) => m.role === "toolResult");
		check(
			"steer delivered after the tool result",
			steerAt > toolAt && toolAt > 0,
			messages.map((m) => m.role),
		);
		check("get_last_assistant_text", (await client.getLastAssistantText()) === "Saw the steer.");
	});

	await attempt("follow_up while streaming", async () => {
		const streaming = until(client, (e) => e.type === "message_update");
		const idle = client.waitForIdle(30000);
		const from = events.length;
		await client.prompt("slow one");
		await streaming;
		const busy = await client.send({ type: "prompt", message: "no behaviour given" });
		check(
			"a prompt while streaming without streamingBehavior is refused",
			busy.success === false && /streamingBehavior/.test(busy.error),
			busy,
		);
		await client.followUp("FOLLOW-1");
		await idle;
		// weft may end one run per queued message; wait for the follow-up's answer too.
		const deadline = Date.now() + 15000;
		while ((await client.getLastAssistantText()) !== "Followed up." && Date.now() < deadline)
			await new Promise((r) => setTimeout(r, 100));
		check(
			"follow-up answered after the streamed answer",
			(await client.getLastAssistantText()) === "Followed up.",
		);
		const ends = events.slice(from).filter((e) => e.type === "agent_end").length;
		check(
			"one agent_end for a prompt and its follow-up (pi's promptAndWait sees both answers)",
			ends === 1,
			ends,
		);
		const queue = events.find((e) => e.type === "queue_update");
		check(
			"queue_update has steering/followUp arrays",
			Array.isArray(queue?.steering) && Array.isArray(queue?.followUp),
			queue,
		);
	});

	await attempt(
		"prompt with streamingBehavior steer / followUp (pi's protocol; its client has no argument for it)",
		async () => {
			const started = until(
				client,
				(e) => e.type === "tool_execution_start" && e.toolCallId === "call_again",
			);
			let idle = client.waitForIdle(30000);
			await client.prompt("again");
			await started;
			const steer = await client.send({
				type: "prompt",
				message: "PROMPT-STEER",
				streamingBehavior: "steer",
			});
			await idle;
			let messages = await client.getMessages();
			const steerAt = messages.findIndex(
				(m) => m.role === "user" && JSON.stringify(m.content).includes("PROMPT-STEER"),
			);
			check(
				"prompt steer during a tool: accepted, delivered after its result, answered",
				steer.success === true &&
					messages[steerAt - 1]?.role === "toolResult" &&
					(await client.getLastAssistantText()) === "Steered by prompt.",
				{ steer, roles: messages.map((m) => m.role) },
			);

			const streaming = until(client, (e) => e.type === "message_update");
			idle = client.waitForIdle(30000);
			await client.prompt("slow two");
			await streaming;
			const follow = await client.send({
				type: "prompt",
				message: "PROMPT-FOLLOW",
				streamingBehavior: "followUp",
			});
			await idle;
			messages = await client.getMessages();
			check(
				"prompt followUp while streaming: accepted, answered after the streamed answer",
				follow.success === true &&
					JSON.stringify(messages.at(-2)?.content).includes("PROMPT-FOLLOW") &&
					(await client.getLastAssistantText()) === "Queued by prompt.",
				{ follow, last: messages.slice(-3) },
			);
		},
	);

	await attempt("abort a stalled answer", async () => {
		const streaming = until(client, (e) => e.type === "message_update");
		const idle = client.waitForIdle(30000);
		await client.prompt("stall");
		await streaming;
		await client.abort();
		await idle;
		const state = await client.getState();
		check("not streaming after abort", state.isStreaming === false, state);
		const messages = await client.getMessages();
		check(
			"aborted answer has stopReason aborted",
			messages.at(-1)?.stopReason === "aborted",
			messages.at(-1),
		);
	});

	await attempt("get_state shape", async () => {
		const state = await client.getState();
		const keys = [
			"thinkingLevel",
			"isStreaming",
			"isCompacting",
			"steeringMode",
			"followUpMode",
			"sessionId",
			"autoCompactionEnabled",
			"messageCount",
			"pendingMessageCount",
		];
		check(
			"get_state has pi's fields",
			keys.every((k) => k in state) && state.model?.id === "mock-model" && state.model?.provider === "mock",
			state,
		);
	});

	await attempt("thinking level, queue modes", async () => {
		await client.setThinkingLevel("high");
		check("set_thinking_level", (await client.getState()).thinkingLevel === "high");
		const cycled = await client.cycleThinkingLevel();
		check(
			"cycle_thinking_level returns { level }",
			typeof cycled?.level === "string" && cycled.level !== "high",
			cycled,
		);
		await client.setSteeringMode("one-at-a-time");
		await client.setFollowUpMode("one-at-a-time");
		const state = await client.getState();
		check(
			"set_steering_mode / set_follow_up_mode",
			state.steeringMode === "one-at-a-time" && state.followUpMode === "one-at-a-time",
			state,
		);
		await client.setAutoCompaction(false);
		check("set_auto_compaction", (await client.getState()).autoCompactionEnabled === false);
		await client.setAutoCompaction(true);
		await client.setAutoRetry(true);
		await client.abortRetry();
	});

	await attempt("models", async () => {
		const available = await client.getAvailableModels();
		check(
			"get_available_models lists both mock models",
			["mock-model", "mock-model-2"].every((id) =>
				available.some((m) => m.id === id && m.provider === "mock"),
			),
			available.map((m) => `${m.provider}/${m.id}`),
		);
		const set = await client.setModel("mock", "mock-model-2");
		check("set_model returns the model", set?.id === "mock-model-2" && set?.provider === "mock", set);
		const cycled = await client.cycleModel();
		check(
			"cycle_model returns { model, thinkingLevel, isScoped }",
			cycled === null ||
				(typeof cycled.model?.id === "string" &&
					typeof cycled.thinkingLevel === "string" &&
					typeof cycled.isScoped === "boolean"),
			cycled,
		);
		await client.setModel("mock", "mock-model");
	});

	await attempt("bash", async () => {
		const result = await client.bash("echo from-bash");
		check(
			"bash returns output/exitCode/cancelled/truncated",
			result.output.includes("from-bash") &&
				result.exitCode === 0 &&
				result.cancelled === false &&
				result.truncated === false,
			result,
		);
		await client.abortBash();
		const messages = JSON.stringify(await client.getMessages());
		check(
			"bash's output joins the conversation (get_messages)",
			messages.includes("from-bash"),
			messages.slice(-400),
		);
	});

	await attempt("get_session_stats", async () => {
		const stats = await client.getSessionStats();
		const ok =
			typeof stats.sessionId === "string" &&
			stats.userMessages >= 3 &&
			stats.toolCalls === 2 &&
			stats.toolResults === 2 &&
			typeof stats.tokens?.total === "number" &&
			typeof stats.cost === "number" &&
			typeof stats.totalMessages === "number";
		check("get_session_stats has pi's fields", ok, stats);
	});

	await attempt("export_html", async () => {
		const out = join(temp, "export.html");
		const result = await client.exportHtml(out);
		check("export_html writes the page and returns { path }", result.path === out && existsSync(out), result);
	});

	await attempt("compact", async () => {
		const result = await client.compact("keep it short");
		check(
			"compact returns summary/firstKeptEntryId/tokensBefore",
			typeof result.summary === "string" &&
				typeof result.firstKeptEntryId === "string" &&
				typeof result.tokensBefore === "number",
			result,
		);
		const start = events.find((e) => e.type === "compaction_start");
		const end = events.find((e) => e.type === "compaction_end");
		check("compaction_start { reason: manual }", start?.reason === "manual", start);
		check(
			"compaction_end { reason, result, aborted, willRetry }",
			end?.result?.summary === result.summary &&
				end?.aborted === false &&
				end.reason === "manual" &&
				end.willRetry === false,
			end,
		);
		const idle = client.waitForIdle(30000);
		await client.prompt("after compaction");
		await idle;
		check(
			"a prompt after compaction is answered (after one retry)",
			(await client.getLastAssistantText()) === "After compaction.",
		);
		const retryStart = events.find((e) => e.type === "auto_retry_start");
		const retryEnd = events.find((e) => e.type === "auto_retry_end");
		check(
			"auto_retry_start { attempt, maxAttempts, delayMs, errorMessage }",
			retryStart?.attempt === 1 &&
				retryStart.maxAttempts === 2 &&
				typeof retryStart.delayMs === "number" &&
				typeof retryStart.errorMessage === "string",
			retryStart,
		);
		check(
			"auto_retry_end { success: true, attempt }",
			retryEnd?.success === true && retryEnd.attempt === 1,
			retryEnd,
		);
	});

	await attempt("fork and clone", async () => {
		const before = (await client.getState()).sessionFile;
		const forkable = await client.getForkMessages();
		check(
			"get_fork_messages lists { entryId, text }",
			forkable.length > 0 &&
				forkable.every((m) => typeof m.entryId === "string" && typeof m.text === "string"),
			forkable,
		);
		const target = forkable.find((m) => m.text === "slow one");
		const forked = await client.fork(target.entryId);
		check(
			"fork returns { text, cancelled }",
			forked.text === "slow one" && forked.cancelled === false,
			forked,
		);
		const afterFork = await client.getState();
		check("fork switched to a new session file", afterFork.sessionFile !== before, afterFork.sessionFile);
		const cloned = await client.clone();
		check("clone returns { cancelled: false }", cloned?.cancelled === false, cloned);
		check(
			"clone switched to a new session file",
			(await client.getState()).sessionFile !== afterFork.sessionFile,
		);
		const switched = await client.switchSession(before);
		check(
			"switch_session back returns { cancelled: false }",
			switched?.cancelled === false && (await client.getState()).sessionFile === before,
			switched,
		);
	});

	await attempt("extension dialog through extension_ui_request", async () => {
		const answers = { select: { value: "green" }, confirm: { confirmed: true }, input: { value: "Ada" } };
		const seen = [];
		const stop = client.onEvent((event) => {
			if (event.type !== "extension_ui_request") return;
			seen.push(event.method);
			const answer = answers[event.method];
			if (answer)
				client.process.stdin.write(
					`${JSON.stringify({ type: "extension_ui_response", id: event.id, ...answer })}\n`,
				);
		});
		const notified = until(client, (e) => e.type === "extension_ui_request" && e.method === "notify");
		await client.prompt("/ask");
		const notice = await notified;
		stop();
		check(
			"select, confirm, input asked in order",
			["select", "confirm", "input"].every((m, i) => seen[i] === m),
			seen,
		);
		check(
			"the extension heard the client's answers",
			notice.message === "heard green true Ada" && notice.notifyType === "info",
			notice,
		);
		const commands = await client.getCommands();
		check(
			"get_commands lists the extension's command",
			commands.some((c) => c.name === "ask" && c.source === "extension"),
			commands,
		);
		// pi's types also declare sourceInfo; its docs and weft's give path/location only where they apply (docs/rpc.md's differences).

		const cancelling = client.onEvent((event) => {
			if (event.type === "extension_ui_request" && event.method === "select")
				client.process.stdin.write(
					`${JSON.stringify({ type: "extension_ui_response", id: event.id, cancelled: true })}\n`,
				);
			if (event.type === "extension_ui_request" && event.method === "confirm")
				client.process.stdin.write(
					`${JSON.stringify({ type: "extension_ui_response", id: event.id, confirmed: false })}\n`,
				);
			if (event.type === "extension_ui_request" && event.method === "input")
				client.process.stdin.write(
					`${JSON.stringify({ type: "extension_ui_response", id: event.id, cancelled: true })}\n`,
				);
		});
		const cancelledNotice = until(client, (e) => e.type === "extension_ui_request" && e.method === "notify");
		await client.prompt("/ask");
		const heard = await cancelledNotice;
		cancelling();
		const looked = [];
		const editing = client.onEvent((event) => {
			if (event.type !== "extension_ui_request") return;
			looked.push(event);
			if (event.method === "editor")
				client.process.stdin.write(
					`${JSON.stringify({ type: "extension_ui_response", id: event.id, value: "final" })}\n`,
				);
		});
		const lookNotice = until(client, (e) => e.type === "extension_ui_request" && e.method === "notify");
		await client.prompt("/look");
		const looking = await lookNotice;
		editing();
		const byMethod = (method) => looked.find((e) => e.method === method);
		check(
			"setStatus { statusKey, statusText }",
			byMethod("setStatus")?.statusKey === "check" && byMethod("setStatus")?.statusText === "busy",
			byMethod("setStatus"),
		);
		check(
			"setWidget { widgetKey, widgetLines }",
			byMethod("setWidget")?.widgetKey === "list" &&
				JSON.stringify(byMethod("setWidget")?.widgetLines) === '["one","two"]',
			byMethod("setWidget"),
		);
		check("setTitle { title }", byMethod("setTitle")?.title === "checking", byMethod("setTitle"));
		check(
			"editor { title, prefill }",
			byMethod("editor")?.title === "Edit" && byMethod("editor")?.prefill === "draft",
			byMethod("editor"),
		);
		check("select carries its timeout", byMethod("select")?.timeout === 300, byMethod("select"));
		check(
			"the editor's value reached the extension; the unanswered select resolved undefined at its deadline",
			looking.message === "edited final; unanswered undefined after the deadline",
			looking.message,
		);
		check(
			"a cancelled select/input reaches the extension as undefined",
			heard.message === "heard undefined false undefined",
			heard,
		);
	});

	await attempt("sessions", async () => {
		await client.setSessionName("checked");
		check("set_session_name", (await client.getState()).sessionName === "checked");
		const fresh = await client.newSession();
		check("new_session returns { cancelled: false }", fresh?.cancelled === false, fresh);
		check("new session is empty", (await client.getState()).messageCount === 0);
	});

	await attempt("malformed line and unknown command", async () => {
		const parseError = until(client, (e) => e.type === "response" && e.success === false, 5000);
		client.process.stdin.write("{not json\n");
		const response = await parseError;
		check(
			"a malformed line gets pi's parse error",
			response.command === "parse" && /parse/i.test(response.error),
			response,
		);
		const unknown = await client.send({ type: "no_such_command" });
		check(
			"an unknown command gets success:false with the reason",
			unknown.success === false && /no_such_command/.test(unknown.error),
			unknown,
		);
		check("still serving after both", typeof (await client.getState()).sessionId === "string");
	});
} finally {
	const child = client.process;
	const exited = child && new Promise((done) => child.once("exit", (code, signal) => done({ code, signal })));
	await client.stop();
	if (exited) {
		const how = await exited;
		check("weft exits on the client's SIGTERM (stop() did not need SIGKILL)", how.signal !== "SIGKILL", how);
	}
	mock.kill("SIGTERM");
	rmSync(temp, { recursive: true, force: true });
}
console.log(failures === 0 ? "all checks passed" : `${failures} check(s) failed`);
process.exit(failures === 0 ? 0 : 1);
