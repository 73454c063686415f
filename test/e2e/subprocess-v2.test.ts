/**
 * Protocol v2 through the extension host: every catalog event with its
 * structured payload, generic intercept results, UI requests (cancelled
 * where nobody can answer), shortcuts, messages into the session, streamed
 * tool progress and log frames.
 */
import { afterEach, describe, expect, it } from "vitest";
import { textOf } from "../../src/kernel/messages.js";
import { interactiveUI } from "../support/fake-ui.js";
import { makeSandbox, type Sandbox, waitFor } from "./subprocess-fixtures.js";

let sb: Sandbox;
afterEach(async () => sb.cleanup());

const V2 = `start({ protocol: 2 });
send({ type: "register_tool", name: "slowly", description: "Streams", schema: { type: "object", properties: {} } });
send({ type: "subscribe", events: ["agent_start", "tool_call", "tool_execution_update"], intercept: ["input", "tool_result"] });
ready();
serve((f) => {
	send({ type: "tool_update", id: f.id, content: [{ type: "text", text: "half" }] });
	send({ type: "tool_result", id: f.id, content: [{ type: "text", text: "whole" }] });
}, (f) => {
	if (f.type !== "event_intercept") return;
	if (f.event === "input") send({ type: "event_intercept_response", id: f.id, result: { action: "transform", text: f.payload.text + "!" } });
	if (f.event === "tool_result") send({ type: "event_intercept_response", id: f.id, result: { content: f.payload.content[0].text + ", rewritten" } });
});`;

