/**
 * A prompt typed while extensions still load (the composer is up before the
 * first session opens): it is sent once the terminal's channel has opened
 * the session, not dropped.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { type Harness, startInteractive } from "../../support/tui-harness.js";

let h: Harness | undefined;
afterEach(async () => {
	await h?.dispose();
	h = undefined;
});

describe("a prompt typed before the first session opens", () => {
	it("is sent once the session has started", async () => {
		h = await startInteractive({
			script: [{ text: "answered after start-up" }],
			extensions: ["slow.ts"],
			files: {
				// Loads only once the test says so: until then there is no session.
				"slow.ts": `import { existsSync } from "node:fs";
import { join } from "node:path";
export default async function (weft) {
	while (!existsSync(join(weft.cwd, "go"))) await new Promise((r) => setTimeout(r, 10));
}
`,
			},
		});
		await h.waitFor("Ask anything");
		h.type("typed early");
		h.press("enter");
		await h.waitFor("sent once the session has started");
		expect(h.requests()).toHaveLength(0);

		writeFileSync(join(h.cwd, "go"), "");
		await h.waitFor("answered after start-up");
		expect(JSON.stringify(h.requests()[0].body.messages)).toContain("typed early");
	});
});
