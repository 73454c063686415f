/** Print and JSON modes as a user drives them: stdin, exit codes, the event stream. */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { MockLlm } from "../../src/testing/mock-llm/index.js";
import { runWeft, type Sandbox, withMockSandbox } from "../support/weft-cli.js";

describe("print and json modes", () => {
	let sandbox: Sandbox;
	let llm: MockLlm;

	withMockSandbox((made, started) => {
		sandbox = made;
		llm = started;
	});

	it("reads piped stdin and puts it before the prompt", async () => {
		llm.push({ text: "Looks fine." });
		const result = await runWeft(sandbox, ["-p", "review this diff"], {
			stdin: "diff --git a/x b/x\n+added line\n",
		});
		expect(result.code).toBe(0);
		expect(result.stdout).toBe("Looks fine.\n");
		const sent = JSON.stringify(llm.requests[0].body);
		expect(sent).toContain("+added line");
		expect(sent.indexOf("+added line")).toBeLessThan(sent.indexOf("review this diff"));
	});

	it("takes --append-system-prompt as a file's contents when it names a file, as pi does", async () => {
		writeFileSync(join(sandbox.cwd, "reviewer.md"), "You are the reviewer agent.");
		llm.push({ text: "ok" }, { text: "ok" });
		expect((await runWeft(sandbox, ["-p", "--append-system-prompt", "reviewer.md", "hi"])).code).toBe(0);
		expect((await runWeft(sandbox, ["-p", "--append-system-prompt", "Answer tersely.", "hi"])).code).toBe(0);
		expect(JSON.stringify(llm.requests[0].body)).toContain("You are the reviewer agent.");
		expect(JSON.stringify(llm.requests[0].body)).not.toContain("reviewer.md");
		expect(JSON.stringify(llm.requests[1].body)).toContain("Answer tersely.");
	});

	it("treats piped stdin without -p as print mode", async () => {
		llm.push({ text: "Piped answer." });
		const result = await runWeft(sandbox, [], { stdin: "what is 2+2?" });
		expect(result.code).toBe(0);
		expect(result.stdout).toBe("Piped answer.\n");
	});

	it("writes the session header first and then one JSON object per event", async () => {
		llm.push({ toolCalls: [{ name: "ls", args: {} }] }, { text: "Two files." });
		const result = await runWeft(sandbox, ["--mode", "json", "list the files"]);
		expect(result.code).toBe(0);
		const events = result.stdout
			.trim()
			.split("\n")
			.map((line) => JSON.parse(line));
		expect(events[0].type).toBe("session");
		expect(typeof events[0].id).toBe("string");
		const types = events.map((e) => e.type);
		for (const expected of [
			"session_start",
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
			"tool_call",
			"tool_execution_start",
			"tool_execution_end",
			"tool_result",
			"turn_end",
			"assistant_message",
			"agent_end",
		]) {
			expect(types, `missing ${expected}`).toContain(expected);
		}
		expect(types.indexOf("agent_start")).toBeLessThan(types.indexOf("tool_call"));
		expect(types.lastIndexOf("agent_end")).toBeGreaterThan(types.lastIndexOf("tool_result"));
		const end = events.find((e) => e.type === "agent_end");
		expect(end.reason).toBe("completed");
		expect(end.response).toBe("Two files.");
	});

	it("exits 2 with a usage line for an unknown option", async () => {
		const result = await runWeft(sandbox, ["-p", "--frobnicate", "hi"]);
		expect(result.code).toBe(2);
		expect(result.stderr.trim()).toBe("weft: unknown option --frobnicate (see weft --help)");
	});

	it("explains that the interactive UI needs a terminal when run without one and no prompt", async () => {
		const result = await runWeft(sandbox, []);
		expect(result.code).toBe(2);
		expect(result.stderr).toContain("the interactive UI needs a terminal");
		expect(result.stderr).toContain("weft -p");
	});

	it("gives an invalid tool call back to the model as an error it can correct", async () => {
		llm.push(
			{ toolCalls: [{ name: "read", args: { path: 42 } }] },
			{ toolCalls: [{ name: "ls", args: {} }] },
			{ text: "Recovered." },
		);
		const result = await runWeft(sandbox, ["-p", "look around"]);
		expect(result.code).toBe(0);
		expect(result.stdout).toBe("Recovered.\n");
		const second = JSON.stringify(llm.requests[1].body);
		expect(second).toContain("Invalid arguments for tool");
		expect(second).toContain("path");
	});

	it("prints the version", async () => {
		const result = await runWeft(sandbox, ["--version"]);
		expect(result.code).toBe(0);
		expect(result.stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
	});
});