describe("protocol v2", () => {
	it("subscribes to any catalog event with its payload, and intercepts with the event's own result", async () => {
		sb = makeSandbox();
		const dir = sb.script("full", "node", V2);
		const { session } = await sb.session([{ toolCalls: [{ name: "slowly", args: {} }] }, { text: "ok" }], {
			cliPaths: [dir],
		});
		const updates: unknown[] = [];
		session.subscribe((event) => {
			if (event.type === "tool_execution_update") updates.push(event.partial);
		});
		await session.prompt("hi");
		expect(session.messages[0]).toMatchObject({ role: "user", content: "hi!" });
		const result = session.messages.find((m) => m.role === "toolResult")!;
		expect(textOf(result.content)).toBe("whole, rewritten");
		expect(updates).toEqual([[{ type: "text", text: "half" }]]);

		await waitFor(() => sb.seen("full").some((f) => f.event === "tool_execution_update"), "the update event");
		const events = sb.seen("full").filter((f) => f.type === "event");
		expect(events[0]).toEqual({ type: "event", event: "agent_start", payload: { prompt: "hi!" } });
		expect(events[1]).toMatchObject({
			event: "tool_call",
			tool_name: "slowly",
			tool_args: {},
			payload: { name: "slowly", args: {}, source: "model" },
		});
		expect(events[2]).toMatchObject({
			event: "tool_execution_update",
			payload: { partial: [{ type: "text", text: "half" }] },
		});
	});

	it("refuses to intercept an observe event, saying to subscribe instead", async () => {
		sb = makeSandbox();
		const dir = sb.script(
			"wrong",
			"node",
			`start({ protocol: 2 }); send({ type: "subscribe", events: [], intercept: ["agent_end"] }); ready(); serve();`,
		);
		const { host } = sb.host({ cliPaths: [dir] });
		await host.loadAll();
		expect(host.diagnostics()[0].errors[0].message).toBe(
			'cannot intercept "agent_end": "agent_end" is an observe event; its results are ignored, so subscribe to it in "events" instead',
		);
	});

	/** A v2 extension whose command runs `body`, which awaits ui_request answers through `request(method, params)`. */
	const commandAsking = (command: string, body: string) => `start({ protocol: 2 });
	send({ type: "register_command", name: "${command}", description: "Asks the UI" });
	ready();
	let next = 0;
	const waiting = new Map();
	const request = (method, params) => new Promise((resolve) => {
		const id = "u" + ++next;
		waiting.set(id, resolve);
		send({ type: "ui_request", id, method, params });
	});
	serve(pong, async (f) => {
		if (f.type === "ui_response") return waiting.get(f.id)(f);
		if (f.type !== "command_invoked") return;
${body}
	});`;

	const ASK = commandAsking(
		"ask",
		`		await request("set_status", { id: "mood", text: "asking" });
		const answer = await request(f.args || "confirm", { title: "Deploy?", message: "to prod", items: ["a", "b"] });
		send({ type: "command_response", id: f.id, action: "display", display: JSON.stringify(answer) });`,
	);

	it("answers dialogs as cancelled where nobody can answer, and acts on status requests", async () => {
		sb = makeSandbox();
		const dir = sb.script("asker", "node", ASK);
		const { host, kernel, ui } = sb.host({ cliPaths: [dir] });
		await host.loadAll();
		await kernel.commands.get("ask")!.handler("confirm", { cwd: sb.cwd });
		await kernel.commands.get("ask")!.handler("teleport", { cwd: sb.cwd });
		expect(ui.printed.map((p) => JSON.parse(p.text))).toEqual([
			{ type: "ui_response", id: "u2", cancelled: true },
			{ type: "ui_response", id: "u4", cancelled: true, error: 'unknown ui method "teleport"' },
		]);
		expect(ui.statuses.get("mood")).toBe("asking");
		expect(host.diagnostics()[0].subprocess?.problems).toEqual({ 'ui method "teleport"': 1 });
	});

	it("passes dialogs to an interactive UI and returns the user's answer", async () => {
		sb = makeSandbox();
		const dir = sb.script("asker", "node", ASK);
		const asked: string[] = [];
		const printed: string[] = [];
		const ui = interactiveUI({
			print: (block) => printed.push(block.text),
			select: async (_title, items) => String(items[1]),
			confirm: async (title, message) => {
				asked.push(`${title} ${message}`);
				return true;
			},
		});
		const { host, kernel } = sb.host({ cliPaths: [dir], ui });
		await host.loadAll();
		await kernel.commands.get("ask")!.handler("confirm", { cwd: sb.cwd });
		await kernel.commands.get("ask")!.handler("select", { cwd: sb.cwd });
		expect(asked).toEqual(["Deploy? to prod"]);
		expect(printed.map((text) => JSON.parse(text).value)).toEqual([true, "b"]);
	});

	it("passes the look requests to the UI port, answering getters and set_theme with their values", async () => {
		sb = makeSandbox();
		const dir = sb.script(
			"looker",
			"node",
			commandAsking(
				"look",
				`		await request("set_working_message", { text: "Brewing" });
		await request("set_working_indicator", { frames: ["a", "b"], interval_ms: 120 });
		await request("set_tools_expanded", { expanded: true });
		const expanded = await request("get_tools_expanded", {});
		const theme = await request("set_theme", { name: "light" });
		send({ type: "command_response", id: f.id, action: "display", display: JSON.stringify([expanded.value, theme.value]) });`,
			),
		);
		const calls: unknown[] = [];
		let expanded = false;
		const printed: string[] = [];
		const ui = interactiveUI({
			print: (block) => printed.push(block.text),
			setWorkingMessage: (text) => calls.push(["message", text]),
			setWorkingIndicator: (indicator) => calls.push(["indicator", indicator]),
			setToolsExpanded: (value) => {
				expanded = value;
			},
			getToolsExpanded: () => expanded,
			setTheme: (theme) => (theme === "light" ? { success: true } : { success: false, error: "no" }),
		});
		const { host, kernel } = sb.host({ cliPaths: [dir], ui });
		await host.loadAll();
		await kernel.commands.get("look")!.handler("", { cwd: sb.cwd });
		expect(calls).toEqual([
			["message", "Brewing"],
			["indicator", { frames: ["a", "b"], intervalMs: 120 }],
		]);
		expect(printed.map((text) => JSON.parse(text))).toEqual([[true, { success: true }]]);
	});

	it("binds a shortcut that tells the extension, which can send a message into the session", async () => {
		sb = makeSandbox();
		const dir = sb.script(
			"keys",
			"node",
			`start({ protocol: 2 });
			send({ type: "register_shortcut", key: "ctrl+t", description: "Note it" });
			send({ type: "log", level: "warn", message: "registered the shortcut" });
			ready();
			serve(pong, (f) => {
				if (f.type === "shortcut_invoked") send({ type: "send_message", text: "pressed " + f.key, deliver: "follow_up", trigger_turn: false });
			});`,
		);
		const { session, kernel, host } = await sb.session([], { cliPaths: [dir] });
		const [binding] = kernel.keymaps.lookup("ctrl+t", ["global"]);
		expect(binding).toMatchObject({ owner: "keys", description: "Note it", priority: 100 });
		expect(binding.handler()).toBe(true);
		await waitFor(() => session.messages.length === 1, "the message");
		expect(session.messages[0]).toMatchObject({
			role: "custom",
			customType: "keys",
			content: "pressed ctrl+t",
			display: true,
		});
		expect(host.diagnostics()[0].keymaps).toEqual([
			{ key: "ctrl+t", target: "global", priority: 100, description: "Note it" },
		]);
		await waitFor(() => sb.log("keys").includes("warn registered the shortcut"), "the log frame");
	});

	it("streams tool progress to the caller's onUpdate", async () => {
		sb = makeSandbox();
		const dir = sb.script("full", "node", V2);
		const { host, kernel } = sb.host({ cliPaths: [dir] });
		await host.loadAll();
		const updates: unknown[] = [];
		const tool = kernel.tools.get("slowly")!;
		const output = await tool.execute(
			{},
			{
				cwd: sb.cwd,
				toolCallId: "x",
				signal: new AbortController().signal,
				onUpdate: (partial) => updates.push(partial),
			},
		);
		expect(updates).toEqual([[{ type: "text", text: "half" }]]);
		expect(output).toEqual({ content: [{ type: "text", text: "whole" }], isError: false });
	});

	it("holds an intercept's deadline while its dialog waits on the user", async () => {
		sb = makeSandbox();
		const dir = sb.script(
			"asks",
			"node",
			`start({ protocol: 2 });
			send({ type: "subscribe", events: [], intercept: ["tool_call"] });
			ready();
			const intercepts = new Map();
			serve(pong, (f) => {
				if (f.type === "event_intercept") {
					intercepts.set("u-" + f.id, f.id);
					send({ type: "ui_request", id: "u-" + f.id, method: "confirm", params: { title: "Run " + f.tool_name + "?" } });
				}
				if (f.type === "ui_response") send({ type: "event_intercept_response", id: intercepts.get(f.id), block: f.value !== true, reason: "the user said no" });
			});`,
		);
		let answer: (yes: boolean) => void = () => {};
		let asked = false;
		const ui = interactiveUI({
			confirm: (title) => {
				asked = title === "Run ping_asks?";
				return new Promise<boolean>((resolve) => (answer = resolve));
			},
		});
		const { host, kernel } = sb.host({
			cliPaths: [dir],
			ui,
			settings: { extensionOptions: { asks: { deadlineMs: 50 } } },
		});
		await host.loadAll();
		const dispatch = kernel.bus.emit("tool_call", { id: "c1", name: "ping_asks", args: {}, source: "model" });
		await waitFor(() => asked, "the dialog");
		// Several deadlines pass while the user thinks; the call must not fail closed meanwhile.
		await new Promise((r) => setTimeout(r, 300));
		answer(true);
		expect((await dispatch).terminal).toBeUndefined();
		expect(host.diagnostics()[0].statsByEvent.tool_call.timeouts).toBe(0);
	});
});
