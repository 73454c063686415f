/**
 * Subprocess extensions that start late or stop answering, through the
 * extension host: a start that outlasts `loadAll` goes on in the
 * background (runs wait for it, saying so; it still gets what it missed);
 * an extension whose replies keep missing their deadline is restarted once,
 * then suspended, until /reload; a child that ignores SIGTERM dies when the
 * extension exits mid-session. Starts are released by the test (a file the
 * extension waits for), never by a delay; limits that must pass are set
 * short only for extensions that truly never answer.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { NonInteractiveUI } from "../../src/extensions/non-interactive-ui.js";
import type { Kernel } from "../../src/kernel/kernel.js";
import { interactiveUI } from "../support/fake-ui.js";
import { alive, callTool, makeSandbox, type Sandbox, textOfOutput, waitFor } from "./subprocess-fixtures.js";

let sb: Sandbox;
afterEach(async () => sb.cleanup());

/** Waits until the test writes `go` in its folder, then starts as usual. */
const WAITS_FOR_GO = `const { existsSync } = await import("node:fs");
while (!existsSync("go")) await new Promise((r) => setTimeout(r, 20));`;
const release = (dir: string) => writeFileSync(join(dir, "go"), "");

/** loadAll returns at once: nothing waits for subprocess starts. */
const NO_WAIT = { readyWaitMs: 0 };

describe("a subprocess extension that starts after loadAll returned", () => {
	it("is listed as starting, and is ready with its tool once whenStarted resolves", async () => {
		sb = makeSandbox();
		const dir = sb.script("late", "node", `${WAITS_FOR_GO}\nstart(); ready(); serve();`);
		const { host, kernel } = sb.host({ cliPaths: [dir], subprocess: NO_WAIT });
		const [record] = await host.loadAll();
		expect(record.status).toBe("starting");
		expect(host.starting()).toEqual(["late"]);
		expect(kernel.tools.names()).toEqual([]);
		release(dir);
		await host.whenStarted();
		expect(host.list()[0].status).toBe("loaded");
		expect(host.starting()).toEqual([]);
		expect(textOfOutput(await callTool(kernel, "ping_late"))).toBe("pong");
	});

	it("holds a run's model request until it is ready, says so once, and its tool is offered", async () => {
		sb = makeSandbox();
		const dir = sb.script("late", "node", `${WAITS_FOR_GO}\nstart(); ready(); serve();`);
		let offered: string[] = [];
		const { host, ui, session } = await sb.session(
			[
				(request) => {
					offered = request.tools.map((tool) => tool.name);
					return { text: "done" };
				},
			],
			{ cliPaths: [dir], subprocess: NO_WAIT },
		);
		const run = session.prompt("hello");
		await waitFor(
			() => ui.notifications.some((n) => n.message === 'waiting for extension "late" to start…'),
			"the waiting note",
		);
		expect(host.starting()).toEqual(["late"]);
		release(dir);
		expect((await run).response).toBe("done");
		expect(offered).toContain("ping_late");
		expect(ui.notifications.filter((n) => n.message.startsWith("waiting for"))).toHaveLength(1);
	});

	it("shows the wait as a status segment in the terminal UI, removed once it is ready", async () => {
		sb = makeSandbox();
		const dir = sb.script("late", "node", `${WAITS_FOR_GO}\nstart(); ready(); serve();`);
		const statuses: Array<[string, string | undefined]> = [];
		const ui = interactiveUI({
			setStatus: (id, text) => statuses.push([id, text]),
		});
		const { session } = await sb.session([{ text: "done" }], { cliPaths: [dir], subprocess: NO_WAIT, ui });
		const run = session.prompt("hello");
		await waitFor(() => statuses.length > 0, "the status");
		expect(statuses).toEqual([["weft:extensions-starting", 'waiting for extension "late" to start…']]);
		release(dir);
		await run;
		expect(statuses.at(-1)).toEqual(["weft:extensions-starting", undefined]);
	});

	it("receives session_start though the session started before it was ready", async () => {
		sb = makeSandbox();
		const dir = sb.script(
			"late",
			"node",
			`${WAITS_FOR_GO}\nstart(); send({ type: "subscribe", events: ["session_start"], intercept: [] }); ready(); serve();`,
		);
		const { host, session } = await sb.session([], { cliPaths: [dir], subprocess: NO_WAIT });
		session.start();
		release(dir);
		await host.whenStarted();
		await waitFor(() => sb.seen("late").some((f) => f.type === "event"), "the replayed event");
		expect(sb.seen("late").filter((f) => f.type === "event")).toEqual([
			{ type: "event", event: "session_start" },
		]);
	});

	it("is ended with SIGTERM at once when weft stops before its hello, not sent a shutdown it cannot read", async () => {
		sb = makeSandbox();
		const dir = sb.script("late", "node", `${WAITS_FOR_GO}\nstart(); ready(); serve();`);
		const { host, ui } = sb.host({ cliPaths: [dir], subprocess: NO_WAIT });
		await host.loadAll();
		const pid = host.diagnostics()[0].subprocess?.pid;
		await host.unloadAll();
		expect(alive(pid)).toBe(false);
		await waitFor(() => sb.log("late").includes("stopped (was killed by SIGTERM)"), "the log");
		expect(sb.log("late")).not.toContain('of "shutdown"');
		expect(ui.notifications).toEqual([]);
	});

	it("is reported at once when it fails to start after loadAll returned", async () => {
		sb = makeSandbox();
		const dir = sb.script("late", "node", `${WAITS_FOR_GO}\nsend({ type: "ready" }); start(); serve();`);
		const { host, ui } = sb.host({ cliPaths: [dir], subprocess: NO_WAIT });
		await host.loadAll();
		release(dir);
		await host.whenStarted();
		expect(host.list()[0].status).toBe("failed");
		expect(ui.notifications.map((n) => n.message)).toContain(
			'extension "late" failed to load: its first line must be a "hello" frame, but it was a "ready" frame',
		);
	});
});

