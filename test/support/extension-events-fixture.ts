/**
 * Helpers for the end-to-end extension event tests: write a throwaway `-e`
 * extension, read what extensions recorded, and inspect what the mock LLM
 * was sent and what the session file kept.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { MockLlm } from "../../src/testing/mock-llm/index.js";
import type { Sandbox } from "./weft-cli.js";

type WireMessage = { role: string; content: unknown };

/** `current` is read on every call, so tests can rebuild the sandbox and server in beforeEach. */
export function extensionEventsFixture(
	current: () => { sandbox: Sandbox; llm: MockLlm; recordFile: string },
	/** Extra import lines for every extension written (e.g. values from "weft"). */
	imports = "",
) {
	const messagesSent = (request: number): WireMessage[] => current().llm.requests[request].body.messages;
	const sentByRole = (request: number, role: string): string[] =>
		messagesSent(request)
			.filter((m) => m.role === role)
			.map((m) => String(m.content));
	return {
		/** Writes an extension whose default export runs `body` (with `weft` and `record(line)` in scope); returns its path. */
		extension(name: string, body: string): string {
			const { sandbox, recordFile } = current();
			return sandbox.write(
				join(sandbox.home, "..", "exts", `${name}.ts`),
				`import type { ExtensionAPI } from "weft";
${imports}import { appendFileSync } from "node:fs";
const record = (line: string) => appendFileSync(${JSON.stringify(recordFile)}, line + "\\n");
export default function (weft: ExtensionAPI) {
${body}
}
`,
			);
		},
		/** Lines the extensions recorded, in order. */
		recorded(): string[] {
			const { recordFile } = current();
			return existsSync(recordFile) ? readFileSync(recordFile, "utf8").split("\n").filter(Boolean) : [];
		},
		withExtensions: (...files: string[]) => files.flatMap((file) => ["-e", file]),
		messagesSent,
		systemSent: (request: number): string => String(messagesSent(request)[0].content),
		userTextsSent: (request: number) => sentByRole(request, "user"),
		toolResultsSent: (request: number) => sentByRole(request, "tool"),
		toolNamesSent: (request: number): string[] =>
			(current().llm.requests[request].body.tools ?? []).map(
				(t: { function: { name: string } }) => t.function.name,
			),
		/** The conversation as the session file keeps it. */
		transcript(): any[] {
			const { sandbox } = current();
			const [file] = sandbox.sessionFiles();
			return sandbox
				.readSession(file)
				.filter((e) => e.type === "message")
				.map((e) => e.message);
		},
		jsonEvents: (stdout: string): any[] =>
			stdout
				.split("\n")
				.filter((l) => l.trim())
				.map((l) => JSON.parse(l)),
	};
}
