/**
 * The catalog's session events through the real `weft` binary against the
 * mock LLM, with throwaway extensions passed by `-e`: lifecycle order,
 * dispatch order (priority, load order, stop), input, before_agent_start,
 * the turn gate, turn_result and assistant_message. Tool events are in
 * extension-events-tools.test.ts, failure handling in
 * extension-events-guarding.test.ts.
 */
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { MockLlm } from "../../src/testing/mock-llm/index.js";
import { extensionEventsFixture } from "../support/extension-events-fixture.js";
import { runWeft, type Sandbox, withMockSandbox } from "../support/weft-cli.js";

let sandbox: Sandbox;
let llm: MockLlm;
let recordFile: string;

withMockSandbox((made, started) => {
	sandbox = made;
	llm = started;
	recordFile = join(sandbox.home, "..", "record.log");
});

const {
	extension,
	recorded,
	withExtensions,
	systemSent,
	userTextsSent,
	toolResultsSent,
	transcript,
	jsonEvents,
} = extensionEventsFixture(() => ({ sandbox, llm, recordFile }));

describe("observers", () => {
	it("receive the lifecycle of a prompt with a streaming tool call in order, through to session_shutdown", async () => {
		const events = [
			"session_start",
			"startup",
			"input",
			"before_agent_start",
			"agent_start",
			"turn_start",
			"context",
			"before_provider_request",
			"message_start",
			"message_update",
			"message_end",
			"turn_result",
			"assistant_message",
			"tool_call",
			"tool_execution_start",
			"tool_execution_update",
			"tool_execution_end",
			"tool_result",
			"turn_end",
			"agent_end",
			"session_shutdown",
		];
		const observer = extension(
			"observer",
			`for (const name of ${JSON.stringify(events)}) weft.on(name as any, (event: any) => record(event.type));`,
		);
		llm.push(
			{
				text: "Running it.",
				toolCalls: [{ name: "bash", args: { command: "echo one; sleep 0.3; echo two" } }],
			},
			{ text: "All done." },
		);
		const result = await runWeft(sandbox, ["-p", ...withExtensions(observer), "run the script"]);
		expect(result.stderr).toBe("");
		expect(result.code).toBe(0);
		expect(result.stdout).toBe("All done.\n");

		// Streams repeat message_update and tool_execution_update; the order of kinds is what matters.
		const kinds = recorded().filter((type, i, all) => type !== all[i - 1]);
		const modelCall = ["turn_start", "context", "before_provider_request", "message_start", "message_update"];
		expect(kinds).toEqual([
			"session_start",
			"startup",
			"input",
			"before_agent_start",
			"agent_start",
			...modelCall,
			"message_end",
			"turn_result",
			"assistant_message",
			"tool_call",
			"tool_execution_start",
			"tool_execution_update",
			"tool_execution_end",
			"tool_result",
			"turn_end",
			...modelCall,
			"message_end",
			"turn_result",
			"assistant_message",
			"turn_end",
			"agent_end",
			"session_shutdown",
		]);
	});
});

describe("dispatch order", () => {
	it("runs a handler with a priority before those without, then by load order, each seeing the previous rewrite", async () => {
		const rewriter = (name: string, options = "") =>
			extension(
				name,
				`weft.on("tool_call", (event) => {
					record("${name} saw " + event.args.command);
					return { args: { command: event.args.command + " ${name}" } };
				}${options});`,
			);
		const first = rewriter("first");
		const second = rewriter("second", ", { priority: 5 }");
		const third = rewriter("third");
		llm.push({ toolCalls: [{ name: "bash", args: { command: "echo base" } }] }, { text: "ok" });
		const result = await runWeft(sandbox, ["-p", ...withExtensions(first, second, third), "go"]);
		expect(result.code).toBe(0);
		expect(recorded()).toEqual([
			"second saw echo base",
			"first saw echo base second",
			"third saw echo base second first",
		]);
		expect(toolResultsSent(1)).toEqual(["base second first third"]);
	});

	it("event.stop() keeps later handlers from running and keeps the rewrite made so far", async () => {
		const stopper = extension(
			"stopper",
			`weft.on("tool_call", (event) => {
				record("stopper");
				event.stop();
				return { args: { command: "echo stopped early" } };
			}, { priority: 10 });`,
		);
		const blocker = extension(
			"blocker",
			`weft.on("tool_call", () => {
				record("blocker");
				return { block: true, reason: "the blocker ran" };
			});`,
		);
		llm.push({ toolCalls: [{ name: "bash", args: { command: "echo original" } }] }, { text: "ok" });
		const result = await runWeft(sandbox, ["-p", ...withExtensions(stopper, blocker), "go"]);
		expect(result.code).toBe(0);
		expect(recorded()).toEqual(["stopper"]);
		expect(toolResultsSent(1)).toEqual(["stopped early"]);
	});
});

