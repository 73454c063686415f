/**
 * The files `weft ext init` writes, per language. Each skeleton adds a
 * `<name>_hello` tool and a `/<name>` command and carries a test that
 * passes as written: the TypeScript one runs under weft's own test harness
 * (`weft/testing`, with weft as a dev dependency); the subprocess ones speak
 * the protocol to the program directly, so they need nothing but their
 * language.
 */

export type SkeletonLanguage = "ts" | "node" | "python" | "shell";
export const SKELETON_LANGUAGES: readonly SkeletonLanguage[] = ["ts", "node", "python", "shell"];

export interface SkeletonFile {
	path: string;
	text: string;
	executable?: boolean;
}

/** `tool` is the name with "-" as "_" (a tool name the models accept everywhere). */
export function skeletonFiles(lang: SkeletonLanguage, name: string): SkeletonFile[] {
	const tool = `${name.replace(/-/g, "_")}_hello`;
	const files = { ts: typescript, node, python, shell }[lang](name, tool);
	return [...files, { path: "README.md", text: readme(lang, name, tool) }];
}

function typescript(name: string, tool: string): SkeletonFile[] {
	const pkg = {
		name,
		version: "0.1.0",
		type: "module",
		private: true,
		weft: { extensions: ["index.ts"] },
		scripts: { test: "node --test index.test.mjs" },
		devDependencies: { weft: "*" },
	};
	return [
		{ path: "package.json", text: `${JSON.stringify(pkg, null, "\t")}\n` },
		{
			path: "index.ts",
			text: `import { type ExtensionAPI, Type } from "weft";

export default function ${camel(name)}(weft: ExtensionAPI) {
	weft.registerTool({
		name: "${tool}",
		label: "Hello",
		description: "Greets someone by name.",
		parameters: Type.Object({ who: Type.String({ description: "Whom to greet" }) }),
		async execute(args) {
			return { content: [{ type: "text", text: \`Hello, \${args.who}!\` }] };
		},
	});
	weft.registerCommand("${name}", {
		description: "Say hello from ${name}",
		handler: (_args, ctx) => ctx.ui.notify("Hello from ${name}!", "info"),
	});
}
`,
		},
		{
			path: "index.test.mjs",
			text: `// Runs the extension as weft loads it, against a scripted model: npm install, then npm test.
import assert from "node:assert/strict";
import { test } from "node:test";
import { runExtensions } from "weft/testing";

test("${tool} greets whom the model names", async () => {
	const run = await runExtensions({
		extensions: [new URL(".", import.meta.url)],
		script: [{ toolCalls: [{ name: "${tool}", args: { who: "tests" } }] }, { text: "done" }],
		prompt: "say hello",
	});
	try {
		assert.equal(run.toolCalls[0].result.text, "Hello, tests!");
	} finally {
		await run.dispose();
	}
});
`,
		},
	];
}

function manifest(name: string, language: string, exec: string, args: string[]): SkeletonFile {
	const value = { name, version: "0.1.0", description: `${name}: a weft extension`, language, exec, args };
	return { path: "extension.json", text: `${JSON.stringify(value, null, "\t")}\n` };
}

const HELLO_FRAMES = (name: string, tool: string) => [
	`{"type":"hello","name":"${name}","version":"0.1.0","capabilities":["tools","commands"]}`,
	`{"type":"register_tool","name":"${tool}","description":"Greets someone by name.","schema":{"type":"object","properties":{"who":{"type":"string","description":"Whom to greet"}},"required":["who"]}}`,
	`{"type":"register_command","name":"${name}","description":"Say hello from ${name}"}`,
	`{"type":"ready"}`,
];

function node(name: string, tool: string): SkeletonFile[] {
	return [
		manifest(name, "node", "node", ["index.mjs"]),
		{
			path: "package.json",
			text: `${JSON.stringify({ name, version: "0.1.0", type: "module", private: true, scripts: { test: "node --test index.test.mjs" } }, null, "\t")}\n`,
		},
		{
			path: "index.mjs",
			text: `// A subprocess extension: one JSON object per line on stdin and stdout (docs/subprocess-extensions.md).
import { createInterface } from "node:readline";

const send = (frame) => process.stdout.write(\`\${JSON.stringify(frame)}\\n\`);
for (const line of ${JSON.stringify(HELLO_FRAMES(name, tool), null, "\t")}) process.stdout.write(\`\${line}\\n\`);

for await (const line of createInterface({ input: process.stdin })) {
	const frame = JSON.parse(line);
	if (frame.type === "tool_call" && frame.name === "${tool}") {
		send({ type: "tool_result", id: frame.id, content: [{ type: "text", text: \`Hello, \${frame.args.who}!\` }], is_error: false });
	} else if (frame.type === "command_invoked") {
		send({ type: "command_response", id: frame.id, action: "display", display: "Hello from ${name}!" });
	} else if (frame.type === "shutdown") {
		break;
	}
}
`,
		},
		{
			path: "index.test.mjs",
			text: `// Speaks the protocol to the program as weft would: npm test (or node --test index.test.mjs).
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { test } from "node:test";

test("${tool} answers a tool call", () => {
	const input = ['{"type":"tool_call","id":"1","name":"${tool}","args":{"who":"tests"}}', '{"type":"shutdown"}', ""].join("\\n");
	const run = spawnSync(process.execPath, ["index.mjs"], { cwd: import.meta.dirname, input, encoding: "utf8" });
	const frames = run.stdout.trim().split("\\n").map((line) => JSON.parse(line));
	assert.equal(frames[0].type, "hello");
	assert.deepEqual(frames.find((f) => f.type === "tool_result")?.content, [{ type: "text", text: "Hello, tests!" }]);
});
`,
		},
	];
}