/**
 * Never answers a tool call, always answers its command /hi; records each
 * start's pid. Tool calls time out quickly (they must); the command, which
 * is answered, has all the time it needs on a loaded machine.
 */
const TOOLS_NEVER_COMMANDS_ALWAYS = `(await import("node:fs")).appendFileSync("starts", process.pid + "\\n");
start();
send({ type: "register_command", name: "hi", description: "Answers" });
ready();
serve(() => {}, (f) => {
	if (f.type === "command_invoked") send({ type: "command_response", id: f.id, action: "noop" });
});`;

/** Runs a command of the kernel as the terminal UI would; resolves once its extension has answered. */
async function runCommand(kernel: Kernel, name: string): Promise<void> {
	const command = kernel.commands.get(name);
	if (!command) throw new Error(`no command "${name}"`);
	await command.handler("", { cwd: "/", ui: new NonInteractiveUI() } as never);
}

describe("a subprocess extension whose replies miss their deadline", () => {
	const limits = { toolTimeoutMs: 200 };

	it("is restarted once, then suspended: diagnostics and the log say so, its tools fail at once naming it, /reload restores it", async () => {
		sb = makeSandbox();
		const dir = sb.script("mute", "node", TOOLS_NEVER_COMMANDS_ALWAYS);
		const { host, kernel, ui } = sb.host({
			cliPaths: [dir],
			subprocess: limits,
			settings: { extensionOptions: { mute: { breakAfter: 2 } } },
		});
		await host.loadAll();
		const timeout = 'extension "mute" did not answer the call of its tool "ping_mute" within 0.2 s';
		await expect(callTool(kernel, "ping_mute")).rejects.toThrow(timeout);
		await expect(callTool(kernel, "ping_mute")).rejects.toThrow(timeout);
		await waitFor(
			() =>
				host.diagnostics()[0].subprocess?.restarts === 1 &&
				host.diagnostics()[0].subprocess?.phase === "running",
			"the restart",
		);
		expect(ui.notifications.map((n) => n.message)).toContain(
			'extension "mute" stopped answering (it missed its reply deadline 2 times in a row (last: tool "ping_mute")); restarting it',
		);
		await runCommand(kernel, "hi");
		expect(host.diagnostics()[0].subprocess?.missedInARow).toBe(0);

		await expect(callTool(kernel, "ping_mute")).rejects.toThrow(timeout);
		await expect(callTool(kernel, "ping_mute")).rejects.toThrow(timeout);
		await waitFor(() => host.diagnostics()[0].suspended !== undefined, "the suspension");
		const reason =
			'it missed its reply deadline 2 times in a row (last: tool "ping_mute"), again after a restart';
		expect(host.diagnostics()[0].suspended).toBe(reason);
		await expect(callTool(kernel, "ping_mute")).rejects.toThrow(
			`extension "mute" is suspended for this session (${reason}); /reload restores it, so its tool "ping_mute" cannot run`,
		);
		await waitFor(() => sb.log("mute").includes("suspended for this session"), "the log");
		expect(sb.log("mute").match(/restarting: /g)).toHaveLength(1);
		const starts = readFileSync(join(dir, "starts"), "utf8").trim().split("\n").map(Number);
		expect(starts).toHaveLength(2);
		for (const pid of starts) await waitFor(() => !alive(pid), `process ${pid} to be gone`);

		await host.reload();
		expect(host.diagnostics()[0].suspended).toBeUndefined();
		expect(host.diagnostics()[0].subprocess).toMatchObject({
			phase: "running",
			restarts: 2,
			missedInARow: 0,
		});
		await runCommand(kernel, "hi");
		expect(ui.notifications.filter((n) => n.level === "error" && n.message.includes("/hi"))).toEqual([]);
	});

	it("starts counting afresh after a reply in time", async () => {
		sb = makeSandbox();
		const dir = sb.script("flaky", "node", TOOLS_NEVER_COMMANDS_ALWAYS);
		const { host, kernel } = sb.host({
			cliPaths: [dir],
			subprocess: limits,
			settings: { extensionOptions: { flaky: { breakAfter: 2 } } },
		});
		await host.loadAll();
		await expect(callTool(kernel, "ping_flaky")).rejects.toThrow("did not answer");
		await runCommand(kernel, "hi");
		await expect(callTool(kernel, "ping_flaky")).rejects.toThrow("did not answer");
		expect(host.diagnostics()[0].subprocess).toMatchObject({
			restarts: 0,
			missedInARow: 1,
			phase: "running",
		});
	});

	it("that is fail-open and intercepts tool_call is skipped once suspended", async () => {
		sb = makeSandbox();
		const dir = sb.script(
			"lax",
			"node",
			`start(); send({ type: "subscribe", events: [], intercept: ["tool_call"] }); ready(); serve();`,
		);
		const { host, kernel } = sb.host({
			cliPaths: [dir],
			// The intercept is never answered, so its deadline must pass: short, for this extension only.
			settings: { extensionOptions: { lax: { breakAfter: 1, deadlineMs: 100, failOpen: true } } },
		});
		await host.loadAll();
		const call = { id: "c1", name: "ping_lax", args: {}, source: "model" as const };
		expect((await kernel.bus.emit("tool_call", call)).terminal).toBeUndefined();
		await waitFor(
			() =>
				host.diagnostics()[0].subprocess?.restarts === 1 &&
				host.diagnostics()[0].subprocess?.phase === "running",
			"the restart",
		);
		expect((await kernel.bus.emit("tool_call", call)).terminal).toBeUndefined();
		await waitFor(() => host.diagnostics()[0].suspended !== undefined, "the suspension");
		const timeouts = host.diagnostics()[0].statsByEvent.tool_call.timeouts;
		expect((await kernel.bus.emit("tool_call", call)).terminal).toBeUndefined();
		expect(host.diagnostics()[0].statsByEvent.tool_call.timeouts).toBe(timeouts);
	});
});

describe("a child of a subprocess extension that ignores SIGTERM", () => {
	it("is killed when the extension exits mid-session, while weft runs on", async () => {
		sb = makeSandbox();
		const dir = sb.script(
			"parent",
			"sh",
			`bash -c 'trap "" TERM; echo $$ > child; exec sleep 1000' </dev/null >/dev/null 2>&1 &
until [ -s child ]; do sleep 0.05; done
on_tool() { exit 0; }
start; ready; serve`,
		);
		const { host, kernel } = sb.host({ cliPaths: [dir], subprocess: { termGraceMs: 200 } });
		await host.loadAll();
		const child = Number(readFileSync(join(dir, "child"), "utf8").trim());
		expect(alive(child)).toBe(true);
		await expect(callTool(kernel, "ping_parent")).rejects.toThrow('extension "parent" exited with code 0');
		await waitFor(() => !alive(child), "the child to be gone");
		await waitFor(() => sb.log("parent").includes("they were sent SIGKILL"), "the log");
	});
});