describe("input", () => {
	const inputs = () =>
		extension(
			"inputs",
			`weft.on("input", (event) => {
				record("input from " + event.source + ": " + event.text);
				if (event.text === "just log this") {
					weft.ui.notify("noted, no model call");
					return { action: "handled" };
				}
				if (event.text.startsWith("shout ")) return { action: "transform", text: event.text.slice(6).toUpperCase() };
			});
			weft.on("turn_start", (event) => {
				if (event.step === 1) weft.sendUserMessage("shout and a follow-up");
			});`,
		);
	const chained = () =>
		extension("chained", `weft.on("input", (event) => record("chained saw " + event.text));`);

	it("a handled input makes no model call", async () => {
		const result = await runWeft(sandbox, ["-p", ...withExtensions(inputs(), chained()), "just log this"]);
		expect(result.code).toBe(0);
		expect(result.stdout).toBe("");
		expect(result.stderr).toBe("weft: [inputs] noted, no model call\n");
		expect(llm.requests).toHaveLength(0);
		expect(recorded()).toEqual(["input from cli: just log this"]);
	});

	it("a transform chains to later handlers and reaches the model, for the prompt and for an extension's message", async () => {
		llm.push({ text: "first answer" }, { text: "second answer" });
		const result = await runWeft(sandbox, ["-p", ...withExtensions(inputs(), chained()), "shout hello"]);
		expect(result.stderr).toBe("");
		expect(result.code).toBe(0);
		expect(result.stdout).toBe("second answer\n");
		expect(recorded()).toEqual([
			"input from cli: shout hello",
			"chained saw HELLO",
			"input from extension: shout and a follow-up",
			"chained saw AND A FOLLOW-UP",
		]);
		expect(userTextsSent(0)).toEqual(["HELLO"]);
		expect(userTextsSent(1)).toEqual(["HELLO", "AND A FOLLOW-UP"]);
		expect(
			transcript()
				.filter((m) => m.role === "user")
				.map((m) => m.content),
		).toEqual(["HELLO", "AND A FOLLOW-UP"]);
	});
});

describe("before_agent_start", () => {
	it("injects a message and replaces the system prompt for the whole run, chained across extensions", async () => {
		const rules = extension(
			"rules",
			`weft.on("before_agent_start", (event) => ({
				inject: "Project rule: answer in French.",
				systemPrompt: event.systemPrompt + "\\nRULES-APPENDED",
			}));`,
		);
		const audit = extension(
			"audit",
			`weft.on("before_agent_start", (event) => {
				record("audit saw " + event.injected.length + " injected; rules appended: " + event.systemPrompt.endsWith("RULES-APPENDED"));
				return { systemPrompt: "AUDITED. " + event.systemPrompt };
			});`,
		);
		llm.push({ toolCalls: [{ name: "ls", args: {} }] }, { text: "Bonjour." });
		const result = await runWeft(sandbox, ["-p", ...withExtensions(rules, audit), "hello"]);
		expect(result.code).toBe(0);
		expect(recorded()).toEqual(["audit saw 1 injected; rules appended: true"]);
		for (const request of [0, 1]) {
			expect(systemSent(request)).toMatch(/^AUDITED\. You are weft[\s\S]*\nRULES-APPENDED$/);
			expect(userTextsSent(request)).toEqual(["hello", "Project rule: answer in French."]);
		}
		expect(transcript().slice(0, 2)).toMatchObject([
			{ role: "user", content: "hello" },
			{ role: "custom", customType: "inject", content: "Project rule: answer in French." },
		]);
	});
});

