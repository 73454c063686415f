/**
 * weft as an ACP agent: the protocol's methods on top of a host's sessions
 * (the SessionPool every channel drives), through the protocol's own SDK
 * (`@agentclientprotocol/sdk`, stable v1). Sessions in one folder share its
 * host's kernel — its tools, providers and extensions — and each prompt
 * runs in its session's scope (running-session.ts), so a tool or a dialog
 * knows which editor session it serves. A session in another folder than
 * the one weft started in gets that folder's own host (folder-host.ts),
 * opened on its first session and shut down with the connection; every
 * request for the session goes to it. The MCP servers a client passes are
 * connected by the session's host's `mcp` extension (mcp-servers.ts,
 * extensions/first-party/mcp/client-servers.ts), and stopped when the
 * connection closes.
 * Nothing is refused silently: an unknown session, an unsupported content
 * type or an MCP server weft cannot connect get a message naming what is not
 * supported.
 */
import { statSync } from "node:fs";
import { resolve } from "node:path";
import {
	type AgentContext,
	type AvailableCommand,
	agent,
	type ClientCapabilities,
	type InitializeResponse,
	type McpServer,
	methods,
	PROTOCOL_VERSION,
	RequestError,
	type SessionConfigOption,
} from "@agentclientprotocol/sdk";
import type { AgentSession } from "../../agent/session.js";
import { listSessions } from "../../agent/session-list.js";
import { errorMessage } from "../../base/error-message.js";
import type { HostSessionOptions, SessionPool } from "../../extensions/channel.js";
import type { ClientServers } from "../../extensions/first-party/mcp/client-servers.js";
import type { Kernel } from "../../kernel/kernel.js";
import { BUILTIN_OWNER } from "../../kernel/owner.js";
import { registerSessionCommands } from "../commands/index.js";
import { AcpSession } from "./acp-session.js";
import type { AcpUI } from "./acp-ui.js";
import { clientTextFiles, routeFileTools } from "./client-files.js";
import { configOptions as optionsOf, setConfigOption } from "./config-options.js";
import type { FolderHost } from "./folder-host.js";
import { acpServerConfigs } from "./mcp-servers.js";
import { sessionInScope } from "./running-session.js";

export interface AcpAgentOptions {
	version: string;
	home: string;
	/** The host's folder: its sessions are opened there. */
	cwd: string;
	/** The kernel of the start folder's sessions (the one extensions were loaded into). */
	kernel: Kernel;
	/** The host's sessions (they bind the extensions and feed the activity bus). */
	sessions: SessionPool;
	/** How sessions start (model, tools, prompts, whether they are saved); the mode is "acp". */
	sessionOptions?: HostSessionOptions;
	/** The host's UI port when it is the ACP one (permission requests, notices); see acp-ui.ts. */
	ui: AcpUI;
	/** Lines for the user that are not the client's business (warnings, failures to send). */
	log(line: string): void;
	/** Connects the MCP servers the client passes (the `mcp` extension's); without it they are reported as not connected. */
	mcp?: ClientServers;
	/** Opens a host for sessions in another folder (folder-host.ts); absent: sessions elsewhere are refused. */
	openFolder?(cwd: string): Promise<FolderHost>;
}

/** A folder's host as this connection uses it. */
interface Folder {
	host: FolderHost;
	/** The editor's MCP servers connected in this host: stopped when the connection closes. */
	mcpConnected: Set<string>;
	stopGating: () => void;
}

/** The registered commands (weft's session commands, extensions'), which a prompt starting with `/name` runs. */
function commands(kernel: Kernel): AvailableCommand[] {
	return kernel.commands.list().map(({ name, value }) => ({
		name,
		description: value.description,
		input: value.argumentHint ? { hint: value.argumentHint } : null,
	}));
}

