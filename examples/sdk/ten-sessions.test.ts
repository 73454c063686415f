// Runs the example as users do, against the built package: `npm test` builds
// first; alone, run `node scripts/build.mjs --js-only` before.
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

describe("examples/sdk/ten-sessions.mjs", () => {
	it("runs ten sessions concurrently and reports each one's answer", async () => {
		const script = fileURLToPath(new URL("./ten-sessions.mjs", import.meta.url));
		const { stdout, stderr } = await promisify(execFile)(process.execPath, [script], { encoding: "utf8" });

		expect(stderr).toBe("");
		const answers = stdout.split("\n").filter((line) => line.startsWith("session "));
		expect(answers).toHaveLength(10);
		for (let i = 1; i <= 10; i++) {
			expect(answers).toContainEqual(
				expect.stringMatching(
					new RegExp(`^session ${i} \\([0-9a-f-]{8}\\): You asked: what is ${i} squared\\?$`),
				),
			);
		}
		expect(stdout.match(/done in \d+ ms/g)).toHaveLength(10);
		expect(stdout).toMatch(/10 sessions answered in \d+ ms/);
	});
});
