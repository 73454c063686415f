import { rmSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { createScriptedSession, SCRIPTED_MODEL } from "../../../test/support/scripted-session.js";
import type { DeliveryModes } from "../../agent/message-queue.js";
import type { AgentSession } from "../../agent/session.js";
import { NonInteractiveUI } from "../../extensions/non-interactive-ui.js";
import { BUILTIN_OWNER } from "../../kernel/owner.js";
import { scriptedProvider } from "../../testing/scripted-provider.js";
import type { RawCommand, RpcContext } from "./command-context.js";
import { dispatch, parseCommand } from "./commands.js";

const dirs: string[] = [];
afterEach(() => {
	for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function context(
	session: AgentSession,
	ui = new NonInteractiveUI(),
	delivery: DeliveryModes = {},
): RpcContext {
	return {
		session: () => session,
		ui,
		models: () => [SCRIPTED_MODEL, { ...SCRIPTED_MODEL, id: "other" }],
		availableModels: () => [SCRIPTED_MODEL],
		cycleModels: () => [SCRIPTED_MODEL, { ...SCRIPTED_MODEL, id: "other" }],
		switchSession: async () => ({ cancelled: false }),
		pendingCount: () => 0,
		isCompacting: () => false,
		isRetrying: () => false,
		autoCompaction: () => true,
		setAutoCompaction: () => {},
		setAutoRetry: () => {},
		extensionsStarting: () => undefined,
		panelKey: () => false,
		delivery,
		shell: { run: async () => ({}), abort: () => {} },
	};
}

function scripted(script: Parameters<typeof scriptedProvider>[0] = [{ text: "hi" }]) {
	const provider = scriptedProvider(script, { name: SCRIPTED_MODEL.provider, model: SCRIPTED_MODEL });
	return createScriptedSession({ provider, prefix: "weft-rpc-commands-", dirs }).session;
}

const command = (value: Record<string, unknown>) => value as RawCommand;

describe("parsing a line", () => {
	it("answers text that is not JSON with pi's parse error", () => {
		expect(parseCommand("{oops")).toEqual({
			response: {
				type: "response",
				command: "parse",
				success: false,
				error: expect.stringMatching(/^Failed to parse command: /),
			},
		});
	});

	it("answers JSON that is not a command object as a parse error, keeping an id it can read", () => {
		expect(parseCommand("[1,2]")).toMatchObject({ response: { command: "parse", success: false } });
		expect(parseCommand('{"id":"r1","type":7}')).toMatchObject({
			response: { id: "r1", command: "parse", success: false },
		});
	});

	it("returns a command object as it is", () => {
		expect(parseCommand('{"id":"a","type":"get_state"}')).toEqual({
			command: { id: "a", type: "get_state" },
		});
	});
});

describe("dispatching", () => {
	it("an unknown command fails with its name", async () => {
		const session = scripted();
		expect(await dispatch(command({ type: "teleport", id: "x" }), context(session))).toEqual({
			type: "response",
			id: "x",
			command: "teleport",
			success: false,
			error: "Unknown command: teleport",
		});
		expect(await dispatch(command({ type: "panel_key", key: "down" }), context(session))).toMatchObject({
			success: false,
			error: expect.stringContaining("no panel is open"),
		});
	});

	it("set_steering_mode and set_follow_up_mode change the delivery modes get_state reports; another mode is refused", async () => {
		const session = scripted();
		const delivery: DeliveryModes = {};
		const ctx = context(session, undefined, delivery);
		expect((await dispatch(command({ type: "get_state" }), ctx)) as { data: unknown }).toMatchObject({
			data: { steeringMode: "all", followUpMode: "all" },
		});
		await dispatch(command({ type: "set_steering_mode", mode: "one-at-a-time" }), ctx);
		await dispatch(command({ type: "set_follow_up_mode", mode: "one-at-a-time" }), ctx);
		expect(delivery).toEqual({ steeringMode: "one-at-a-time", followUpMode: "one-at-a-time" });
		expect((await dispatch(command({ type: "get_state" }), ctx)) as { data: unknown }).toMatchObject({
			data: { steeringMode: "one-at-a-time", followUpMode: "one-at-a-time" },
		});
		expect(await dispatch(command({ type: "set_steering_mode", mode: "some" }), ctx)).toMatchObject({
			success: false,
			error: 'set_steering_mode: "mode" must be "all" or "one-at-a-time" (got "some")',
		});
		expect(delivery.steeringMode).toBe("one-at-a-time");
	});

	it("a missing or mistyped field fails naming it", async () => {
		const session = scripted();
		expect(await dispatch(command({ type: "prompt" }), context(session))).toMatchObject({
			success: false,
			error: 'prompt needs "message" (a string)',
		});
		expect(
			await dispatch(command({ type: "set_auto_retry", enabled: "yes" }), context(session)),
		).toMatchObject({
			success: false,
			error: 'set_auto_retry needs "enabled" (true or false)',
		});
		expect(
			await dispatch(command({ type: "prompt", message: "x", streamingBehavior: "later" }), context(session)),
		).toMatchObject({
			success: false,
			error: expect.stringContaining('"streamingBehavior" must be "steer" or "followUp"'),
		});
	});

	it("a prompt is accepted at once and runs; while it runs a prompt needs streamingBehavior", async () => {
		let release!: () => void;
		const held = new Promise<void>((resolve) => {
			release = resolve;
		});
		const session = scripted([{ text: "first", holdUntil: () => held }, { text: "second" }]);
		const ctx = context(session);
		const ended = new Promise<void>((resolve) => {
			let ends = 0;
			session.subscribe((e) => {
				if (e.type === "agent_end" && ++ends === 1) resolve();
			});
		});
		expect(await dispatch(command({ type: "prompt", message: "one", id: "p1" }), ctx)).toEqual({
			type: "response",
			id: "p1",
			command: "prompt",
			success: true,
		});
		await new Promise<void>((resolve) => {
			const stop = session.subscribe((e) => {
				if (e.type === "agent_start") {
					stop();
					resolve();
				}
			});
		});
		const refused = await dispatch(command({ type: "prompt", message: "two" }), ctx);
		expect(refused).toMatchObject({ success: false, error: expect.stringContaining("the agent is working") });
		const queued = await dispatch(
			command({ type: "prompt", message: "two", streamingBehavior: "followUp" }),
			ctx,
		);
		expect(queued).toMatchObject({ success: true });
		release();
		await ended;
		expect(session.messages.filter((m) => m.role === "user").map((m) => m.content)).toEqual(["one", "two"]);
	});

	it("a prompt naming a registered command runs it instead of the model; its failure is the response's", async () => {
		const session = scripted([]);
		const ran: string[] = [];
		session.kernel.commands.register(
			"hello",
			{ description: "greets", handler: (args) => void ran.push(args) },
			"greeter",
		);
		session.kernel.commands.register(
			"broken",
			{
				description: "fails",
				handler: () => {
					throw new Error("no luck");
				},
			},
			BUILTIN_OWNER,
		);
		expect(
			await dispatch(command({ type: "prompt", message: "/hello  world " }), context(session)),
		).toMatchObject({
			success: true,
		});
		expect(ran).toEqual(["world"]);
		expect(await dispatch(command({ type: "prompt", message: "/broken" }), context(session))).toMatchObject({
			success: false,
			error: "/broken failed: no luck",
		});
		expect(await dispatch(command({ type: "steer", message: "/hello" }), context(session))).toMatchObject({
			success: false,
			error: 'steer cannot run a command; send it with "prompt"',
		});
		session.kernel.commands.register(
			"review",
			{ description: "a template", handler: () => {} },
			"prompt-templates",
		);
		session.kernel.commands.register(
			"skill:pdf",
			{
				description: "a skill",
				origin: { path: "/home/u/.weft/skills/pdf/SKILL.md", location: "user" },
				handler: () => {},
			},
			"skills",
		);
		const listed = await dispatch(command({ type: "get_commands" }), context(session));
		expect(listed).toMatchObject({
			success: true,
			data: {
				commands: expect.arrayContaining([
					{ name: "hello", description: "greets", source: "extension", extension: "greeter" },
					{ name: "broken", description: "fails", source: "builtin" },
					{ name: "review", description: "a template", source: "prompt", extension: "prompt-templates" },
					{
						name: "skill:pdf",
						description: "a skill",
						source: "skill",
						extension: "skills",
						location: "user",
						path: "/home/u/.weft/skills/pdf/SKILL.md",
					},
				]),
			},
		});
	});

	it("a /command of an extension still starting waits for it to start, then runs", async () => {
		const session = scripted([]);
		const ran: string[] = [];
		let started!: () => void;
		const starting = new Promise<void>((resolve) => {
			started = () => {
				session.kernel.commands.register(
					"late",
					{ description: "", handler: (args) => void ran.push(args) },
					"slow",
				);
				resolve();
			};
		});
		const ctx = { ...context(session), extensionsStarting: () => starting };
		const response = dispatch(command({ type: "prompt", message: "/late now" }), ctx);
		await Promise.resolve();
		expect(ran).toEqual([]);
		started();
		expect(await response).toMatchObject({ success: true });
		expect(ran).toEqual(["now"]);
	});

	it("models and thinking: set_model finds the model or names it; cycle_model moves to the next", async () => {
		const session = scripted([]);
		const ctx = context(session);
		expect(
			await dispatch(command({ type: "set_model", provider: "scripted", modelId: "nope" }), ctx),
		).toMatchObject({
			success: false,
			error: expect.stringContaining("Model not found: scripted/nope"),
		});
		expect(await dispatch(command({ type: "cycle_model" }), ctx)).toMatchObject({
			success: true,
			data: { model: { id: "other", provider: "scripted", maxTokens: 8192 }, isScoped: false },
		});
		expect(session.model.id).toBe("other");
		expect(await dispatch(command({ type: "set_thinking_level", level: "xhigh" }), ctx)).toMatchObject({
			success: true,
		});
		expect(session.thinking).toBe("high");
		// The scripted model does not reason: nothing to cycle.
		expect(await dispatch(command({ type: "cycle_thinking_level" }), ctx)).toMatchObject({
			success: true,
			data: null,
		});
	});

	it("get_state, get_last_assistant_text and set_session_name", async () => {
		const session = scripted([{ text: "the answer" }]);
		const ctx = context(session);
		expect(await dispatch(command({ type: "get_last_assistant_text" }), ctx)).toMatchObject({
			data: { text: null },
		});
		await session.prompt("q");
		expect(await dispatch(command({ type: "get_last_assistant_text" }), ctx)).toMatchObject({
			data: { text: "the answer" },
		});
		expect(await dispatch(command({ type: "set_session_name", name: "  " }), ctx)).toMatchObject({
			success: false,
		});
		expect(await dispatch(command({ type: "set_session_name", name: "release" }), ctx)).toMatchObject({
			success: true,
		});
		expect(await dispatch(command({ type: "get_state" }), ctx)).toMatchObject({
			success: true,
			data: {
				model: { id: "scripted-model" },
				isStreaming: false,
				sessionId: session.id,
				sessionName: "release",
				messageCount: 2,
				pendingMessageCount: 0,
				autoCompactionEnabled: true,
			},
		});
	});
});
