import { afterEach, describe, expect, it } from "vitest";
import { emptyUsage, type Message } from "../../src/kernel/messages.js";
import { BUILTIN_OWNER } from "../../src/kernel/owner.js";
import { diagnostics } from "../support/diagnostics-fixture.js";
import { type Fake, type FakeOptions, fakeServices } from "./commands-fake-services.js";

let fake: Fake;
afterEach(() => fake.cleanup());

function setup(options: FakeOptions = {}): void {
	fake = fakeServices(options);
}

describe("/help", () => {
	it("lists weft's commands first, then extension commands with their owner, then described keys", async () => {
		setup();
		fake.kernel.commands.register(
			"deploy",
			{ description: "Ship it", argumentHint: "<env>", handler: () => {} },
			"deployer",
		);
		fake.kernel.keymaps.bind({
			key: "escape",
			target: "global",
			owner: BUILTIN_OWNER,
			description: "Stop",
			handler: () => true,
		});
		fake.kernel.keymaps.bind({
			key: "ctrl+j",
			target: "composer",
			owner: BUILTIN_OWNER,
			description: "New line",
			handler: () => true,
		});
		fake.kernel.keymaps.bind({
			key: "shift+enter",
			target: "composer",
			owner: BUILTIN_OWNER,
			description: "New line",
			handler: () => true,
		});
		fake.kernel.keymaps.bind({
			key: "ctrl+k",
			target: "global",
			owner: "deployer",
			description: "Deploy now",
			handler: () => true,
		});
		fake.kernel.keymaps.bind({ key: "ctrl+x", target: "global", owner: BUILTIN_OWNER, handler: () => true });
		await fake.run("help");

		expect(fake.user.printed).toHaveLength(1);
		const { kind, title, text } = fake.user.printed[0];
		expect([kind, title]).toEqual(["info", "Commands"]);
		const lines = text.split("\n");
		const at = (needle: string) => lines.findIndex((line) => line.includes(needle));
		for (const name of [
			"/help",
			"/model",
			"/login",
			"/new",
			"/resume",
			"/reload",
			"/ext",
			"/trust",
			"/copy",
			"/quit",
			"/exit",
		]) {
			expect(at(name)).toBeGreaterThanOrEqual(0);
			expect(at(name)).toBeLessThan(at("Extension commands"));
		}
		expect(lines[at("/model")]).toMatch(/\/model \[provider\/model\]\s+Switch the model/);
		expect(lines[at("/deploy")]).toMatch(/\/deploy <env>\s+Ship it \(deployer\)/);
		expect(at("/deploy")).toBeLessThan(at("Keys"));
		expect(lines[at("New line")]).toMatch(/ctrl\+j, shift\+enter\s+New line/);
		expect(lines[at("Deploy now")]).toContain("Deploy now (deployer)");
		expect(text).not.toContain("ctrl+x");
	});

	it("describes one command when named, and rejects an unknown one", async () => {
		setup();
		await fake.run("help", "/resume");
		expect(fake.user.printed[0]).toMatchObject({ title: "/resume" });
		expect(fake.user.printed[0].text).toContain("/resume [session id]");
		await fake.run("help", "resme");
		expect(fake.user.notesAt("error")).toEqual(["/help: there is no command /resme. Did you mean /resume?"]);
	});
});

