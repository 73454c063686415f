/**
 * pi's pluggable tool `operations` (ssh.ts's remote shell and files,
 * sandbox's wrapped shell) as weft's tool backend (ToolContext.backend,
 * kernel/tool.ts): the built-in tool runs as usual and reaches the shell or
 * the files only through them. bash's `exec`, read's `readFile` / `access`,
 * write's `writeFile` / `mkdir`, edit's three, ls's `exists` / `stat` /
 * `readdir` and find's `exists` / `glob` map. weft's grep searches this
 * machine only, so its operations are refused with a message rather than
 * ignored by surprise.
 */
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import type { ToolBackend } from "../../../kernel/tool.js";

type PiExec = (
	command: string,
	cwd: string,
	options: {
		onData: (data: Buffer) => void;
		signal?: AbortSignal;
		timeout?: number;
		env?: NodeJS.ProcessEnv;
	},
) => Promise<{ exitCode: number | null }>;

type PiOperations = {
	exec?: PiExec;
	readFile?: (path: string) => Promise<Buffer | string>;
	access?: (path: string) => Promise<void>;
	writeFile?: (path: string, content: string) => Promise<void>;
	mkdir?: (dir: string) => Promise<void>;
	exists?: (path: string) => Promise<boolean> | boolean;
	stat?: (path: string) => Promise<{ isDirectory(): boolean }> | { isDirectory(): boolean };
	readdir?: (path: string) => Promise<string[]> | string[];
	glob?: (
		pattern: string,
		cwd: string,
		options: { ignore: string[]; limit: number },
	) => Promise<string[]> | string[];
};

const coded = (message: string, code: string) => Object.assign(new Error(message), { code });

const toBuffer = (chunk: string | Uint8Array) =>
	typeof chunk === "string"
		? Buffer.from(chunk)
		: Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);

/** pi's BashOperations.exec as a backend's exec (pi's gets a Buffer per chunk; a rejection after abort is the abort). */
export function piExec(exec: PiExec): NonNullable<ToolBackend["exec"]> {
	return (command, { cwd, signal, onData }) =>
		exec(command, cwd, {
			onData: (data) => onData(typeof data === "string" ? data : toBuffer(data)),
			signal,
		});
}

/**
 * pi's `createLocalBashOperations()`: a BashOperations that runs here, for
 * an extension that wraps the local shell (a `user_bash` handler adding a
 * profile, say). The command runs with bash (else sh), or `shellPath`, in
 * its own process group, so abort and `timeout` (seconds) stop all it
 * started; both reject, as pi's do ("aborted", "timeout:<seconds>").
 */
export function createLocalBashOperations(options: { shellPath?: string } = {}): { exec: PiExec } {
	return {
		exec: (command, cwd, { onData, signal, timeout, env }) =>
			new Promise((resolve, reject) => {
				if (!existsSync(cwd)) {
					reject(new Error(`Working directory ${cwd} does not exist; cannot run the command.`));
					return;
				}
				const shell = options.shellPath ?? (existsSync("/bin/bash") ? "/bin/bash" : "sh");
				const child = spawn(shell, ["-c", command], {
					cwd,
					env: env ?? process.env,
					detached: true,
					stdio: ["ignore", "pipe", "pipe"],
				});
				let stopped: "aborted" | "timeout" | undefined;
				const stop = (why: "aborted" | "timeout") => {
					stopped ??= why;
					try {
						if (child.pid) process.kill(-child.pid, "SIGKILL");
					} catch {
						// The group is already gone.
					}
				};
				const timer = timeout && timeout > 0 ? setTimeout(() => stop("timeout"), timeout * 1000) : undefined;
				const onAbort = () => stop("aborted");
				if (signal?.aborted) onAbort();
				else signal?.addEventListener("abort", onAbort, { once: true });
				child.stdout.on("data", onData);
				child.stderr.on("data", onData);
				const settle = () => {
					clearTimeout(timer);
					signal?.removeEventListener("abort", onAbort);
				};
				child.once("error", (error) => {
					settle();
					reject(error);
				});
				child.once("close", (code) => {
					settle();
					if (stopped === "aborted") reject(new Error("aborted"));
					else if (stopped === "timeout") reject(new Error(`timeout:${timeout}`));
					else resolve({ exitCode: code });
				});
			}),
	};
}

/** A missing or unreadable file, as the tools' "File not found" (pi's `access` says only that it failed). */
function notReadable(path: string, cause: unknown): Error {
	const error = new Error(
		`${path} is not readable: ${cause instanceof Error ? cause.message : String(cause)}`,
	);
	return Object.assign(error, { code: "ENOENT" });
}

/** The backend for weft's built-in tool of that name, from the pi tool's `operations`. */
export function piBackend(tool: string, operations: unknown): ToolBackend {
	const ops = (operations ?? {}) as PiOperations;
	const need = (...names: Array<keyof PiOperations>) => {
		const missing = names.filter((name) => typeof ops[name] !== "function");
		if (missing.length > 0)
			throw new Error(`the ${tool} tool's operations need ${missing.map((name) => `${name}()`).join(", ")}`);
	};
	switch (tool) {
		case "bash":
			need("exec");
			return { exec: piExec(ops.exec as PiExec) };
		case "read":
		case "edit": {
			need("readFile", ...(tool === "edit" ? (["writeFile"] as const) : []));
			const backend: ToolBackend = {
				async readFile(path) {
					if (ops.access) await ops.access(path).catch((cause) => Promise.reject(notReadable(path, cause)));
					return (ops.readFile as NonNullable<PiOperations["readFile"]>)(path);
				},
			};
			if (tool === "edit") backend.writeFile = (path, content) => ops.writeFile!(path, content);
			return backend;
		}
		case "write":
			need("writeFile");
			return {
				async writeFile(path, content) {
					await ops.mkdir?.(dirname(path));
					await ops.writeFile!(path, content);
				},
			};
		case "ls": {
			need("exists", "stat", "readdir");
			const { exists, stat, readdir } = ops as Required<PiOperations>;
			return {
				async listDirectory(path) {
					if (!(await exists(path))) throw coded(`${path} does not exist`, "ENOENT");
					if (!(await stat(path)).isDirectory()) throw coded(`${path} is a file`, "ENOTDIR");
					const names = await readdir(path);
					return Promise.all(
						names.map(async (name) => ({ name, isDirectory: (await stat(join(path, name))).isDirectory() })),
					);
				},
			};
		}
		case "find": {
			need("exists", "glob");
			const { exists, glob } = ops as Required<PiOperations>;
			return {
				async glob(pattern, root, { ignore, limit }) {
					if (!(await exists(root))) throw coded(`${root} does not exist`, "ENOENT");
					return glob(pattern, root, { ignore, limit });
				},
			};
		}
		default:
			throw new Error(
				`weft's ${tool} tool cannot take pi's operations (it searches this machine only); drop them to search here`,
			);
	}
}
