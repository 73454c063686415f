/**
 * `after_provider_response` through the real binary: each HTTP attempt of a
 * model call (a 503 retried, then the answer) reaches a weft extension and a
 * pi extension's handler of the same name, with status and headers.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { MockLlm } from "../../src/testing/mock-llm/index.js";
import { extensionEventsFixture } from "../support/extension-events-fixture.js";
import { runWeft, type Sandbox, withMockSandbox } from "../support/weft-cli.js";

let sandbox: Sandbox;
let llm: MockLlm;

withMockSandbox((made, started) => {
	sandbox = made;
	llm = started;
});
const recordFile = () => join(sandbox.home, "..", "record.log");
const { extension } = extensionEventsFixture(() => ({ sandbox, llm, recordFile: recordFile() }));

describe("after_provider_response", () => {
	it("reports each attempt's status and headers to weft and pi extensions", async () => {
		const weftExt = extension(
			"weft-response",
			`weft.on("after_provider_response", (event) => {
				record("weft " + event.provider + "/" + event.model + " " + event.status + " " + typeof event.headers["content-type"]);
			});`,
		);
		const piFile = sandbox.write(
			join(sandbox.home, "..", "pi-exts", "pi-response.ts"),
			`import type { ExtensionAPI } from "@mariozechner/pi-coding-agent";
import { appendFileSync } from "node:fs";

export default function (pi: ExtensionAPI) {
	pi.on("after_provider_response", (event) => {
		appendFileSync(${JSON.stringify(recordFile())}, "pi " + event.type + " " + event.status + " " + typeof event.headers["content-type"] + "\\n");
	});
}
`,
		);
		llm.push({ error: { status: 503, message: "busy" } }, { text: "Answer." });
		const result = await runWeft(sandbox, ["-p", "--no-session", "-e", weftExt, "-e", piFile, "hi"]);
		expect(result.code).toBe(0);
		expect(result.stdout).toBe("Answer.\n");
		const lines = readFileSync(recordFile(), "utf8").trim().split("\n");
		expect(lines.filter((line) => line.startsWith("weft "))).toEqual([
			"weft mock/mock-model 503 string",
			"weft mock/mock-model 200 string",
		]);
		expect(lines.filter((line) => line.startsWith("pi "))).toEqual([
			"pi after_provider_response 503 string",
			"pi after_provider_response 200 string",
		]);
	});
});
