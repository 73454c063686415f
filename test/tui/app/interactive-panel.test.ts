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
});