export function createAcpAgent(options: AcpAgentOptions) {
	const { ui, sessionOptions = {} } = options;
	const sessions = new Map<string, { session: AcpSession; folder: Folder }>();
	let capabilities: ClientCapabilities = {};
	const mcpAvailable = Boolean(options.mcp && !options.mcp.unavailable);
	/** Each folder's host by its resolved path, the start folder's first; a promise while it opens. */
	const folders = new Map<string, Promise<Folder>>();
	let closing = false;

	/** Connects the client's MCP servers; what to tell the user about those that were not connected. */
	async function connectMcp(folder: Folder, servers: readonly McpServer[]): Promise<string | undefined> {
		if (servers.length === 0) return undefined;
		const { configs, problems } = acpServerConfigs(servers);
		const mcp = folder.host.mcp;
		if (mcp) {
			const result = await mcp.add(configs);
			for (const name of result.connected) folder.mcpConnected.add(name);
			if (result.connected.length > 0)
				options.log(`MCP servers from the editor: ${result.connected.join(", ")} (/mcp shows their state)`);
			problems.push(...result.problems);
		} else
			problems.push(...configs.map((c) => `${c.name}: this host does not connect its client's MCP servers`));
		if (problems.length === 0) return undefined;
		return `Some MCP servers passed by the editor were not connected: ${problems.join("; ")}.`;
	}

	function track(host: FolderHost): Folder {
		// A tool call is announced before its gate's handlers run, so an extension's confirm names it.
		const stopGating = host.kernel.bus.on(
			"tool_call",
			(event) => {
				const session = sessionInScope();
				if (session instanceof AcpSession) session.gate(event.id, event.name, event.args);
			},
			{ owner: BUILTIN_OWNER, priority: Number.MAX_SAFE_INTEGER },
		);
		return { host, mcpConnected: new Set(), stopGating };
	}
	folders.set(
		resolve(options.cwd),
		Promise.resolve(
			track({ cwd: options.cwd, kernel: options.kernel, sessions: options.sessions, mcp: options.mcp }),
		),
	);

	/** The host for sessions in `cwd`: the start folder's, or one opened for it on its first session. */
	async function folderFor(cwd: string): Promise<Folder> {
		const path = resolve(cwd);
		let folder = folders.get(path);
		if (!folder) {
			const { openFolder } = options;
			if (!openFolder)
				throw RequestError.invalidParams(
					undefined,
					`this weft serves sessions in ${options.cwd} only, not ${cwd}; start another weft --mode acp in that folder`,
				);
			if (!isFolder(path))
				throw RequestError.invalidParams(undefined, `${cwd} is not a folder; send an existing folder as cwd`);
			if (closing) throw RequestError.internalError(undefined, "the connection is closing");
			folder = openFolder(path).then(track);
			folders.set(path, folder);
			// A host that failed to open is tried again on the next session.
			folder.catch(() => folders.delete(path));
		}
		try {
			return await folder;
		} catch (error) {
			throw RequestError.internalError(undefined, `weft could not start in ${path}: ${errorMessage(error)}`);
		}
	}

	function find(sessionId: string): AcpSession {
		const entry = sessions.get(sessionId);
		if (!entry)
			throw RequestError.invalidParams(
				undefined,
				`no open session "${sessionId}" in this connection; create one with session/new or open it with session/load`,
			);
		return entry.session;
	}

	async function open(
		client: AgentContext,
		cwd: string,
		mcpServers: readonly McpServer[],
		resume?: string,
	): Promise<{ session: AcpSession; configOptions: SessionConfigOption[] }> {
		const folder = await folderFor(cwd);
		const { kernel } = folder.host;
		let created: AgentSession;
		try {
			created = await folder.host.sessions.create({
				...sessionOptions,
				mode: "acp",
				session: { ...sessionOptions.session, ...(resume ? { resume } : {}) },
			});
		} catch (error) {
			const what = resume ? `session ${resume} could not be loaded` : "the session could not be created";
			throw RequestError.internalError(undefined, `${what}: ${errorMessage(error)}`);
		}
		// Each session re-registers the stock tools: route file access through the editor again.
		routeFileTools(kernel, clientTextFiles(capabilities.fs));
		const session = new AcpSession(created, client, options.log);
		sessions.set(session.id, { session, folder });
		registerSessionCommands(kernel, { ui, session: () => created });
		const notice = await connectMcp(folder, mcpServers);
		if (notice) options.log(notice);
		// After the response: the client learns the session id from it.
		setImmediate(() => {
			if (notice)
				session.send([
					capabilities.session?.notices
						? { sessionUpdate: "notice", severity: "warning", title: notice }
						: { sessionUpdate: "agent_message_chunk", content: { type: "text", text: notice } },
				]);
			session.send([{ sessionUpdate: "available_commands_update", availableCommands: commands(kernel) }]);
		});
		return { session, configOptions: optionsOf(created) };
	}

	const app = agent({ name: "weft" })
		.onRequest(methods.agent.initialize, ({ params }): InitializeResponse => {
			capabilities = params.clientCapabilities ?? {};
			ui.notices = Boolean(capabilities.session?.notices);
			ui.forms = Boolean(capabilities.elicitation?.form);
			return {
				// The client's version when weft speaks it, else the one weft speaks (v1, the only one).
				protocolVersion: PROTOCOL_VERSION,
				agentCapabilities: {
					loadSession: true,
					promptCapabilities: { image: true, embeddedContext: true },
					// The client's servers are connected by the mcp extension: stdio always, Streamable HTTP; not legacy SSE.
					mcpCapabilities: { http: mcpAvailable, sse: false },
					sessionCapabilities: { list: {}, close: {} },
				},
				agentInfo: { name: "weft", title: "weft", version: options.version },
				authMethods: [],
			};
		})
		.onRequest(methods.agent.session.new, async ({ params, client }) => {
			const { session, configOptions } = await open(client, params.cwd, params.mcpServers);
			return { sessionId: session.id, configOptions };
		})
		.onRequest(methods.agent.session.load, async ({ params, client }) => {
			const existing = sessions.get(params.sessionId)?.session;
			if (existing) {
				await existing.replay();
				return { configOptions: optionsOf(existing.session) };
			}
			// The pool's own refusal would tell the editor to call the SDK's sessions.get.
			if (options.sessions.get(params.sessionId))
				throw RequestError.invalidParams(
					undefined,
					`session ${params.sessionId} is open in another channel of this weft (an extension's); it cannot be loaded here too`,
				);
			const { session, configOptions } = await open(client, params.cwd, params.mcpServers, params.sessionId);
			// The protocol: the whole conversation as updates, then the response.
			await session.replay();
			return { configOptions };
		})
		.onRequest(methods.agent.session.list, ({ params }) => ({
			sessions: listSessions({ home: options.home, cwd: params.cwd ?? undefined }).map((info) => ({
				sessionId: info.id,
				cwd: info.cwd,
				title: info.name ?? (info.firstMessage || null),
				updatedAt: info.modified.toISOString(),
			})),
		}))
		.onRequest(methods.agent.session.close, async ({ params }) => {
			await close(find(params.sessionId));
			return {};
		})
		.onRequest(methods.agent.session.prompt, async ({ params }) => {
			const session = find(params.sessionId);
			const stopReason = await session.prompt(params.prompt, ui);
			return { stopReason };
		})
		.onNotification(methods.agent.session.cancel, async ({ params }) => {
			await sessions.get(params.sessionId)?.session.cancel();
		})
		.onRequest(methods.agent.session.setConfigOption, ({ params }) => {
			const session = find(params.sessionId);
			setConfigOption(session.session, params.configId, params.value);
			return { configOptions: optionsOf(session.session) };
		});

	/** Closes the host's session and stops reporting it. */
	async function close(session: AcpSession): Promise<void> {
		const entry = sessions.get(session.id);
		sessions.delete(session.id);
		await entry?.folder.host.sessions.close(session.id);
		await session.detach();
	}

	return {
		app,
		/** Closes every session this connection opened, and the hosts it opened for other folders (the connection closed, or weft is exiting). */
		async closeAll(): Promise<void> {
			closing = true;
			const opened = await Promise.all([...folders.values()].map((folder) => folder.catch(() => undefined)));
			folders.clear();
			for (const folder of opened) folder?.stopGating();
			await Promise.all([...sessions.values()].map(({ session }) => close(session).catch(() => {})));
			for (const folder of opened) {
				if (!folder) continue;
				await folder.host.mcp?.stop([...folder.mcpConnected]).catch(() => {});
				await folder.host
					.shutdown?.()
					.catch((error) =>
						options.log(`weft in ${folder.host.cwd} did not shut down cleanly: ${errorMessage(error)}`),
					);
			}
		},
	};
}

function isFolder(path: string): boolean {
	try {
		return statSync(path).isDirectory();
	} catch {
		return false;
	}
}
