/**
 * The JavaScript SDK speaking the protocol over in-memory streams: what it
 * registers, how it answers each request, v2 UI requests, and shutdown.
 * (The examples' tests run it in a real child process under the host.)
 */
import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { createSubprocessExtension, type SubprocessExtension } from "./sdk.js";

function wire(ext: SubprocessExtension, input: PassThrough, output: PassThrough) {
	const frames: Array<Record<string, any>> = [];
	let buffer = "";
	output.on("data", (chunk: Buffer) => {
		buffer += chunk.toString();
		const lines = buffer.split("\n");
		buffer = lines.pop()!;
		for (const line of lines) frames.push(JSON.parse(line));
	});
	const done = ext.run();
	const send = (frame: Record<string, unknown>) => input.write(`${JSON.stringify(frame)}\n`);
	const next = async (type: string) => {
		for (let i = 0; i < 500; i++) {
			const index = frames.findIndex((f) => f.type === type);
			if (index >= 0) return frames.splice(index, 1)[0];
			await new Promise((r) => setTimeout(r, 2));
		}
		throw new Error(`no ${type} frame; got ${JSON.stringify(frames)}`);
	};
	return { frames, done, send, next };
}

function make(protocol: 1 | 2 = 2) {
	const input = new PassThrough();
	const output = new PassThrough();
	const ext = createSubprocessExtension({ name: "demo", version: "2.0", protocol, input, output });
	return { ext, input, output };
}

