/**
 * A saved session made through the binary, for tests of what reads one
 * (export, fork): a first `-p` run whose model reads notes.txt and answers,
 * then a second question in that session resumed by id.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect } from "vitest";
import type { MockLlm } from "../../src/testing/mock-llm/index.js";
import { runWeft, type Sandbox } from "./weft-cli.js";

export async function twoTurnSession(sandbox: Sandbox, llm: MockLlm): Promise<{ file: string; id: string }> {
	llm.push(
		{ toolCalls: [{ name: "read", args: { path: "notes.txt" } }] },
		{ text: "The notes say **kiwi**." },
		{ text: "Second answer." },
	);
	writeFileSync(join(sandbox.cwd, "notes.txt"), "fruit: kiwi\n");
	expect((await runWeft(sandbox, ["-p", "remember the fruit in notes.txt"])).code).toBe(0);
	const [file] = sandbox.sessionFiles();
	const id = sandbox.readSession(file)[0].id as string;
	expect((await runWeft(sandbox, ["-p", "--resume", id, "and a second question"])).code).toBe(0);
	return { file, id };
}
