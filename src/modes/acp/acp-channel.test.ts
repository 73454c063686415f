/**
 * The ACP channel in an embedding host: createWeft with the channel's UI,
 * the channel registered and started like any other, an SDK client on an
 * in-memory pipe; the mock LLM behind.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import * as acp from "@agentclientprotocol/sdk";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { mockProviderSettings } from "../../../test/support/weft-cli.js";
import type { ExtensionAPI } from "../../extensions/types.js";
import { type MockLlm, startMockLlm } from "../../testing/mock-llm/index.js";
import { createWeft, type Weft } from "../sdk/create-weft.js";
import { acpChannel } from "./acp-channel.js";
import { AcpUI } from "./acp-ui.js";

let root: string;
let cwd: string;
let home: string;
let llm: MockLlm;
let weft: Weft | undefined;

beforeEach(async () => {
	root = mkdtempSync(join(tmpdir(), "weft-acp-channel-"));
	cwd = join(root, "project");
	home = join(root, "home");
	mkdirSync(cwd, { recursive: true });
	mkdirSync(home, { recursive: true });
	llm = await startMockLlm({ script: [] });
	writeFileSync(
		join(home, "settings.json"),
		JSON.stringify(mockProviderSettings(llm.baseUrlFor("openai-completions"), "openai-completions")),
	);
});

afterEach(async () => {
	await weft?.shutdown();
	weft = undefined;
	await llm.close();
	rmSync(root, { recursive: true, force: true });
});

describe("the ACP channel", () => {
	it("serves a client through a host's sessions, with an extension's confirm as a permission request", async () => {
		const ui = new AcpUI(new PassThrough());
		const guard = (api: ExtensionAPI) => {
			api.on("tool_call", async (event, ctx) => {
				if (!(await ctx.ui.confirm("Allow?", event.name))) return { block: true, reason: "no" };
			});
		};
		weft = await createWeft({ cwd, home, env: {}, ui, extensions: [guard] });
		const toAgent = new TransformStream<Uint8Array, Uint8Array>();
		const toClient = new TransformStream<Uint8Array, Uint8Array>();
		const channel = acpChannel({
			input: toAgent.readable,
			output: toClient.writable,
			ui,
			version: "0.0.0-test",
			home,
			log: () => {},
		});
		weft.kernel.channels.register(channel.id, channel, "embedder");
		await weft.channels.start("acp");
		expect(weft.channels.list()).toEqual([expect.objectContaining({ id: "acp", running: true })]);

		const asked: acp.RequestPermissionRequest[] = [];
		const updates: acp.SessionUpdate[] = [];
		const client = acp
			.client({ name: "embedded-editor" })
			.onNotification(acp.methods.client.session.update, ({ params }) => {
				updates.push(params.update);
			})
			.onRequest(acp.methods.client.session.requestPermission, ({ params }) => {
				asked.push(params);
				return { outcome: { outcome: "selected", optionId: "allow" } };
			})
			.connect(acp.ndJsonStream(toAgent.writable, toClient.readable));
		await client.agent.request(acp.methods.agent.initialize, { protocolVersion: acp.PROTOCOL_VERSION });
		const { sessionId } = await client.agent.request(acp.methods.agent.session.new, { cwd, mcpServers: [] });
		expect(weft.sessions.get(sessionId)?.mode).toBe("acp");

		llm.push({ toolCalls: [{ id: "call_ls", name: "ls", args: {} }] }, { text: "Listed." });
		const answer = await client.agent.request(acp.methods.agent.session.prompt, {
			sessionId,
			prompt: [{ type: "text", text: "list" }],
		});
		expect(answer.stopReason).toBe("end_turn");
		expect(asked.map((a) => a.toolCall.toolCallId)).toEqual(["call_ls"]);
		expect(updates.some((u) => u.sessionUpdate === "tool_call_update" && u.status === "completed")).toBe(
			true,
		);

		await weft.channels.stop("acp");
		await channel.closed;
		expect(weft.sessions.list()).toEqual([]);
		client.close();
	});
});
