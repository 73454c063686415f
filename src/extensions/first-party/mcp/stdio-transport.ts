/**
 * MCP's stdio transport (one JSON-RPC message per line on the server's
 * stdin and stdout) on the extension API's `spawnJob`, not the SDK's own
 * stdio client: the server then belongs to the extension like any job it
 * starts, so `/reload`, unloading and weft's exit stop its whole process
 * group, and its stderr goes to the extension's log. The environment is
 * the SDK's stdio client's: a few variables of weft's plus the server's `env`.
 */
import { getDefaultEnvironment } from "@modelcontextprotocol/sdk/client/stdio.js";
import { deserializeMessage, serializeMessage } from "@modelcontextprotocol/sdk/shared/stdio.js";
import type { Transport } from "@modelcontextprotocol/sdk/shared/transport.js";
import type { JSONRPCMessage } from "@modelcontextprotocol/sdk/types.js";
import type { ExtensionAPI, JobHandle } from "../../types.js";
import type { StdioServerConfig } from "./config.js";

/** How many of the server's last stderr lines a failure quotes. */
const STDERR_KEPT = 5;

export class JobStdioTransport implements Transport {
	onclose?: () => void;
	onerror?: (error: Error) => void;
	onmessage?: (message: JSONRPCMessage) => void;
	private job: JobHandle | undefined;
	private closed = false;
	private readonly stderr: string[] = [];
	/** Why the process ended, once it has (its exit code or signal). */
	exitReason: string | undefined;

	constructor(
		private readonly weft: ExtensionAPI,
		private readonly config: StdioServerConfig,
	) {}

	/** The SDK's client calls this when it connects; the process was started by `spawn` before. */
	async start(): Promise<void> {
		if (!this.job) this.spawn();
	}

	/** Starts the server; throws only when the extension is no longer loaded. */
	spawn(): void {
		const { command, args, env, cwd } = this.config;
		this.job = this.weft.spawnJob(command, args, {
			cwd: cwd ?? this.weft.cwd,
			// The SDK's own stdio client passes only PATH, HOME, USER, SHELL, TERM and LOGNAME: weft's API keys stay with weft.
			env: { ...getDefaultEnvironment(), ...env },
			onLine: (line, stream) => (stream === "stdout" ? this.received(line) : this.logged(line)),
			onExit: (code, signal) => {
				this.exitReason = signal ? `killed by ${signal}` : `exited with code ${code}`;
			},
		});
		// `done` also settles when the command cannot be run at all (then no exit code is given).
		void this.job.done.then(() => {
			this.exitReason ??= `could not run "${command}"`;
			this.ended();
		});
	}

	async send(message: JSONRPCMessage): Promise<void> {
		if (this.closed || !this.job) throw new Error(`MCP server "${this.config.name}" is not running`);
		this.job.write(serializeMessage(message));
	}

	async close(): Promise<void> {
		this.job?.kill();
		this.ended();
	}

	/** The server's last stderr lines, for a failure message. */
	recentStderr(): string {
		return this.stderr.join(" | ");
	}

	private received(line: string): void {
		if (line.trim() === "") return;
		try {
			this.onmessage?.(deserializeMessage(line));
		} catch (error) {
			// Servers that print to stdout break the protocol; say so once per line rather than dropping the connection.
			this.weft.log(`${this.config.name}: not a JSON-RPC message on stdout: ${line.slice(0, 200)}`, "warn");
			this.onerror?.(error instanceof Error ? error : new Error(String(error)));
		}
	}

	private logged(line: string): void {
		this.stderr.push(line.slice(0, 300));
		if (this.stderr.length > STDERR_KEPT) this.stderr.shift();
		this.weft.log(`${this.config.name} (stderr): ${line}`, "debug");
	}

	private ended(): void {
		if (this.closed) return;
		this.closed = true;
		this.onclose?.();
	}
}