function python(name: string, tool: string): SkeletonFile[] {
	const module = name.replace(/-/g, "_");
	return [
		manifest(name, "python", "python3", ["main.py"]),
		{
			path: "main.py",
			text: `"""A subprocess extension: one JSON object per line on stdin and stdout (docs/subprocess-extensions.md)."""
import json
import sys


def send(frame):
    sys.stdout.write(json.dumps(frame) + "\\n")
    sys.stdout.flush()


def main():
${HELLO_FRAMES(name, tool)
	.map((line) => `    sys.stdout.write(${JSON.stringify(line)} + "\\n")`)
	.join("\n")}
    sys.stdout.flush()
    for line in sys.stdin:
        frame = json.loads(line)
        if frame["type"] == "tool_call" and frame["name"] == "${tool}":
            text = "Hello, %s!" % frame["args"]["who"]
            send({"type": "tool_result", "id": frame["id"], "content": [{"type": "text", "text": text}], "is_error": False})
        elif frame["type"] == "command_invoked":
            send({"type": "command_response", "id": frame["id"], "action": "display", "display": "Hello from ${name}!"})
        elif frame["type"] == "shutdown":
            break


if __name__ == "__main__":
    main()
`,
		},
		{
			path: `test_${module}.py`,
			text: `"""Speaks the protocol to the program as weft would: python3 -m unittest"""
import json
import os
import subprocess
import sys
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))


class HelloTest(unittest.TestCase):
    def test_tool_call(self):
        frames = '{"type":"tool_call","id":"1","name":"${tool}","args":{"who":"tests"}}\\n{"type":"shutdown"}\\n'
        run = subprocess.run([sys.executable, "main.py"], cwd=HERE, input=frames, capture_output=True, text=True, check=True)
        out = [json.loads(line) for line in run.stdout.splitlines()]
        self.assertEqual(out[0]["type"], "hello")
        result = next(f for f in out if f["type"] == "tool_result")
        self.assertEqual(result["content"], [{"type": "text", "text": "Hello, tests!"}])


if __name__ == "__main__":
    unittest.main()
`,
		},
	];
}

function shell(name: string, tool: string): SkeletonFile[] {
	return [
		manifest(name, "shell", "./extension.sh", []),
		{
			path: "extension.sh",
			executable: true,
			text: `#!/usr/bin/env bash
# A subprocess extension in plain bash: one JSON object per line on stdin and
# stdout (docs/subprocess-extensions.md). Fields are read with a pattern,
# which is enough for the flat frames weft sends, not for escaped quotes.
set -u
send() { printf '%s\\n' "$1"; }
field() { [[ $1 =~ \\"$2\\":\\"([^\\"]*)\\" ]] && printf '%s' "\${BASH_REMATCH[1]}"; }

${HELLO_FRAMES(name, tool)
	.map((line) => `send '${line}'`)
	.join("\n")}

while IFS= read -r line; do
	case "$line" in
	*'"type":"tool_call"'*)
		send "{\\"type\\":\\"tool_result\\",\\"id\\":\\"$(field "$line" id)\\",\\"content\\":[{\\"type\\":\\"text\\",\\"text\\":\\"Hello, $(field "$line" who)!\\"}],\\"is_error\\":false}"
		;;
	*'"type":"command_invoked"'*)
		send "{\\"type\\":\\"command_response\\",\\"id\\":\\"$(field "$line" id)\\",\\"action\\":\\"display\\",\\"display\\":\\"Hello from ${name}!\\"}"
		;;
	*'"type":"shutdown"'*) exit 0 ;;
	esac
done
`,
		},
		{
			path: "test.sh",
			executable: true,
			text: `#!/usr/bin/env bash
# Speaks the protocol to the program as weft would: ./test.sh
set -eu
cd "$(dirname "$0")"
out=$(printf '%s\\n' '{"type":"tool_call","id":"1","name":"${tool}","args":{"who":"tests"}}' '{"type":"shutdown"}' | ./extension.sh)
case "$out" in
*'"text":"Hello, tests!"'*) echo "ok: ${tool} answers a tool call" ;;
*) echo "FAILED: no tool_result with Hello, tests! in:"; echo "$out"; exit 1 ;;
esac
`,
		},
	];
}

function readme(lang: SkeletonLanguage, name: string, tool: string): string {
	const test = {
		ts: "npm install && npm test",
		node: "npm test",
		python: "python3 -m unittest",
		shell: "./test.sh",
	}[lang];
	return `# ${name}

A weft extension: a \`${tool}\` tool and a \`/${name}\` command.

- Try it: \`weft -e . -p "greet the tests with ${tool}"\`
- Test it: \`${test}\`
- Install it: \`weft ext install .\` (or publish it and \`weft ext install npm:${name}\`)

See docs/extensions.md${lang === "ts" ? "" : " and docs/subprocess-extensions.md"} in weft.
`;
}

function camel(name: string): string {
	const words = name.split(/[-_]/).filter(Boolean);
	return words.map((w, i) => (i === 0 ? w : w[0].toUpperCase() + w.slice(1))).join("") || "extension";
}
