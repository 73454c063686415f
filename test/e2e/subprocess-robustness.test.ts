/**
 * Crash isolation: each kind of misbehaviour, by a throwaway extension in
 * shell, Python and Node, costs only that extension its features, is
 * reported in its log and diagnostics, and never stalls or crashes weft.
 * (Python cases are skipped where python3 is missing.) No assertion is on
 * elapsed time; waits have generous hang guards only. Every limit is far
 * from what a test expects to finish in time (the fixtures' TEST_LIMITS); a
 * test that needs a limit to pass injects a small one for the one extension
 * that truly never answers, so a loaded machine cannot change the outcome.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import {
	alive,
	callTool,
	HAS_PYTHON,
	LANGUAGES,
	type Language,
	makeSandbox,
	NO_PYTHON_REASON,
	type Sandbox,
	textOfOutput,
	waitFor,
} from "./subprocess-fixtures.js";

let sb: Sandbox;
afterEach(async () => sb.cleanup());

type Scripts = Record<Language, string>;

const FLOOD_LINE = '{"type":"notify","level":"info","message":"flood"}';

const SCRIPTS = {
	malformed: {
		sh: `start; send '{not json'; send '{"type":'; ready; serve`,
		py: `start(); raw(b'{not json\\n'); raw(b'[1, 2]\\n'); ready(); serve()`,
		node: `start(); raw("{not json\\n"); raw("[1, 2]\\n"); ready(); serve();`,
	},
	unknownTypes: {
		sh: `start; send '{"type":"sparkle"}'; send '{"type":"sparkle"}'; send '{"type":"sparkle"}'; ready; serve`,
		py: `start(); [send({"type": "sparkle"}) for _ in range(3)]; ready(); serve()`,
		node: `start(); for (let i = 0; i < 3; i++) send({ type: "sparkle" }); ready(); serve();`,
	},
	hugeLine: {
		sh: `start; { printf '{"type":"notify","message":"'; head -c 5242880 /dev/zero | tr '\\0' x; printf '"}\\n'; }; ready; serve`,
		py: `start(); raw(b'{"type":"notify","message":"' + b"x" * (5 * 1024 * 1024) + b'"}\\n'); ready(); serve()`,
		node: `start(); raw('{"type":"notify","message":"' + "x".repeat(5 * 1024 * 1024) + '"}\\n'); ready(); serve();`,
	},
	unknownIds: {
		sh: `start; send '{"type":"tool_result","id":"nope","content":[]}'; send '{"type":"command_response","id":"zzz"}'; send '{"type":"event_intercept_response"}'; ready; serve`,
		py: `start(); send({"type": "tool_result", "id": "nope", "content": []}); send({"type": "command_response", "id": "zzz"}); send({"type": "event_intercept_response"}); ready(); serve()`,
		node: `start(); send({ type: "tool_result", id: "nope", content: [] }); send({ type: "command_response", id: "zzz" }); send({ type: "event_intercept_response" }); ready(); serve();`,
	},
	noHello: {
		sh: `echo $$ > pid; sleep 30`,
		py: `open("pid", "w").write(str(os.getpid())); time.sleep(30)`,
		node: `import("node:fs").then((fs) => fs.writeFileSync("pid", String(process.pid))); setTimeout(() => {}, 30000);`,
	},
	silentTool: {
		sh: `on_tool() { :; }; start; ready; serve`,
		py: `start(); ready(); serve(on_tool=lambda frame: None)`,
		node: `start(); ready(); serve(() => {});`,
	},
	silentIntercept: {
		sh: `start; send '{"type":"subscribe","events":[],"intercept":["tool_call"]}'; ready; serve`,
		py: `start(); send({"type": "subscribe", "events": [], "intercept": ["tool_call"]}); ready(); serve()`,
		node: `start(); send({ type: "subscribe", events: [], intercept: ["tool_call"] }); ready(); serve();`,
	},
	diesMidCall: {
		sh: `on_tool() { exit 3; }; start; ready; serve`,
		py: `start(); ready(); serve(on_tool=lambda frame: os._exit(3))`,
		node: `start(); ready(); serve(() => process.exit(3));`,
	},
	flood: {
		sh: `on_tool() { yes '${FLOOD_LINE}' | head -n 100000; pong "$1"; }; start; ready; serve`,
		py: `def flood(frame):
    raw(b'${FLOOD_LINE}\\n' * 100000); pong(frame)
start(); ready(); serve(on_tool=flood)`,
		node: `start(); ready(); serve((f) => { raw('${FLOOD_LINE}\\n'.repeat(100000)); pong(f); });`,
	},
	garbage: {
		sh: `start; head -c 200000 /dev/urandom; printf '\\n'; ready; serve`,
		py: `start(); raw(os.urandom(200000) + b"\\n"); ready(); serve()`,
		node: `const { randomBytes } = await import("node:crypto"); start(); raw(Buffer.concat([randomBytes(200000), Buffer.from("\\n")])); ready(); serve();`,
	},
	ignoresShutdown: {
		sh: `trap '' TERM; start; ready; echo $$ > pid; while true; do sleep 0.1; done`,
		py: `signal.signal(signal.SIGTERM, signal.SIG_IGN); start(); ready(); open("pid", "w").write(str(os.getpid()))
while True: time.sleep(0.1)`,
		node: `process.on("SIGTERM", () => {}); start(); ready(); (await import("node:fs")).writeFileSync("pid", String(process.pid)); setInterval(() => {}, 1000);`,
	},
} satisfies Record<string, Scripts>;

const GOOD_NODE = "start(); ready(); serve();";
const NAMES: Record<Language, string> = { sh: "shell", py: "Python", node: "Node" };

const pidOf = (dir: string) => Number(readFileSync(join(dir, "pid"), "utf8").trim());

for (const lang of LANGUAGES) {
	const skip = lang === "py" && !HAS_PYTHON;
	const test = skip ? it.skip : it;
	describe(`a ${NAMES[lang]} extension${skip ? ` (skipped: ${NO_PYTHON_REASON})` : ""}`, () => {
		test("writing malformed JSON keeps working; the lines are counted and logged", async () => {
			sb = makeSandbox();
			const { host, kernel } = sb.host({ cliPaths: [sb.script("bad", lang, SCRIPTS.malformed[lang])] });
			expect((await host.loadAll())[0].status).toBe("loaded");
			expect(textOfOutput(await callTool(kernel, "ping_bad"))).toBe("pong");
			expect(host.diagnostics()[0].subprocess?.problems["malformed line"]).toBe(2);
			await waitFor(() => sb.log("bad").includes("protocol: not valid JSON"), "the log");
		});

		test("sending unknown frame types has them ignored and reported once per type", async () => {
			sb = makeSandbox();
			const { host, kernel } = sb.host({ cliPaths: [sb.script("odd", lang, SCRIPTS.unknownTypes[lang])] });
			await host.loadAll();
			expect(textOfOutput(await callTool(kernel, "ping_odd"))).toBe("pong");
			expect(host.diagnostics()[0].subprocess?.problems).toEqual({ 'unknown frame type "sparkle"': 3 });
			await waitFor(() => sb.log("odd").includes("sparkle"), "the log");
			expect(sb.log("odd").match(/unknown frame type "sparkle"/g)).toHaveLength(1);
		});

		test("writing a 5 MiB line loses only that line", async () => {
			sb = makeSandbox();
			const { host, kernel, ui } = sb.host({ cliPaths: [sb.script("big", lang, SCRIPTS.hugeLine[lang])] });
			expect((await host.loadAll())[0].status).toBe("loaded");
			expect(textOfOutput(await callTool(kernel, "ping_big"))).toBe("pong");
			expect(host.diagnostics()[0].subprocess?.problems).toEqual({ "oversize line": 1 });
			expect(ui.notifications).toEqual([]);
			await waitFor(() => sb.log("big").includes("passed the 4 MiB limit"), "the log");
		});

		test("answering ids the host never sent has the answers ignored and reported", async () => {
			sb = makeSandbox();
			const { host, kernel } = sb.host({ cliPaths: [sb.script("stray", lang, SCRIPTS.unknownIds[lang])] });
			await host.loadAll();
			expect(textOfOutput(await callTool(kernel, "ping_stray"))).toBe("pong");
			expect(host.diagnostics()[0].subprocess?.problems).toEqual({ "unknown id": 2, "missing id": 1 });
			await waitFor(
				() =>
					sb.log("stray").includes('a "tool_result" for id "nope", which the host never sent, was ignored'),
				"the log",
			);
		});

		test("that never sends hello fails after the start-up limit, is stopped, and delays no one else", async () => {
			sb = makeSandbox();
			const mute = sb.script("mute", lang, SCRIPTS.noHello[lang]);
			const fine = sb.script("fine", "node", GOOD_NODE);
			// Only the mute one gets a short start-up limit: the fine one has all the time it needs.
			const { host, kernel } = sb.host({
				cliPaths: [mute, fine],
				settings: { extensionOptions: { mute: { loadTimeoutMs: 500 } } },
			});
			const records = await host.loadAll();
			expect(records.map((r) => [r.name, r.status])).toEqual([
				["mute", "failed"],
				["fine", "loaded"],
			]);
			expect(records[0].reason).toBe('did not send "hello" within 0.5 s');
			expect(textOfOutput(await callTool(kernel, "ping_fine"))).toBe("pong");
			const pid = pidOf(mute);
			await waitFor(() => !alive(pid), "the silent child to be gone");
			expect(sb.log("mute")).toContain('failed to start: did not send "hello" within 0.5 s');
		});

		test("that never answers a tool call gives an error naming extension and tool, and keeps running", async () => {
			sb = makeSandbox();
			const { host, kernel } = sb.host({
				cliPaths: [sb.script("slow", lang, SCRIPTS.silentTool[lang])],
				subprocess: { toolTimeoutMs: 500 },
			});
			await host.loadAll();
			await expect(callTool(kernel, "ping_slow")).rejects.toThrow(
				'extension "slow" did not answer the call of its tool "ping_slow" within 0.5 s',
			);
			const diagnostics = host.diagnostics()[0].subprocess!;
			expect(diagnostics.phase).toBe("running");
			expect(diagnostics.problems.timeout).toBe(1);
			await waitFor(
				() => sb.log("slow").includes('did not answer the call of its tool "ping_slow"'),
				"the log",
			);
		});

		test("that never answers an intercept is cut off by the deadline; tool_call fails closed, or open if configured", async () => {
			sb = makeSandbox();
			const dir = sb.script("stuck", lang, SCRIPTS.silentIntercept[lang]);
			const payload = { id: "c1", name: "ping_stuck", args: {}, source: "model" as const };
			const closed = sb.host({
				cliPaths: [dir],
				settings: { extensionOptions: { stuck: { deadlineMs: 200 } } },
			});
			await closed.host.loadAll();
			const blocked = await closed.kernel.bus.emit("tool_call", payload);
			expect(blocked.terminal).toEqual({
				block: true,
				reason:
					'blocked because the extension "stuck" failed while checking this call: handler did not finish within 200 ms',
			});
			const diagnostics = closed.host.diagnostics()[0];
			expect(diagnostics.statsByEvent.tool_call.timeouts).toBe(1);
			expect(diagnostics.errors.at(-1)?.where).toBe("tool_call handler");
			await waitFor(
				() => sb.log("stuck").includes("tool_call handler failed: handler did not finish within 200 ms"),
				"the log",
			);
			await closed.host.unloadAll();

			const open = sb.host({
				cliPaths: [dir],
				settings: { extensionOptions: { stuck: { deadlineMs: 200, failOpen: true } } },
			});
			await open.host.loadAll();
			const passed = await open.kernel.bus.emit("tool_call", payload);
			expect(passed.terminal).toBeUndefined();
		});

		test("that dies mid-call fails the call naming it, loses its tools, leaves others alone, and comes back on reload", async () => {
			sb = makeSandbox();
			const dying = sb.script("dying", lang, SCRIPTS.diesMidCall[lang]);
			const fine = sb.script("fine", "node", GOOD_NODE);
			const { host, kernel, ui } = sb.host({ cliPaths: [dying, fine] });
			await host.loadAll();
			await expect(callTool(kernel, "ping_dying")).rejects.toThrow(
				'extension "dying" exited with code 3 while running its tool "ping_dying"',
			);
			await waitFor(() => host.list()[0].status === "failed", "the crash to be recorded");
			expect(kernel.tools.names()).toEqual(["ping_fine"]);
			expect(host.list()[0].reason).toBe("exited with code 3 after start-up; /reload restarts it");
			expect(host.diagnostics()[0].subprocess).toMatchObject({
				phase: "exited",
				lastError: "exited with code 3",
			});
			expect(ui.notifications.map((n) => n.message)).toContainEqual(
				expect.stringContaining("exited with code 3"),
			);
			expect(textOfOutput(await callTool(kernel, "ping_fine"))).toBe("pong");
			await waitFor(() => sb.log("dying").includes("exited with code 3"), "the crash in the log");

			await host.reload();
			expect(host.list()[0].status).toBe("loaded");
			expect(host.diagnostics()[0].subprocess?.restarts).toBe(1);
			expect(kernel.tools.names().sort()).toEqual(["ping_dying", "ping_fine"]);
		});

		test("flooding 100k frames is absorbed: notes are rate-limited and calls still complete", async () => {
			sb = makeSandbox();
			const { host, kernel, ui } = sb.host({ cliPaths: [sb.script("loud", lang, SCRIPTS.flood[lang])] });
			await host.loadAll();
			let ticks = 0;
			const ticker = setInterval(() => ticks++, 5);
			try {
				expect(textOfOutput(await callTool(kernel, "ping_loud"))).toBe("pong");
				await waitFor(() => ticks > 0, "the event loop to turn");
			} finally {
				clearInterval(ticker);
			}
			expect(ui.notifications.length).toBeLessThan(1_000);
			expect(host.diagnostics()[0].subprocess?.problems["notify flood"]).toBeGreaterThan(0);
		});

		test("writing binary garbage costs only the garbled lines", async () => {
			sb = makeSandbox();
			const { host, kernel } = sb.host({ cliPaths: [sb.script("noise", lang, SCRIPTS.garbage[lang])] });
			expect((await host.loadAll())[0].status).toBe("loaded");
			expect(textOfOutput(await callTool(kernel, "ping_noise"))).toBe("pong");
			expect(host.diagnostics()[0].subprocess?.problems["malformed line"]).toBeGreaterThan(0);
			await waitFor(() => sb.log("noise").includes("not valid JSON"), "the log");
			expect(sb.log("noise")).not.toMatch(/[\u0000-\u0008\ufffd]/);
		});

		test("ignoring shutdown gets it killed (SIGTERM, then SIGKILL) and unloading still finishes", async () => {
			sb = makeSandbox();
			const dir = sb.script("stubborn", lang, SCRIPTS.ignoresShutdown[lang]);
			const { host } = sb.host({ cliPaths: [dir], subprocess: { shutdownGraceMs: 300, termGraceMs: 300 } });
			await host.loadAll();
			await waitFor(() => {
				try {
					return pidOf(dir) > 0;
				} catch {
					return false;
				}
			}, "its pid file");
			const pid = pidOf(dir);
			expect(alive(pid)).toBe(true);
			await host.unloadAll();
			expect(alive(pid)).toBe(false);
			expect(sb.log("stubborn")).toContain('did not exit within 0.3 s of "shutdown"; sent SIGKILL');
		});
	});
}
