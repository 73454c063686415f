/**
 * A subprocess extension's panel in the real interactive mode: a tiny Node
 * program speaking the protocol (no SDK) opens a panel from its command,
 * re-renders it with each key weft forwards, and Esc closes it.
 */
import { afterEach, describe, expect, it } from "vitest";
import { type Harness, startInteractive } from "../../support/tui-harness.js";

const PROGRAM = `
import { createInterface } from "node:readline";

const send = (frame) => process.stdout.write(JSON.stringify(frame) + "\\n");
const panel = (lines) => ({ id: "keys", title: "Key panel", lines, footer: "esc closes the panel" });

send({ type: "hello", name: "keys", version: "1", capabilities: [] });
send({ type: "register_command", name: "keys", description: "Show the keys you press" });
send({ type: "ready" });

for await (const line of createInterface({ input: process.stdin })) {
	const frame = JSON.parse(line);
	if (frame.type === "command_invoked")
		send({ type: "command_response", id: frame.id, action: "open_panel", open_panel: panel(["no key yet"]) });
	else if (frame.type === "panel_key")
		send({ type: "panel_render", panel_id: "keys", ...panel(["last key: " + frame.key + (frame.text ? " " + frame.text : "")]) });
	else if (frame.type === "panel_close") send({ type: "notify", level: "info", message: "panel closed" });
	else if (frame.type === "shutdown") process.exit(0);
}
`;

let h: Harness | undefined;
afterEach(async () => {
	await h?.dispose();
	h = undefined;
});

describe("a subprocess extension's panel", () => {
	it("opens with its lines and footer, forwards keys, and closes on Escape", async () => {
		h = await startInteractive({
			script: [],
			files: {
				"keys/extension.json": JSON.stringify({ name: "keys", exec: process.execPath, args: ["main.mjs"] }),
				"keys/main.mjs": PROGRAM,
			},
			extensions: ["keys"],
		});
		await h.waitFor("mock-model");
		h.type("/keys");
		h.press("enter");
		const opened = await h.waitFor("no key yet");
		expect(opened.some((l) => /─ Key panel ─/.test(l))).toBe(true);
		expect(opened.join("\n")).toContain("esc closes the panel");

		h.press("down");
		await h.waitFor("last key: down");
		h.type("x");
		const keyed = await h.waitFor("last key: rune x");
		// Keys went to the panel, not the composer behind it.
		expect(keyed.join("\n")).not.toContain("> x");

		h.press("escape");
		const closed = await h.waitFor("panel closed");
		expect(closed.join("\n")).not.toContain("Key panel");
		expect(closed.some((l) => l.startsWith("> Ask anything"))).toBe(true);

		h.type("typing again");
		await h.waitFor("> typing again");
	});

	it("is as tall as the screen, and a render without lines or footer clears them", async () => {
		h = await startInteractive({
			script: [],
			rows: 40,
			files: {
				"tall/extension.json": JSON.stringify({ name: "tall", exec: "bash", args: ["ext.sh"] }),
				"tall/ext.sh": TALL,
			},
			extensions: ["tall"],
		});
		await h.waitFor("mock-model");
		h.type("/tall");
		h.press("enter");
		const opened = await h.waitFor("row 30");
		for (let i = 1; i <= 30; i++) expect(opened.some((l) => l.includes(`row ${i} `))).toBe(true);
		expect(opened.join("\n")).not.toContain("earlier lines");
		expect(opened.join("\n")).toContain("c clears");

		h.type("c");
		const cleared = await h.waitFor((lines) => !lines.some((l) => l.includes("row 1 ")));
		expect(cleared.some((l) => /─ Tall ─/.test(l))).toBe(true);
		expect(cleared.join("\n")).not.toContain("c clears");
	});
});

/** A bash extension whose /tall opens a 30-line panel; "c" renders it with only a title (the original's whole-frame render). */
const TALL = `set -u
send() { printf '%s\\n' "$1"; }
id_of() { [[ $1 =~ \\"id\\":\\"([^\\"]*)\\" ]] && printf '%s' "\${BASH_REMATCH[1]}"; }
send '{"type":"hello","name":"tall","version":"1","capabilities":[]}'
send '{"type":"register_command","name":"tall","description":"A tall panel"}'
send '{"type":"ready"}'
lines=""
for i in $(seq 1 30); do lines="$lines\\"row $i \\","; done
while IFS= read -r line; do
	case "$line" in
	*'"type":"command_invoked"'*)
		send "{\\"type\\":\\"command_response\\",\\"id\\":\\"$(id_of "$line")\\",\\"action\\":\\"open_panel\\",\\"open_panel\\":{\\"id\\":\\"t\\",\\"title\\":\\"Tall\\",\\"lines\\":[\${lines%,}],\\"footer\\":\\"c clears\\"}}" ;;
	*'"type":"panel_key"'*'"text":"c"'*)
		send '{"type":"panel_render","panel_id":"t","title":"Tall"}' ;;
	*'"type":"shutdown"'*) exit 0 ;;
	esac
done
`;
