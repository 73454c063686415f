/**
 * Runs the mock LLM server as a process (for benchmarks and tmux tests):
 *   node dist/testing/mock-llm/cli.js --script script.json [--port N]
 * The script file is a JSON array of turns (or `{ "script": [...] }`). Prints
 * one line `{"url":"http://127.0.0.1:PORT"}` on stdout, then serves until SIGTERM/SIGINT.
 */
import { readFileSync } from "node:fs";
import { errorMessage } from "../../base/error-message.js";
import type { ScriptedTurn } from "./script.js";
import { startMockLlm } from "./server.js";

interface CliArgs {
	scriptPath: string;
	port: number;
}

function parseArgs(argv: string[]): CliArgs {
	let scriptPath: string | undefined;
	let port = 0;
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i];
		if (arg === "--script") scriptPath = argv[++i];
		else if (arg === "--port") port = Number(argv[++i]);
		else throw new Error(`unknown argument ${arg}; usage: mock-llm --script script.json [--port N]`);
	}
	if (!scriptPath) throw new Error("missing --script; usage: mock-llm --script script.json [--port N]");
	if (!Number.isInteger(port) || port < 0 || port > 65535)
		throw new Error("--port must be a number from 0 to 65535");
	return { scriptPath, port };
}

function readScript(path: string): ScriptedTurn[] {
	let parsed: unknown;
	try {
		parsed = JSON.parse(readFileSync(path, "utf8"));
	} catch (error) {
		throw new Error(`cannot read script ${path}: ${errorMessage(error)}`);
	}
	const turns = Array.isArray(parsed) ? parsed : (parsed as { script?: unknown })?.script;
	if (!Array.isArray(turns))
		throw new Error(`script ${path} must be a JSON array of turns or { "script": [...] }`);
	return turns as ScriptedTurn[];
}

async function main(): Promise<void> {
	const args = parseArgs(process.argv.slice(2));
	const llm = await startMockLlm({ script: readScript(args.scriptPath), port: args.port });
	process.stdout.write(`${JSON.stringify({ url: llm.url })}\n`);
	const stop = () => {
		llm.close().then(() => process.exit(0));
	};
	process.once("SIGTERM", stop);
	process.once("SIGINT", stop);
}

main().catch((error: unknown) => {
	process.stderr.write(`mock-llm: ${errorMessage(error)}\n`);
	process.exit(2);
});
