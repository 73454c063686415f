/**
 * The parts of the `@mariozechner/pi-coding-agent` shim that build on weft:
 * pi's ready-made components (DynamicBorder, BorderedLoader, CustomEditor)
 * and pi's built-in tool factories (`createBashTool(cwd)`, …), which hand
 * back pi-shaped tools running weft's own built-in tools. The bash tool's
 * `spawnHook` applies: its command and cwd are used, and the variables it
 * changes in env are exported before the command. pi's pluggable
 * `operations` (remote file and shell access) become the built-in tool's
 * backend (pi-operations.ts).
 */
import { boundKernel } from "./bound-kernel.js";
import { toWeftContent } from "./pi-events.js";
import { piBackend } from "./pi-operations.js";
import type { PiTheme } from "./pi-theme.js";
import { CancellableLoader, type Component, Container, Editor } from "./tui-components.js";

const identity = (text: string) => text;

/** A full-width rule. */
export class DynamicBorder implements Component {
	constructor(private readonly color: (text: string) => string = identity) {}
	invalidate(): void {}
	render(width: number): string[] {
		return [this.color("─".repeat(Math.max(1, width)))];
	}
}

/** A loader between two rules; escape aborts its `signal` and calls `onAbort`. */
export class BorderedLoader extends Container {
	private readonly loader: CancellableLoader;
	constructor(tui: unknown, theme: PiTheme, message: string) {
		super();
		const border = (text: string) => theme.fg("border", text);
		this.loader = new CancellableLoader(
			tui,
			(t) => theme.fg("accent", t),
			(t) => theme.fg("muted", t),
			message,
		);
		this.addChild(new DynamicBorder(border));
		this.addChild(this.loader);
		this.addChild(new DynamicBorder(border));
	}
	get signal(): AbortSignal {
		return this.loader.signal;
	}
	set onAbort(fn: (() => void) | undefined) {
		this.loader.onAbort = fn;
	}
	handleInput(data: string): void {
		this.loader.handleInput(data);
	}
	dispose(): void {
		this.loader.dispose();
	}
}

/** pi's base for replacement editors: the shim's Editor with pi's constructor (keybindings, then the editor's options). */
export class CustomEditor extends Editor {
	constructor(
		tui?: unknown,
		theme?: { borderColor?: (text: string) => string },
		_keybindings?: unknown,
		options?: { paddingX?: number },
	) {
		super(tui, theme, options);
	}
}

type SpawnContext = { command: string; cwd: string; env: NodeJS.ProcessEnv };
type ToolOptions = { operations?: unknown; spawnHook?: (spawn: SpawnContext) => SpawnContext } | undefined;

const shellQuote = (value: string) => `'${value.replaceAll("'", "'\\''")}'`;

/** The hook's command, preceded by exports (and unsets) of what it changed in env. */
function hookedCommand(hook: NonNullable<ToolOptions>["spawnHook"], command: string, cwd: string) {
	if (!hook) return { command, cwd };
	const env = { ...process.env };
	const spawn = hook({ command, cwd, env: { ...env } });
	const changes = Object.entries(spawn.env ?? {})
		.filter(
			([key, value]) => /^[A-Za-z_][A-Za-z0-9_]*$/.test(key) && value !== undefined && env[key] !== value,
		)
		.map(([key, value]) => `export ${key}=${shellQuote(String(value))}`);
	const removed = Object.keys(env)
		.filter((key) => spawn.env && !(key in spawn.env) && /^[A-Za-z_][A-Za-z0-9_]*$/.test(key))
		.map((key) => `unset ${key}`);
	const prefix = [...changes, ...removed];
	return {
		command: prefix.length > 0 ? `${prefix.join("\n")}\n${spawn.command}` : spawn.command,
		cwd: spawn.cwd ?? cwd,
	};
}

/** The session's built-in tool of that name (pi extensions never replace it in the registry: see pi-api.ts). */
function builtin(name: string) {
	const tool = boundKernel().tools.get(name);
	if (!tool) throw new Error(`weft's built-in ${name} tool is not enabled in this session`);
	return tool;
}

/**
 * A weft built-in tool with pi's execute signature and result shape, run in
 * `cwd`. Looked up when used: extensions load before the session registers
 * the built-in tools.
 */
function piTool(name: string) {
	return (cwd: string, options?: ToolOptions) => {
		const backend = options?.operations ? piBackend(name, options.operations) : undefined;
		const hook = options?.spawnHook;
		return {
			name,
			label: name,
			get description() {
				return boundKernel().tools.get(name)?.description ?? `weft's built-in ${name} tool`;
			},
			get parameters() {
				return boundKernel().tools.get(name)?.parameters ?? { type: "object", properties: {} };
			},
			async execute(
				toolCallId: string,
				params: Record<string, unknown>,
				signal?: AbortSignal,
				onUpdate?: (partial: { content: unknown }) => void,
			) {
				const spawn =
					hook && typeof params.command === "string" ? hookedCommand(hook, params.command, cwd) : { cwd };
				const args = "command" in spawn ? { ...params, command: spawn.command } : params;
				const result = await builtin(name).execute(args, {
					cwd: spawn.cwd,
					toolCallId,
					signal: signal ?? new AbortController().signal,
					onUpdate: (partial) => onUpdate?.({ content: partial }),
					...(backend && { backend }),
				});
				if (typeof result === "string") return { content: toWeftContent(result), details: undefined };
				if (result.isError)
					throw new Error(
						toWeftContent(result.content)
							.map((c) => ("text" in c ? c.text : ""))
							.join("\n"),
					);
				return { content: toWeftContent(result.content), details: result.details };
			},
		};
	};
}

export const createBashTool = piTool("bash");
export const createReadTool = piTool("read");
export const createWriteTool = piTool("write");
export const createEditTool = piTool("edit");
export const createGrepTool = piTool("grep");
export const createFindTool = piTool("find");
export const createLsTool = piTool("ls");
