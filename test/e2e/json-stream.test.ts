/**
 * What a JSON-mode client reads through the real `weft` binary: whether
 * entries were saved (and where), extensions' notifications, and the
 * session's end.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { MockLlm } from "../../src/testing/mock-llm/index.js";
import { extensionEventsFixture } from "../support/extension-events-fixture.js";
import { runWeft, type Sandbox, withMockSandbox } from "../support/weft-cli.js";

let sandbox: Sandbox;
let llm: MockLlm;

withMockSandbox((made, started) => {
	sandbox = made;
	llm = started;
});

const { extension, withExtensions, jsonEvents } = extensionEventsFixture(() => ({
	sandbox,
	llm,
	recordFile: join(sandbox.home, "..", "record.log"),
}));

describe("the JSON stream", () => {
	it("announces each entry written to the session file, and names the file in the header", async () => {
		llm.push({ text: "Saved." });
		const result = await runWeft(sandbox, ["--mode", "json", "remember this"]);
		expect(result.code).toBe(0);
		const [header, ...events] = jsonEvents(result.stdout);
		expect(existsSync(header.file)).toBe(true);
		const saved = events.filter((e) => e.type === "session_save").map((e) => e.entry);
		const written = readFileSync(header.file, "utf8")
			.trim()
			.split("\n")
			.slice(1)
			.map((line) => JSON.parse(line))
			.filter((entry) => entry.type !== "partial");
		expect(saved).toEqual(written);
		expect(saved.map((entry) => entry.message.role)).toEqual(["user", "assistant"]);
	});

	it("announces no saves under --no-session, where the header's file is null", async () => {
		llm.push({ text: "Forgotten." });
		const result = await runWeft(sandbox, ["--mode", "json", "--no-session", "keep nothing"]);
		expect(result.code).toBe(0);
		const [header, ...events] = jsonEvents(result.stdout);
		expect(header).toMatchObject({ type: "session", file: null });
		expect(events.map((e) => e.type)).not.toContain("session_save");
		expect(events.find((e) => e.type === "agent_end")).toMatchObject({ response: "Forgotten." });
		expect(sandbox.sessionFiles()).toEqual([]);
	});

	it("gives each answer's usage its totalTokens, as pi's stream does (what pi's subagent reads as the context size)", async () => {
		llm.push({ text: "Counted.", usage: { input: 120, output: 7, cacheRead: 30 } });
		const result = await runWeft(sandbox, ["--mode", "json", "--no-session", "count these"]);
		expect(result.code).toBe(0);
		const ends = jsonEvents(result.stdout).filter(
			(e) => e.type === "message_end" && e.message.role === "assistant",
		);
		expect(ends).toHaveLength(1);
		expect(ends[0].message.usage).toMatchObject({ input: 120, output: 7, cacheRead: 30, totalTokens: 157 });
	});

	it("ends with session_shutdown, after what its handlers notified", async () => {
		llm.push({ text: "Bye." });
		const farewell = extension(
			"farewell",
			`weft.on("session_shutdown", (event) => weft.ui.notify("shutting down: " + event.reason, "warning"));`,
		);
		const result = await runWeft(sandbox, ["--mode", "json", ...withExtensions(farewell), "say bye"]);
		expect(result.code).toBe(0);
		const events = jsonEvents(result.stdout);
		expect(events.slice(-2)).toEqual([
			{ type: "notification", extension: "farewell", level: "warning", message: "shutting down: exit" },
			{ type: "session_shutdown", reason: "exit" },
		]);
	});

	it("carries extensions' notifications in order with the events, those made while loading after the header", async () => {
		llm.push({ text: "Done." });
		const notes = extension(
			"notes",
			`weft.ui.notify("loaded");
			weft.on("agent_start", () => weft.ui.notify("started", "success"));
			weft.on("agent_end", () => weft.ui.notify("finished", "error"));`,
		);
		const result = await runWeft(sandbox, ["--mode", "json", ...withExtensions(notes), "go"]);
		expect(result.code).toBe(0);
		const events = jsonEvents(result.stdout);
		const types = events.map((e) => e.type);
		expect(types[0]).toBe("session");
		expect(events[1]).toEqual({ type: "notification", extension: "notes", level: "info", message: "loaded" });
		const notifications = events.filter((e) => e.type === "notification");
		expect(notifications.map((e) => e.message)).toEqual(["loaded", "started", "finished"]);
		const started = events.findIndex((e) => e.message === "started");
		expect(started).toBeGreaterThan(types.indexOf("input"));
		expect(started).toBeLessThan(types.indexOf("turn_start"));
		expect(events.findIndex((e) => e.message === "finished")).toBeGreaterThan(types.indexOf("turn_end"));
		// stderr still has them, for the person watching.
		expect(result.stderr).toContain("weft: [notes] loaded\n");
		expect(result.stderr).toContain("weft: [notes] error: finished\n");
	});
});