describe("the JavaScript SDK", () => {
	it("announces itself, its registrations and subscriptions, then ready", async () => {
		const { ext, input, output } = make();
		ext.tool(
			{ name: "t", description: "T", schema: { type: "object", properties: { a: { type: "string" } } } },
			() => "",
		);
		ext.command("c", "C", () => undefined);
		ext.shortcut("ctrl+k", "K", () => {});
		ext.on("turn_end", () => {});
		ext.intercept("tool_call", () => undefined);
		const { frames } = wire(ext, input, output);
		await new Promise((r) => setImmediate(r));
		expect(frames).toEqual([
			{ type: "hello", name: "demo", version: "2.0", capabilities: [], protocol: 2 },
			{
				type: "register_tool",
				name: "t",
				description: "T",
				schema: { type: "object", properties: { a: { type: "string" } } },
			},
			{ type: "register_command", name: "c", description: "C" },
			{ type: "register_shortcut", key: "ctrl+k", description: "K" },
			{ type: "subscribe", events: ["turn_end"], intercept: ["tool_call"] },
			{ type: "ready" },
		]);
	});

	it("answers tool calls: strings, blocks with images, errors, progress, and no output", async () => {
		const { ext, input, output } = make();
		ext.tool({ name: "echo", description: "E" }, (args: { text: string }, call) => {
			call.update("working");
			return {
				content: [
					{ type: "text", text: args.text },
					{ type: "image", data: "AA==", mimeType: "image/png" },
				],
			};
		});
		ext.tool({ name: "boom", description: "B" }, () => {
			throw new Error("kaput");
		});
		ext.tool({ name: "quiet", description: "Q" }, () => undefined);
		const { send, next } = wire(ext, input, output);
		send({ type: "tool_call", id: "t1", name: "echo", args: { text: "hi" } });
		expect(await next("tool_update")).toEqual({
			type: "tool_update",
			id: "t1",
			content: [{ type: "text", text: "working" }],
		});
		expect(await next("tool_result")).toEqual({
			type: "tool_result",
			id: "t1",
			content: [
				{ type: "text", text: "hi" },
				{ type: "image", mime_type: "image/png", data: "AA==" },
			],
			is_error: false,
		});
		send({ type: "tool_call", id: "t2", name: "boom", args: {} });
		expect(await next("tool_result")).toEqual({
			type: "tool_result",
			id: "t2",
			content: [{ type: "text", text: "kaput" }],
			is_error: true,
		});
		send({ type: "tool_call", id: "t3", name: "quiet", args: {} });
		expect((await next("tool_result")).content).toEqual([]);
	});

	it("answers commands with the action their reply implies", async () => {
		const { ext, input, output } = make();
		ext.command("c", "C", (args) => {
			if (args === "say") return "said";
			if (args === "ask") return { prompt: "question" };
			if (args === "panel") return { openPanel: { id: "p", title: "P", lines: ["x"] } };
			if (args === "bad") throw new Error("no such thing");
			return undefined;
		});
		const { send, next } = wire(ext, input, output);
		const reply = async (args: string) => {
			send({ type: "command_invoked", id: args, name: "c", args });
			const { type: _t, id: _i, ...rest } = await next("command_response");
			return rest;
		};
		expect(await reply("say")).toEqual({ action: "display", display: "said" });
		expect(await reply("ask")).toEqual({ action: "prompt", prompt: "question" });
		expect(await reply("panel")).toEqual({
			action: "open_panel",
			open_panel: { id: "p", title: "P", lines: ["x"] },
		});
		expect(await reply("bad")).toEqual({ action: "noop", error: "no such thing" });
		expect(await reply("")).toEqual({ action: "noop" });
	});

	it("delivers events and maps intercept replies to the wire fields", async () => {
		const { ext, input, output } = make();
		const seen: unknown[] = [];
		ext.on("turn_start", (event) => seen.push(event));
		ext.intercept("tool_call", (event) => {
			if (event.tool_name === "bash") return { block: true, reason: "no shell" };
			if (event.tool_name === "write") return { args: { ...event.tool_args, path: "/safe" } };
			if (event.tool_name === "v2") return { result: { result: { content: "stubbed" } } };
			if (event.tool_name === "broken") throw new Error("bug");
			return undefined;
		});
		ext.intercept("assistant_message", (event) => ({ text: String(event.text).toUpperCase() }));
		const { send, next, frames } = wire(ext, input, output);
		send({ type: "event", event: "turn_start", step: 2, payload: { step: 2 } });
		const answer = async (id: string, fields: Record<string, unknown>) => {
			send({ type: "event_intercept", id, ...fields });
			const { type: _t, ...rest } = await next("event_intercept_response");
			return rest;
		};
		expect(await answer("i1", { event: "tool_call", tool_name: "bash", tool_args: {} })).toEqual({
			id: "i1",
			block: true,
			reason: "no shell",
		});
		expect(
			await answer("i2", { event: "tool_call", tool_name: "write", tool_args: { path: "/etc" } }),
		).toEqual({
			id: "i2",
			block: false,
			modified_args: { path: "/safe" },
		});
		expect(await answer("i3", { event: "tool_call", tool_name: "v2", tool_args: {} })).toEqual({
			id: "i3",
			block: false,
			result: { result: { content: "stubbed" } },
		});
		expect(await answer("i4", { event: "tool_call", tool_name: "read", tool_args: {} })).toEqual({
			id: "i4",
			block: false,
		});
		expect(await answer("i5", { event: "assistant_message", text: "hi" })).toEqual({
			id: "i5",
			block: false,
			replace_text: "HI",
		});
		send({ type: "event_intercept", id: "i6", event: "tool_call", tool_name: "broken", tool_args: {} });
		send({ type: "event_intercept", id: "i7", event: "tool_call", tool_name: "read", tool_args: {} });
		expect((await next("event_intercept_response")).id).toBe("i7");
		expect(frames.some((f) => f.id === "i6")).toBe(false);
		expect(seen).toEqual([{ event: "turn_start", step: 2, payload: { step: 2 } }]);
	});

	it("asks the host's UI (v2) and resolves with the answer, or as cancelled", async () => {
		const { ext, input, output } = make();
		const { send, next } = wire(ext, input, output);
		const confirmed = ext.ui.confirm("Deploy?", "to prod");
		const request = await next("ui_request");
		expect(request).toEqual({
			type: "ui_request",
			id: "u1",
			method: "confirm",
			params: { title: "Deploy?", message: "to prod" },
		});
		send({ type: "ui_response", id: "u1", value: true });
		expect(await confirmed).toBe(true);
		const picked = ext.ui.select("Which?", ["a", "b"]);
		send({ type: "ui_response", id: (await next("ui_request")).id, cancelled: true });
		expect(await picked).toBeUndefined();
	});

	it("lets a tool reply end the run (v2), and sets and reads entry labels, rejecting with weft's reason", async () => {
		const { ext, input, output } = make();
		ext.tool({ name: "final", description: "F" }, () => ({ content: "the answer", terminate: true }));
		const { send, next } = wire(ext, input, output);
		send({ type: "tool_call", id: "t1", name: "final", args: {} });
		expect(await next("tool_result")).toEqual({
			type: "tool_result",
			id: "t1",
			content: [{ type: "text", text: "the answer" }],
			is_error: false,
			terminate: true,
		});
		const labelled = ext.setLabel("e1", "checkpoint");
		const request = await next("ui_request");
		expect(request).toEqual({
			type: "ui_request",
			id: request.id,
			method: "set_label",
			params: { entry_id: "e1", label: "checkpoint" },
		});
		send({ type: "ui_response", id: request.id, value: null });
		await labelled;
		const label = ext.getLabel("e1");
		send({ type: "ui_response", id: (await next("ui_request")).id, value: "checkpoint" });
		expect(await label).toBe("checkpoint");
		const refused = ext.setLabel("nope", "x");
		send({ type: "ui_response", id: (await next("ui_request")).id, cancelled: true, error: "no such entry" });
		await expect(refused).rejects.toThrow("no such entry");
	});

	it("ends on shutdown: runs its shutdown handlers, acknowledges, and run() resolves", async () => {
		const { ext, input, output } = make();
		const order: string[] = [];
		ext.onShutdown(async () => {
			order.push("cleanup");
		});
		const { send, next, done } = wire(ext, input, output);
		send({ type: "shutdown" });
		await next("shutdown_ack");
		await done;
		expect(order).toEqual(["cleanup"]);
	});

	it("speaks v1 when asked: no protocol field, and v2-only calls say what they need", async () => {
		const { ext, input, output } = make(1);
		expect(() => ext.shortcut("x", "X", () => {})).toThrow("needs protocol 2");
		expect(() => ext.sendMessage("hi")).toThrow("needs protocol 2");
		await expect(ext.setLabel("e1", "x")).rejects.toThrow("needs protocol 2");
		const { frames } = wire(ext, input, output);
		await new Promise((r) => setImmediate(r));
		expect(frames[0]).toEqual({ type: "hello", name: "demo", version: "2.0", capabilities: [] });
		input.end();
	});
});