describe("turn_start", () => {
	const limit = () =>
		extension(
			"limit",
			`weft.on("turn_start", (event) => {
				if (event.step > 1) return { block: true, reason: "turn limit of 1 reached" };
			});`,
		);

	it("a block ends the run before the next model call: exit 1 with the reason", async () => {
		llm.push({ toolCalls: [{ name: "ls", args: {} }] });
		const result = await runWeft(sandbox, ["-p", ...withExtensions(limit()), "look around"]);
		expect(result.code).toBe(1);
		expect(result.stdout).toBe("");
		expect(result.stderr).toBe("weft: blocked: turn limit of 1 reached\n");
		expect(llm.requests).toHaveLength(1);
	});

	it("the JSON stream shows the blocking outcome and agent_end reason blocked", async () => {
		llm.push({ toolCalls: [{ name: "ls", args: {} }] });
		const result = await runWeft(sandbox, ["--mode", "json", ...withExtensions(limit()), "look around"]);
		expect(result.code).toBe(1);
		expect(result.stderr).toBe("weft: blocked: turn limit of 1 reached\n");
		const events = jsonEvents(result.stdout);
		expect(events.filter((e) => e.type === "turn_start")).toEqual([
			{ type: "turn_start", step: 1 },
			{
				type: "turn_start",
				step: 2,
				outcome: { block: true, reason: "turn limit of 1 reached" },
				outcomeOwner: "limit",
			},
		]);
		expect(events.at(-2)).toMatchObject({
			type: "agent_end",
			reason: "blocked",
			error: "turn limit of 1 reached",
		});
		expect(events.at(-1)).toEqual({ type: "session_shutdown", reason: "exit" });
		expect(llm.requests).toHaveLength(1);
	});
});

describe("turn_result", () => {
	it("rewrites the model's text and drops a tool call before anything runs; the transcript keeps the rewrite", async () => {
		writeFileSync(join(sandbox.cwd, "keep.txt"), "precious\n");
		const editor = extension(
			"editor",
			`weft.on("turn_result", (event) => ({
				content: event.content.replace("colour", "color"),
				toolCalls: event.toolCalls.filter((call) => !(call.name === "bash" && /\\brm\\b/.test(String(call.args.command)))),
			}));`,
		);
		llm.push({
			text: "The colour is blue.",
			toolCalls: [{ name: "bash", args: { command: "rm -f keep.txt" } }],
		});
		const result = await runWeft(sandbox, ["-p", ...withExtensions(editor), "what colour?"]);
		expect(result.stderr).toBe("");
		expect(result.code).toBe(0);
		expect(result.stdout).toBe("The color is blue.\n");
		expect(existsSync(join(sandbox.cwd, "keep.txt"))).toBe(true);
		expect(llm.requests).toHaveLength(1);
		expect(transcript().at(-1)).toMatchObject({
			role: "assistant",
			content: [{ type: "text", text: "The color is blue." }],
			stopReason: "end",
		});
	});
});

describe("assistant_message", () => {
	const display = () =>
		extension(
			"display",
			`weft.on("assistant_message", (event) => {
				if (event.text === "internal note") return { hide: true };
				return { text: event.text.replace("SECRET", "[hidden]") };
			});`,
		);

	it("rewrites what is displayed while the transcript keeps the original text", async () => {
		llm.push({ text: "The code is SECRET." });
		const result = await runWeft(sandbox, ["-p", ...withExtensions(display()), "code?"]);
		expect(result.code).toBe(0);
		expect(result.stdout).toBe("The code is [hidden].\n");
		expect(transcript().at(-1)).toMatchObject({
			role: "assistant",
			content: [{ type: "text", text: "The code is SECRET." }],
		});
	});

	it("hides the text from display entirely", async () => {
		llm.push({ text: "internal note" });
		const result = await runWeft(sandbox, ["-p", ...withExtensions(display()), "anything?"]);
		expect(result.code).toBe(0);
		expect(result.stdout).toBe("");
		expect(transcript().at(-1)).toMatchObject({ content: [{ type: "text", text: "internal note" }] });
	});
});
