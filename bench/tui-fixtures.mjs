// What the terminal UI benchmark feeds weft: the flood answer (markdown of a
// chosen size ending in a unique marker), a session file with N transcript
// entries for --continue, a sandbox home whose settings pick the mock model,
// and the call into bench/pty-driver.py.
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { makeSandbox, root, weftBin } from "./lib.mjs";

export const COLUMNS = 100;
export const ROWS = 30;
/** Appears once, at the very end of the flood answer: when it is on screen, all of it is. */
export const FLOOD_MARKER = "zqxfloodendzqx";
/** The composer's placeholder: once drawn, the UI is up. */
export const READY_TEXT = "Ask anything";

const WORDS = (
	"the renderer writes each changed line once and the composer keeps its cursor where the user left it " +
	"while the agent streams tokens from the provider into the transcript buffer and tools report progress " +
	"through events that extensions can observe intercept or replace without touching the kernel"
).split(" ");

function sentence(seed, length) {
	const out = [];
	for (let i = 0; i < length; i++) out.push(WORDS[(seed * 7 + i * 13) % WORDS.length]);
	out[0] = out[0][0].toUpperCase() + out[0].slice(1);
	return `${out.join(" ")}.`;
}

/** One section of a typical answer: heading, paragraph with inline markup, list, sometimes code. */
function section(i) {
	let text = `## Step ${i + 1}: ${sentence(i, 4).slice(0, -1)}\n\n`;
	text += `${sentence(i, 18)} The \`render()\` call is **cheap** here, and ${sentence(i + 1, 14)}\n\n`;
	for (let j = 0; j < 3; j++) text += `- ${sentence(i + j, 9)}\n`;
	if (i % 4 === 3) {
		text += "\n```ts\n";
		text += `export function step${i}(lines: string[]): number {\n`;
		text += `\tlet total = ${i};\n`;
		text += "\tfor (const line of lines) total += line.length;\n";
		text += "\treturn total;\n}\n```\n";
	}
	return `${text}\n`;
}

/** Markdown of about `kb` kilobytes, ending with the marker. */
export function floodAnswer(kb) {
	let text = "";
	for (let i = 0; text.length < kb * 1024; i++) text += section(i);
	return `${text}That is all: ${FLOOD_MARKER}`;
}

/** A sandbox whose settings make the mock the default model, so plain `weft` needs no flags. */
export function uiSandbox(mockUrl) {
	const box = makeSandbox(mockUrl);
	const settings = {
		providers: {
			mock: {
				api: "openai-completions",
				baseUrl: `${mockUrl}/v1`,
				apiKey: "bench",
				models: [{ id: "mock-model", contextWindow: 200000 }],
			},
		},
		defaultProvider: "mock",
		defaultModel: "mock-model",
	};
	writeFileSync(join(box.home, "settings.json"), JSON.stringify(settings));
	const env = { ...box.env, TERM: "xterm-256color", COLUMNS: String(COLUMNS), LINES: String(ROWS) };
	delete env.COLORFGBG;
	delete env.NODE_OPTIONS;
	return { ...box, env };
}

/**
 * Writes a session for `cwd` holding `entries` transcript entries (user and
 * assistant turns alternating, a few lines of markdown each), through weft's
 * own SessionStore so the format is whatever this build reads.
 */
export async function writeSession(home, cwd, entries) {
	const { SessionStore } = await import(join(root, "dist/index.js"));
	const store = SessionStore.create({ home, cwd, persist: true });
	const usage = { input: 1200, output: 90, cacheRead: 0, cacheWrite: 0, cost: 0 };
	for (let i = 0; i < entries; i++) {
		const n = Math.floor(i / 2);
		const message =
			i % 2 === 0
				? {
						role: "user",
						content: `Question ${n}: how does \`step${n}\` handle an empty list?\n${sentence(n, 10)}`,
						timestamp: Date.now(),
					}
				: {
						role: "assistant",
						content: [
							{
								type: "text",
								text: `### Answer ${n}\n\n${sentence(n, 16)} It returns **${n}** when the list is empty.\n\n- ${sentence(n + 1, 8)}\n- see \`step${n}()\``,
							},
						],
						provider: "mock",
						model: "mock-model",
						usage,
						stopReason: "end",
						timestamp: Date.now(),
					};
		store.append({ type: "message", message });
	}
	return store.file;
}

/** Runs weft (or anything) in bench/pty-driver.py with the given steps; returns its JSON report. */
export function drive({ argv = [weftBin], env, cwd, steps, answer = "xterm", rawOut, chunks = false }) {
	const config = {
		argv: [process.execPath, ...argv],
		env,
		cwd,
		cols: COLUMNS,
		rows: ROWS,
		answer,
		steps,
		rawOut,
		chunks,
		exit: { send: "\x03\x03", graceMs: 5000 },
	};
	const out = execFileSync("python3", [join(root, "bench/pty-driver.py"), "-"], {
		input: JSON.stringify(config),
		encoding: "utf8",
		maxBuffer: 64 * 1024 * 1024,
	});
	return JSON.parse(out);
}

/** Steps that wait until the UI is drawn and has stopped writing. */
export function readySteps(timeoutMs = 30000) {
	return [
		{ waitFor: READY_TEXT, timeoutMs, mark: "drawn" },
		{ waitQuiet: 300, timeoutMs },
	];
}

/**
 * Splits terminal output into synchronized-output frames (each starts with
 * CSI ? 2026 h): how many there were, and the largest one (its bytes, and
 * its text without escape sequences) against the rest.
 */
export function frameSplit(bytes) {
	const begin = Buffer.from("\x1b[?2026h");
	const sizes = [];
	let largest = { start: 0, end: 0 };
	for (let start = 0; start < bytes.length; ) {
		const next = bytes.indexOf(begin, start + 1);
		const end = next < 0 ? bytes.length : next;
		sizes.push(end - start);
		if (end - start > largest.end - largest.start) largest = { start, end };
		start = end;
	}
	const frame = bytes.subarray(largest.start, largest.end);
	const text = frame.toString("utf8").replace(/\x1b\[[0-9;?<>]*[A-Za-z]/g, "");
	return {
		frames: sizes.length,
		largestFrameKb: frame.length / 1024,
		largestFrameTextKb: Buffer.byteLength(text) / 1024,
		otherFramesKb: (bytes.length - frame.length) / 1024,
	};
}

/** How fast a bare client gets the mock's stream: what no UI can beat. */
export async function timeMockStream(url) {
	const start = performance.now();
	const response = await fetch(`${url}/v1/chat/completions`, {
		method: "POST",
		headers: { "content-type": "application/json", authorization: "Bearer bench" },
		body: JSON.stringify({ model: "mock-model", stream: true, messages: [{ role: "user", content: "go" }] }),
	});
	const reader = response.body.getReader();
	let firstByteMs;
	for (;;) {
		const { done } = await reader.read();
		firstByteMs ??= performance.now() - start;
		if (done) break;
	}
	return { firstByteMs, totalMs: performance.now() - start };
}

export const quantile = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
export const median = (values) =>
	quantile(
		[...values].sort((a, b) => a - b),
		0.5,
	);
