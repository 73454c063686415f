// Ten weft sessions at once in one process, against one mock model server,
// each answer reported as it arrives. No API key or network needed.
//
//   npm run build && node examples/sdk/ten-sessions.mjs
//
// Outside this repository the imports are the same once weft is installed
// (`npm install weft`); point `settings.providers` at a real provider instead
// of the mock (or leave `settings` out to use ~/.weft/settings.json).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createWeft } from "weft";
import { startMockLlm } from "weft/testing";

const SESSIONS = 10;

/** The mock answers each request with the question it was asked. */
const answer = (request) => {
	const question = request.body.messages.findLast((m) => m.role === "user").content;
	return { text: `You asked: ${typeof question === "string" ? question : question[0].text}` };
};
const llm = await startMockLlm({ script: Array.from({ length: SESSIONS }, () => answer) });
const home = mkdtempSync(join(tmpdir(), "weft-ten-sessions-"));

const weft = await createWeft({
	cwd: home,
	home,
	noExtensions: true,
	settings: {
		providers: {
			mock: {
				api: "openai-completions",
				baseUrl: llm.baseUrlFor("openai-completions"),
				apiKey: "unused",
				models: [{ id: "mock-model" }],
			},
		},
	},
});
weft.activity.subscribe((event) => {
	if (event.type === "task_completed")
		console.log(`  ${event.sessionId.slice(0, 8)} done in ${event.durationMs} ms`);
});

try {
	const started = Date.now();
	const sessions = await Promise.all(
		Array.from({ length: SESSIONS }, () => weft.sessions.create({ session: { persist: false } })),
	);
	await Promise.all(
		sessions.map(async (session, i) => {
			const result = await session.prompt(`what is ${i + 1} squared?`);
			console.log(`session ${i + 1} (${session.id.slice(0, 8)}): ${result.response}`);
		}),
	);
	console.log(`${SESSIONS} sessions answered in ${Date.now() - started} ms`);
} finally {
	await weft.shutdown();
	await llm.close();
	rmSync(home, { recursive: true, force: true });
}