describe("/ext", () => {
	it("shows each extension's status, source, timing, registrations, errors and process", async () => {
		const extensions = [
			diagnostics({
				name: "guard",
				loadMs: 12.4,
				commands: ["deploy"],
				tools: ["lint"],
				handlers: { tool_call: { count: 2, priorities: [10, 0] } },
				handlerStats: { calls: 40, ms: 3.25, errors: 1, timeouts: 0 },
				errors: [{ time: 1, where: "tool_call handler", message: "boom" }],
			}),
			diagnostics({
				name: "py",
				source: "/x/py",
				kind: "subprocess",
				subprocess: {
					pid: 4242,
					protocol: 2,
					phase: "running",
					exec: "python3 main.py",
					uptimeMs: 3_100,
					restarts: 1,
					lastError: "socket closed",
					exit: undefined,
					intercepts: {},
					subscriptions: { events: [], intercepts: [] },
					problems: {},
					waiting: 0,
					droppedFrames: 0,
					logFile: "/x/py.log",
				},
			}),
			diagnostics({ name: "broken", status: "failed", reason: "SyntaxError: Unexpected token" }),
		];
		setup({ host: { diagnostics: () => extensions, running: () => undefined } });
		await fake.run("ext");

		const block = fake.user.printed[0];
		expect(block).toMatchObject({ kind: "error", title: "Extensions", subtitle: "2 loaded, 1 failed" });
		expect(block.text).toContain("guard  loaded  (global, loaded in 12 ms)");
		expect(block.text).toMatch(/source\s+\/x\/ext\.ts/);
		expect(block.text).toMatch(/adds\s+\/deploy, tool lint/);
		expect(block.text).toMatch(/handlers\s+tool_call ×2/);
		expect(block.text).toMatch(/time\s+3\.3 ms in 40 calls; 1 error, 0 timeouts/);
		expect(block.text).toMatch(/error\s+tool_call handler: boom/);
		expect(block.text).toMatch(/process\s+pid 4242, protocol v2, up 3\.1 s, 1 restart: python3 main\.py/);
		expect(block.text).toMatch(/last error\s+socket closed/);
		expect(block.text).toMatch(/broken {2}failed[\s\S]*reason\s+SyntaxError: Unexpected token/);
	});

	it("shows why an extension is suspended and the faults charged to it", async () => {
		const extensions = [
			diagnostics({
				name: "hung",
				status: "suspended",
				suspended: "its handlers missed their 5 s deadline 3 times in a row",
				faults: { uncaughtExceptions: 2, unhandledRejections: 1 },
				notificationsDropped: 40,
			}),
		];
		setup({ host: { diagnostics: () => extensions, running: () => undefined } });
		await fake.run("ext");

		const { text, subtitle } = fake.user.printed[0];
		expect(subtitle).toBe("1 suspended");
		expect(text).toContain("hung  suspended  (global)");
		expect(text).toMatch(
			/suspended\s+its handlers missed their 5 s deadline 3 times in a row; \/reload restores it/,
		);
		expect(text).toMatch(/faults\s+2 uncaught exceptions, 1 unhandled rejection, 40 notifications not shown/);
	});

	it("says when no extensions are loaded", async () => {
		setup();
		await fake.run("ext");
		expect(fake.user.printed).toEqual([]);
		expect(fake.user.notes[0].message).toContain("No extensions loaded");
	});
});

describe("/reload, /quit and /exit", () => {
	it("reload asks the app to reload the extensions", async () => {
		setup();
		await fake.run("reload");
		expect(fake.counts.reloads).toBe(1);
	});

	it("quit and exit both end the session; with arguments they do nothing but explain", async () => {
		setup();
		await fake.run("quit");
		await fake.run("exit");
		await fake.run("quit", "now");
		expect(fake.counts.exits).toBe(2);
		expect(fake.user.notesAt("error")).toEqual(['/quit takes no arguments (got "now")']);
		expect(fake.kernel.commands.ownerOf("exit")).toBe(BUILTIN_OWNER);
	});
});

const assistant = (content: Extract<Message, { role: "assistant" }>["content"]): Message => ({
	role: "assistant",
	content,
	provider: "p",
	model: "m",
	usage: emptyUsage(),
	stopReason: "end",
	timestamp: 1,
});

describe("/copy", () => {
	it("copies the text of the last answer that has text and reports how", async () => {
		setup({
			messages: [
				{ role: "user", content: "hi", timestamp: 1 },
				assistant([{ type: "text", text: "first answer" }]),
				{ role: "user", content: "again", timestamp: 1 },
				assistant([
					{ type: "thinking", thinking: "hmm" },
					{ type: "text", text: "second " },
					{ type: "text", text: "answer" },
				]),
				assistant([{ type: "toolCall", id: "1", name: "read", args: {} }]),
			],
		});
		await fake.run("copy");
		expect(fake.copied).toEqual(["second answer"]);
		expect(fake.user.notes).toEqual([{ message: "Last answer copied (test clipboard)", level: "success" }]);
	});

	it("warns when there is nothing to copy", async () => {
		setup({ messages: [{ role: "user", content: "hi", timestamp: 1 }] });
		await fake.run("copy");
		expect(fake.copied).toEqual([]);
		expect(fake.user.notesAt("warning")[0]).toContain("Nothing to copy");
	});
});
