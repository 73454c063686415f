/**
 * Subprocess extensions through the extension host, protocol v1: discovery
 * and trust, the handshake, tools, commands and their five actions, events
 * and intercepts chained with in-process handlers on the same bus, panels,
 * notify, diagnostics and reload.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { addTrusted } from "../../src/extensions/trust.js";
import { textOf } from "../../src/kernel/messages.js";
import { alive, callTool, makeSandbox, type Sandbox, textOfOutput, waitFor } from "./subprocess-fixtures.js";

let sb: Sandbox;
afterEach(async () => sb.cleanup());

const GOOD = "start(); ready(); serve();";

describe("discovery and loading", () => {
	it("loads a folder with extension.json given by -e, named by its manifest", async () => {
		sb = makeSandbox();
		const dir = sb.folder("folder-name", { "ext.mjs": "" }, {});
		writeFileSync(
			join(dir, "extension.json"),
			JSON.stringify({ name: "real-name", exec: process.execPath, args: ["ext.mjs"] }),
		);
		writeFileSync(
			join(dir, "ext.mjs"),
			`process.stdout.write(JSON.stringify({ type: "hello", name: "real-name", version: "1", capabilities: [] }) + "\\n");
			process.stdout.write(JSON.stringify({ type: "ready" }) + "\\n");
			process.stdin.resume();`,
		);
		const { host } = sb.host({ cliPaths: [dir] });
		const [record] = await host.loadAll();
		expect(record).toMatchObject({ name: "real-name", kind: "subprocess", status: "loaded", origin: "cli" });
		expect(record.entry).toBe(join(dir, "extension.json"));
	});

	it("loads project subprocess extensions only in a trusted folder", async () => {
		sb = makeSandbox();
		const dir = sb.script("guarded", "node", GOOD);
		const target = join(sb.cwd, ".weft", "extensions", "guarded");
		mkdirSync(join(sb.cwd, ".weft", "extensions"), { recursive: true });
		const { renameSync } = await import("node:fs");
		renameSync(dir, target);
		const first = sb.host();
		expect((await first.host.loadAll())[0]).toMatchObject({ name: "guarded", status: "untrusted" });
		addTrusted(sb.home, sb.cwd);
		const second = sb.host();
		expect((await second.host.loadAll())[0]).toMatchObject({
			name: "guarded",
			status: "loaded",
			project: true,
		});
		expect(second.kernel.tools.names()).toEqual(["ping_guarded"]);
	});

	it('honours "enabled": false and disabledExtensions without starting a process', async () => {
		sb = makeSandbox();
		const off = sb.script("off", "node", GOOD);
		const manifest = JSON.parse(
			await import("node:fs").then((fs) => fs.readFileSync(join(off, "extension.json"), "utf8")),
		);
		writeFileSync(join(off, "extension.json"), JSON.stringify({ ...manifest, enabled: false }));
		const listed = sb.script("listed", "node", GOOD);
		const { host } = sb.host({
			settings: { extensions: [`path:${off}`, `path:${listed}`], disabledExtensions: ["listed"] },
		});
		writeFileSync(
			join(sb.home, "settings.json"),
			JSON.stringify({ extensions: [`path:${off}`, `path:${listed}`] }),
		);
		const records = await host.loadAll();
		expect(records.map((r) => [r.name, r.status])).toEqual([
			["off", "disabled"],
			["listed", "disabled"],
		]);
		expect(records[0].reason).toContain('"enabled": false');
		expect(sb.log("off")).toBe("");
		expect(sb.log("listed")).toBe("");
	});

	it("reports a manifest without exec at discovery, naming the file", async () => {
		sb = makeSandbox();
		const dir = sb.folder("broken", {}, {});
		const { host } = sb.host({ cliPaths: [dir] });
		const [record] = await host.loadAll();
		expect(record.status).toBe("failed");
		expect(record.reason).toMatch(/extension\.json: "exec" is required/);
	});

	it("reports a program that does not exist as a load failure with what to check", async () => {
		sb = makeSandbox();
		const dir = sb.folder("missing", {}, { exec: "./no-such-program" });
		const { host } = sb.host({ cliPaths: [dir] });
		const [record] = await host.loadAll();
		expect(record.status).toBe("failed");
		expect(record.reason).toContain("no such program");
		expect(host.notices()).toContain(`extension "missing" failed to load: ${record.reason}`);
	});
});

describe("handshake", () => {
	it("fails an extension whose first line is not hello, naming it, while the others load", async () => {
		sb = makeSandbox();
		const rude = sb.script("rude", "node", 'send({ type: "ready" }); start(); serve();');
		const fine = sb.script("fine", "node", GOOD);
		const { host, kernel } = sb.host({ cliPaths: [rude, fine] });
		const records = await host.loadAll();
		expect(records.map((r) => [r.name, r.status])).toEqual([
			["rude", "failed"],
			["fine", "loaded"],
		]);
		expect(records[0].reason).toBe('its first line must be a "hello" frame, but it was a "ready" frame');
		expect(kernel.tools.names()).toEqual(["ping_fine"]);
		await waitFor(() => host.diagnostics()[0].subprocess?.pid === undefined, "the rude child to be stopped");
	});

	it("treats an extension that never sends ready as ready once it falls silent", async () => {
		sb = makeSandbox();
		const dir = sb.script("quiet", "node", "start(); serve();");
		const { host, kernel } = sb.host({ cliPaths: [dir] });
		expect((await host.loadAll())[0].status).toBe("loaded");
		expect(textOfOutput(await callTool(kernel, "ping_quiet"))).toBe("pong");
	});

	it("answers hello with weft's version, the folders and the protocol; v2 also gets the event list", async () => {
		sb = makeSandbox();
		const v1 = sb.script("one", "node", GOOD);
		const v2 = sb.script("two", "node", "start({ protocol: 2 }); ready(); serve();");
		const { host } = sb.host({ cliPaths: [v1, v2], settings: { defaultProvider: "p", defaultModel: "m" } });
		await host.loadAll();
		await waitFor(() => sb.seen("one").length > 0 && sb.seen("two").length > 0, "both acks");
		const [ack1] = sb.seen("one");
		const version = JSON.parse(
			await import("node:fs").then((fs) => fs.readFileSync("package.json", "utf8")),
		).version;
		expect(ack1).toEqual({
			type: "hello_ack",
			protocol_version: 1,
			zot_version: version,
			weft_version: version,
			provider: "p",
			model: "m",
			cwd: sb.cwd,
			extension_dir: v1,
			// As the original agent gives it: the extension's own folder.
			data_dir: v1,
		});
		const [ack2] = sb.seen("two");
		expect(ack2.protocol_version).toBe(2);
		expect(ack2.events).toContain("before_provider_request");
		expect(host.diagnostics().map((d) => d.subprocess?.protocol)).toEqual([1, 2]);
	});
});

describe("tools", () => {
	const TOOLS = `start();
	send({ type: "register_tool", name: "shot", description: "A picture", schema: { type: "object", properties: { n: { type: "integer" } }, required: ["n"] } });
	send({ type: "register_tool", name: "broken", description: "Bad schema", schema: { type: "object", properties: { a: { type: "nope" } } } });
	send({ type: "register_tool", name: "not an ok name", description: "x", schema: { type: "object" } });
	ready();
	serve((f) => {
		if (f.name === "ping_pics") pong(f);
		else if (f.name === "shot") send({ type: "tool_result", id: f.id, content: [{ type: "text", text: "n=" + f.args.n }, { type: "image", mime_type: "image/png", data: "iVBORw0KGgo=" }], is_error: false });
		else send({ type: "tool_result", id: f.id, content: [{ type: "text", text: "no" }], is_error: true });
	});`;

	it("turns text and image blocks into content, and skips and reports a tool whose schema is invalid", async () => {
		sb = makeSandbox();
		const dir = sb.script("pics", "node", TOOLS);
		const { host, kernel, ui } = sb.host({ cliPaths: [dir] });
		await host.loadAll();
		expect(kernel.tools.names().sort()).toEqual(["ping_pics", "shot"]);
		const output = await callTool(kernel, "shot", { n: 3 });
		expect(output).toEqual({
			content: [
				{ type: "text", text: "n=3" },
				{ type: "image", mimeType: "image/png", data: "iVBORw0KGgo=" },
			],
			isError: false,
		});
		expect(await callTool(kernel, "ping_pics")).toEqual({
			content: [{ type: "text", text: "pong" }],
			isError: false,
		});
		const errors = host.diagnostics()[0].errors.map((e) => e.message);
		expect(errors).toContainEqual(
			expect.stringContaining('register_tool "broken": its schema is not a valid JSON Schema object'),
		);
		expect(errors).toContainEqual(expect.stringContaining('tool name "not an ok name" is invalid'));
		expect(ui.notifications.map((n) => n.message)).toContainEqual(expect.stringContaining('"broken"'));
	});

	it("runs extension tools through the same validation and interception as every tool", async () => {
		sb = makeSandbox();
		const dir = sb.script("pics", "node", TOOLS);
		const { session, host } = await sb.session(
			[
				{ toolCalls: [{ name: "shot", args: { n: "x" } }] },
				{ toolCalls: [{ name: "shot", args: { n: 2 } }] },
				{ text: "done" },
			],
			{ cliPaths: [dir] },
		);
		expect(host.list()[0].status).toBe("loaded");
		await session.prompt("go");
		const results = session.messages.filter((m) => m.role === "toolResult");
		expect(textOf(results[0].content)).toContain('Invalid arguments for tool "shot"');
		expect(textOf(results[1].content)).toBe("n=2");
		expect(results[1].isError).toBe(false);
		expect(sb.seen("pics").filter((f) => f.type === "tool_call")).toHaveLength(1);
	});
});

describe("commands", () => {
	const COMMANDS = `start();
	send({ type: "register_command", name: "act", description: "Does what it is told" });
	ready();
	serve(pong, (f) => {
		if (f.type !== "command_invoked") return;
		const [action, ...rest] = f.args.split(" ");
		const text = rest.join(" ");
		const reply = { type: "command_response", id: f.id, action };
		if (action === "prompt") reply.prompt = text;
		if (action === "insert") reply.insert = text;
		if (action === "display") reply.display = text;
		if (action === "open_panel") reply.open_panel = { id: "p1", title: "Todo", lines: ["a", "b"], footer: "esc closes" };
		if (action === "fail") Object.assign(reply, { action: "display", display: "partial", error: "it broke" });
		send(reply);
	});`;

	it("applies prompt, insert, display, open_panel and noop; an error is shown and nothing else happens", async () => {
		sb = makeSandbox();
		const dir = sb.script("cmds", "node", COMMANDS);
		const { session, host, kernel, ui } = await sb.session([{ text: "hello back" }], { cliPaths: [dir] });
		const inserted: string[] = [];
		host.subprocess.onInsert = (text) => inserted.push(text);
		const run = (args: string) => kernel.commands.get("act")!.handler(args, { cwd: sb.cwd });

		await run("  insert some text  ");
		expect(inserted).toEqual(["some text"]);
		await run("display a note");
		expect(ui.printed).toEqual([
			expect.objectContaining({ kind: "info", text: "a note", extension: "cmds" }),
		]);
		await run("noop");
		await run("fail");
		expect(ui.notifications).toContainEqual({ extension: "cmds", message: "/act: it broke", level: "error" });
		// As in the original protocol: the action of a response with an error is not performed.
		expect(ui.printed.map((p) => p.text)).toEqual(["a note"]);
		await run("open_panel");
		expect(host.subprocess.panels.current()).toEqual({
			extension: "cmds",
			id: "p1",
			title: "Todo",
			lines: ["a", "b"],
			footer: "esc closes",
		});
		await run("prompt tell me more");
		await waitFor(() => session.messages.length >= 2, "the turn the command started");
		expect(session.messages[0]).toMatchObject({ role: "user", content: "tell me more" });
		expect(
			sb
				.seen("cmds")
				.filter((f) => f.type === "command_invoked")
				.map((f) => f.args),
		).toEqual(["insert some text", "display a note", "noop", "fail", "open_panel", "prompt tell me more"]);
	});

	it("drives a panel: keys go to the extension, its renders update the panel, Esc closes it and tells it", async () => {
		sb = makeSandbox();
		const dir = sb.script(
			"panel",
			"node",
			`start();
			send({ type: "register_command", name: "open", description: "Open" });
			ready();
			let presses = [];
			serve(pong, (f) => {
				if (f.type === "command_invoked") send({ type: "command_response", id: f.id, action: "open_panel", open_panel: { id: "main", title: "Keys", lines: [] } });
				if (f.type === "panel_key") {
					presses.push(f.key === "rune" ? f.text : f.key);
					send({ type: "panel_render", panel_id: "other", title: "ignored", lines: [] });
					send({ type: "panel_render", panel_id: "main", title: "Keys", lines: presses, footer: presses.length + " keys" });
				}
			});`,
		);
		const { host, kernel } = sb.host({ cliPaths: [dir] });
		await host.loadAll();
		const panels = host.subprocess.panels;
		const views: Array<string | undefined> = [];
		panels.onChange((view) => views.push(view?.footer));
		await kernel.commands.get("open")!.handler("", { cwd: sb.cwd });
		expect(panels.sendKey("down")).toBe(true);
		panels.sendKey("rune", "x");
		panels.sendKey("F13");
		await waitFor(() => panels.current()?.lines.length === 3, "three renders");
		expect(panels.current()?.lines).toEqual(["down", "x", "unknown"]);
		expect(panels.sendKey("escape")).toBe(true);
		expect(panels.current()).toBeUndefined();
		expect(panels.sendKey("down")).toBe(false);
		await waitFor(() => sb.seen("panel").some((f) => f.type === "panel_close"), "panel_close");
		expect(sb.seen("panel").find((f) => f.type === "panel_close")).toEqual({
			type: "panel_close",
			panel_id: "main",
		});
		expect(views.at(-1)).toBeUndefined();
		expect(host.diagnostics()[0].subprocess?.problems).toEqual({ "stale panel": 3 });
	});

	it("gives a command name to the first registrant and reports the conflict to the other", async () => {
		sb = makeSandbox();
		const body = `start(); send({ type: "register_command", name: "same", description: "x" }); ready(); serve();`;
		const a = sb.script("a", "node", body);
		const b = sb.script("b", "node", body);
		const { host, kernel } = sb.host({ cliPaths: [a, b] });
		await host.loadAll();
		const winner = kernel.commands.ownerOf("same");
		const loser = winner === "a" ? "b" : "a";
		const diagnostics = host.diagnostics().find((d) => d.name === loser)!;
		expect(diagnostics.errors[0].message).toBe(
			`command "same" is already registered by "${winner}"; this one was not registered`,
		);
	});
});

describe("events and intercepts", () => {
	const IN_PROCESS = `export default function (weft) {
		weft.on("tool_call", (event) => {
			if (event.name === "echo") return { args: { text: event.args.text + "+in" } };
		});
	}`;
	const GUARD = `start();
	send({ type: "register_tool", name: "echo", description: "Echo", schema: { type: "object", properties: { text: { type: "string" } } } });
	send({ type: "subscribe", events: ["session_start", "turn_start", "turn_end", "tool_call", "assistant_message"], intercept: ["tool_call", "assistant_message"] });
	ready();
	serve((f) => send({ type: "tool_result", id: f.id, content: [{ type: "text", text: "echo:" + f.args.text }] }), (f) => {
		if (f.type !== "event_intercept") return;
		if (f.event === "tool_call" && f.tool_args.text.startsWith("rm")) send({ type: "event_intercept_response", id: f.id, block: true, reason: "no deleting" });
		else if (f.event === "tool_call") send({ type: "event_intercept_response", id: f.id, block: false, modified_args: { text: f.tool_args.text + "+sub" } });
		else send({ type: "event_intercept_response", id: f.id, replace_text: f.text.toUpperCase() });
	});`;

	it("chains v1 intercepts with in-process handlers in load order, blocks with the reason, and sends v1 events as the original", async () => {
		sb = makeSandbox();
		const inProcess = join(sb.root, "in-process.mjs");
		writeFileSync(inProcess, IN_PROCESS);
		const guard = sb.script("guard", "node", GUARD);
		const { session, host } = await sb.session(
			[
				{ toolCalls: [{ name: "echo", args: { text: "a" } }] },
				{ toolCalls: [{ name: "echo", args: { text: "rm -rf" } }] },
				{ text: "all done" },
			],
			{ cliPaths: [inProcess, guard] },
		);
		const published: Array<Record<string, unknown>> = [];
		session.subscribe((event) => {
			if (event.type === "assistant_message") published.push(event);
		});
		const result = await session.prompt("go");
		expect(result.reason).toBe("completed");
		const results = session.messages.filter((m) => m.role === "toolResult");
		expect(textOf(results[0].content)).toBe("echo:a+in+sub");
		// The reason exactly as the extension wrote it, as the original agent gives it to the model.
		expect(textOf(results[1].content)).toBe("no deleting");
		expect(published).toEqual([expect.objectContaining({ text: "ALL DONE" })]);
		expect(session.messages.at(-1)).toMatchObject({
			role: "assistant",
			content: [{ type: "text", text: "all done" }],
		});

		await waitFor(
			() => sb.seen("guard").filter((f) => f.event === "turn_end").length === 3,
			"three turn_end events",
		);
		const events = sb.seen("guard").filter((f) => f.type === "event");
		// As the original sends them: every reply announced (without text when it only calls tools), and a
		// tool-calling turn ended before its tools run; observed events carry the payload as emitted.
		expect(events.map((f) => f.event)).toEqual([
			"session_start",
			"turn_start",
			"assistant_message",
			"turn_end",
			"tool_call",
			"turn_start",
			"assistant_message",
			"turn_end",
			"tool_call",
			"turn_start",
			"assistant_message",
			"turn_end",
		]);
		expect(events[1]).toEqual({ type: "event", event: "turn_start", step: 1 });
		expect(events[2]).toEqual({ type: "event", event: "assistant_message" });
		expect(events[3]).toEqual({ type: "event", event: "turn_end", stop: "tool_use" });
		expect(events[4]).toMatchObject({ tool_name: "echo", tool_args: { text: "a" } });
		expect(events[8]).toMatchObject({ tool_name: "echo", tool_args: { text: "rm -rf" } });
		expect(events[10]).toEqual({ type: "event", event: "assistant_message", text: "all done" });
		expect(events[11]).toEqual({ type: "event", event: "turn_end", stop: "end" });
		const intercepts = sb.seen("guard").filter((f) => f.type === "event_intercept");
		expect(intercepts[0]).toMatchObject({
			event: "tool_call",
			tool_name: "echo",
			tool_args: { text: "a+in" },
		});
		expect(intercepts[0].payload).toBeUndefined();
		const stats = host.diagnostics()[1].subprocess!.intercepts;
		expect(stats.tool_call.calls).toBe(2);
		expect(stats.assistant_message.calls).toBe(1);
	});

	it("ends the run before the model call when a turn_start intercept blocks", async () => {
		sb = makeSandbox();
		const dir = sb.script(
			"stopper",
			"node",
			`start(); send({ type: "subscribe", events: [], intercept: ["turn_start"] }); ready();
			serve(pong, (f) => { if (f.type === "event_intercept") send({ type: "event_intercept_response", id: f.id, block: f.step > 1, reason: "one step only" }); });`,
		);
		const { session } = await sb.session(
			[{ toolCalls: [{ name: "ping_stopper", args: {} }] }, { text: "never" }],
			{ cliPaths: [dir] },
		);
		const result = await session.prompt("go");
		expect(result).toMatchObject({ reason: "blocked", error: "one step only" });
	});

	it("hides an assistant message from display when its intercept blocks it", async () => {
		sb = makeSandbox();
		const dir = sb.script(
			"hider",
			"node",
			`start(); send({ type: "subscribe", events: [], intercept: ["assistant_message"] }); ready();
			serve(pong, (f) => { if (f.type === "event_intercept") send({ type: "event_intercept_response", id: f.id, block: true }); });`,
		);
		const { session } = await sb.session([{ text: "secret" }], { cliPaths: [dir] });
		const published: Array<Record<string, unknown>> = [];
		session.subscribe((event) => {
			if (event.type === "assistant_message") published.push(event);
		});
		await session.prompt("go");
		expect(published[0].outcome).toEqual({ hide: true });
		expect(session.messages.at(-1)).toMatchObject({ content: [{ type: "text", text: "secret" }] });
	});

	it("refuses, and reports, v1 subscriptions to events v1 does not have", async () => {
		sb = makeSandbox();
		const dir = sb.script(
			"eager",
			"node",
			`start(); send({ type: "subscribe", events: ["agent_end", "no_such_event"], intercept: ["input"] }); ready(); serve();`,
		);
		const { host, kernel } = sb.host({ cliPaths: [dir] });
		await host.loadAll();
		expect(kernel.bus.listHandlers("eager")).toEqual([]);
		const errors = host.diagnostics()[0].errors.map((e) => e.message);
		expect(errors[0]).toContain('cannot subscribe to "agent_end": protocol v1 supports session_start');
		expect(errors[1]).toContain('cannot subscribe to "no_such_event": no such event');
		expect(errors[2]).toContain('cannot intercept "input"');
	});
});

describe("notify, stderr, diagnostics and reload", () => {
	it("shows notify frames as notes at their level and writes stderr to the extension's log", async () => {
		sb = makeSandbox();
		const dir = sb.script(
			"noisy",
			"node",
			`start();
			send({ type: "notify", level: "warn", message: "careful" });
			send({ type: "notify", level: "success", message: "yay" });
			process.stderr.write("debug line one\\ndebug line two\\n");
			ready(); serve();`,
		);
		const { host, ui } = sb.host({ cliPaths: [dir] });
		await host.loadAll();
		await waitFor(() => sb.log("noisy").includes("debug line two"), "stderr in the log");
		expect(ui.notifications).toEqual([
			{ extension: "noisy", message: "careful", level: "warning" },
			{ extension: "noisy", message: "yay", level: "success" },
		]);
		expect(sb.log("noisy")).toMatch(/info stderr: debug line one\n.*info stderr: debug line two\n/);
	});

	it("treats an extension that closes its stdout as gone, ending the process", async () => {
		sb = makeSandbox();
		const dir = sb.script(
			"closer",
			"node",
			`process.on("SIGTERM", () => {}); start(); ready(); serve(() => process.stdout.end()); setInterval(() => {}, 1000);`,
		);
		const { host, kernel } = sb.host({ cliPaths: [dir] });
		await host.loadAll();
		const pid = host.diagnostics()[0].subprocess!.pid;
		await expect(callTool(kernel, "ping_closer")).rejects.toThrow(
			'extension "closer" closed its stdout while running its tool "ping_closer"',
		);
		await waitFor(() => !alive(pid), "the process to be ended");
		expect(kernel.tools.names()).toEqual([]);
	});

	it("reports pid, protocol, uptime and restarts, and a reload starts a fresh process", async () => {
		sb = makeSandbox();
		const dir = sb.script("again", "node", GOOD);
		const { host, kernel } = sb.host({ cliPaths: [dir] });
		await host.loadAll();
		const before = host.diagnostics()[0].subprocess!;
		expect(before).toMatchObject({
			protocol: 1,
			phase: "running",
			restarts: 0,
			exec: `${process.execPath} ext.mjs`,
		});
		expect(before.pid).toBeGreaterThan(0);
		await host.reload();
		const after = host.diagnostics()[0].subprocess!;
		expect(after.restarts).toBe(1);
		expect(after.pid).not.toBe(before.pid);
		expect(textOfOutput(await callTool(kernel, "ping_again"))).toBe("pong");
		expect(sb.log("again").match(/ready \(protocol v1\)/g)).toHaveLength(2);
	});
});
