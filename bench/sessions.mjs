// Session scale, in process: loading a 10,000-entry session, the resume
// picker over 1,000 sessions, and building a request from a 10,000-entry
// compacted session, each against a floor measured in the same run. The
// session modules are bundled from src/ into a temporary folder (esbuild), so
// the bench needs no build and is not disturbed by one running beside it.
// Usage: node bench/sessions.mjs [--runs N]
import {
	appendFileSync,
	closeSync,
	mkdirSync,
	mkdtempSync,
	openSync,
	readdirSync,
	readFileSync,
	readSync,
	rmSync,
	statSync,
	writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { build } from "esbuild";
import { root } from "./lib.mjs";

export const LOAD_BUDGET = 3;
export const LIST_BUDGET = 3;
export const REQUEST_BUDGET_MS = 5;
const SESSION_ENTRIES = 10_000;
const LISTED_SESSIONS = 1_000;
const HEAD_BYTES = 4096;

async function loadModules(dir) {
	const outfile = join(dir, "session-modules.mjs");
	await build({
		stdin: {
			contents: [
				'export { SessionStore } from "./src/agent/session-store.ts";',
				'export { listSessions, projectSessionDir } from "./src/agent/session-list.ts";',
				'export { estimateRequestTokens, checkRequestFits } from "./src/ai/token-estimate.ts";',
			].join("\n"),
			resolveDir: root,
			loader: "ts",
		},
		outfile,
		bundle: true,
		format: "esm",
		platform: "node",
		target: "node20.19",
		logLevel: "warning",
	});
	return import(pathToFileURL(outfile).href);
}

/** A deterministic generator, so every run measures the same files. */
function random(seed) {
	let state = seed >>> 0 || 1;
	return () => {
		state ^= state << 13;
		state ^= state >>> 17;
		state ^= state << 5;
		return (state >>> 0) / 2 ** 32;
	};
}

const WORDS =
	"const let function return import export from await async if else for while class interface type session entry message tool result error value index file path".split(
		" ",
	);

function prose(rand, chars) {
	let out = "";
	while (out.length < chars) {
		out += WORDS[Math.floor(rand() * WORDS.length)];
		out += rand() < 0.12 ? ";\n\t" : rand() < 0.2 ? "(" : " ";
	}
	return out.slice(0, chars);
}

const usage = { input: 1200, output: 300, cacheRead: 0, cacheWrite: 0, totalTokens: 1500, cost: 0.001 };

/**
 * The lines of a realistic session of `count` entries: turns of a user
 * message, a tool call, its result (outputs of `outputChars` on average) and
 * an answer; model and thinking changes, extension state, branches, a name,
 * and compactions at 40% and 90% (`compactions: false` for none).
 */
function sessionLines({ count, seed, outputChars, compactions = true, cwd = "/bench/project" }) {
	const rand = random(seed);
	const id = `${seed.toString(16).padStart(8, "0")}-0000-4000-8000-000000000000`;
	const start = Date.UTC(2026, 0, 1) + seed * 60_000;
	const lines = [
		JSON.stringify({ type: "session", version: 1, id, timestamp: new Date(start).toISOString(), cwd }),
	];
	const path = [];
	let n = 0;
	let leaf = null;
	const add = (entry) => {
		const full = {
			...entry,
			id: (n + 1).toString(16).padStart(8, "0"),
			parentId: leaf,
			timestamp: new Date(start + n * 1000).toISOString(),
		};
		n++;
		lines.push(JSON.stringify(full));
		leaf = full.id;
		path.push(full);
		return full;
	};
	const message = (message) => add({ type: "message", message: { ...message, timestamp: start + n * 1000 } });
	const compactAt = compactions ? [Math.floor(count * 0.4), Math.floor(count * 0.9)] : [];
	let turn = 0;
	while (n < count) {
		turn++;
		if (turn % 97 === 0)
			add({ type: "model_change", provider: "mock", model: turn % 2 ? "mock-large" : "mock-model" });
		if (turn % 401 === 0) add({ type: "thinking_level", level: turn % 2 ? "high" : "low" });
		if (turn % 150 === 0) add({ type: "custom", customType: "bench-state", data: { turn, open: [1, 2, 3] } });
		if (turn === 5) add({ type: "session_info", name: `bench session ${seed}` });
		if (turn % 600 === 0 && path.length > 40) leaf = path[path.length - 21].id; // continue from an earlier point
		if (compactAt.length > 0 && n >= compactAt[0]) {
			compactAt.shift();
			const kept = path.slice(-60).find((entry) => entry.type === "message" && entry.message.role === "user");
			add({
				type: "compaction",
				summary: prose(rand, 1500),
				firstKeptEntryId: kept.id,
				tokensBefore: 150_000,
				tokensAfter: 12_000,
				reason: "threshold",
			});
		}
		message({ role: "user", content: prose(rand, 80 + Math.floor(rand() * 300)) });
		const callId = `call_${n}`;
		message({
			role: "assistant",
			content: [
				{ type: "text", text: prose(rand, 60) },
				{ type: "toolCall", id: callId, name: "read", args: { path: `src/file-${n}.ts` } },
			],
			provider: "mock",
			model: "mock-model",
			usage,
			stopReason: "toolUse",
		});
		message({
			role: "toolResult",
			toolCallId: callId,
			toolName: "read",
			content: [{ type: "text", text: prose(rand, Math.floor(outputChars * (0.2 + rand() * 1.6))) }],
			isError: false,
		});
		message({
			role: "assistant",
			content: [{ type: "text", text: prose(rand, 200 + Math.floor(rand() * 600)) }],
			provider: "mock",
			model: "mock-model",
			usage,
			stopReason: "stop",
		});
	}
	return { id, lines };
}

function writeSession(file, options) {
	const { lines } = sessionLines(options);
	writeFileSync(file, `${lines.join("\n")}\n`);
	return file;
}

function median(samples) {
	const sorted = [...samples].sort((a, b) => a - b);
	return sorted[Math.floor(sorted.length / 2)];
}

setFlagsFromString("--expose-gc");
/** A full collection, so a step does not pay for the garbage the one before it left. */
const collectGarbage = runInNewContext("gc");

/**
 * Runs each named step `runs` times, interleaved so drift in machine load
 * shifts every step alike; `prepare` (untimed) runs before each step and
 * passes its result in. Returns the median milliseconds of each step.
 */
function interleaved(runs, steps) {
	const samples = Object.fromEntries(Object.keys(steps).map((name) => [name, []]));
	for (let i = -1; i < runs; i++) {
		for (const [name, step] of Object.entries(steps)) {
			const input = step.prepare?.();
			collectGarbage();
			const begin = performance.now();
			step.run(input);
			const elapsed = performance.now() - begin;
			if (i >= 0) samples[name].push(elapsed); // the first round warms the file cache and the JIT
		}
	}
	return Object.fromEntries(Object.entries(samples).map(([name, values]) => [name, median(values)]));
}

/** The floor of loading: read the file and JSON.parse it line by line. */
function readAndParse(file) {
	const text = readFileSync(file, "utf8");
	let parsed = 0;
	for (const line of text.split("\n")) if (line !== "") parsed += JSON.parse(line) ? 1 : 0;
	return parsed;
}

/** The floor of a listing: the directory, a stat of each file and its first 4 KB. */
function statAndHeads(dir) {
	const buffer = Buffer.alloc(HEAD_BYTES);
	let bytes = 0;
	for (const name of readdirSync(dir)) {
		if (!name.endsWith(".jsonl")) continue;
		const file = join(dir, name);
		statSync(file);
		const fd = openSync(file, "r");
		try {
			bytes += readSync(fd, buffer, 0, HEAD_BYTES, 0);
		} finally {
			closeSync(fd);
		}
	}
	return bytes;
}

const SYSTEM_PROMPT = prose(random(7), 12_000);
const TOOLS = ["read", "write", "edit", "bash", "grep", "find", "ls"].map((name) => ({
	name,
	description: prose(random(name.length), 400),
	parameters: {
		type: "object",
		properties: { path: { type: "string", description: prose(random(3), 120) } },
		required: ["path"],
	},
}));

export async function sessionsBench({ runs = 20 } = {}) {
	const dir = mkdtempSync(join(tmpdir(), "weft-bench-sessions-"));
	try {
		const { SessionStore, listSessions, projectSessionDir, estimateRequestTokens } = await loadModules(dir);

		const big = writeSession(join(dir, "big.jsonl"), {
			count: SESSION_ENTRIES,
			seed: 1,
			outputChars: 2500,
			compactions: false,
		});
		const compacted = writeSession(join(dir, "compacted.jsonl"), {
			count: SESSION_ENTRIES,
			seed: 2,
			outputChars: 2500,
		});
		const open = (file) => SessionStore.open(file, { persist: false });
		const load = interleaved(runs, {
			floor: { run: () => readAndParse(big) },
			weft: { run: () => open(big).buildContext() },
		});

		const request = (messages) => ({ systemPrompt: SYSTEM_PROMPT, messages, tools: TOOLS });
		const sent = open(compacted).buildContext().messages.length;
		// Both sides start from a store just opened, whose messages no estimate has seen (its caches are
		// per message object); the floor's context is built before its clock starts.
		const build = interleaved(runs, {
			floor: {
				prepare: () => open(compacted).buildContext().messages,
				run: (messages) => estimateRequestTokens(request(messages)),
			},
			weft: {
				prepare: () => open(compacted),
				run: (store) => estimateRequestTokens(request(store.buildContext().messages)),
			},
		});

		const home = join(dir, "home");
		const cwd = "/bench/project";
		const projectDir = projectSessionDir(home, cwd);
		mkdirSync(projectDir, { recursive: true });
		for (let i = 0; i < LISTED_SESSIONS; i++) {
			const seed = 1000 + i;
			const { id, lines } = sessionLines({
				count: 10 + ((i * 37) % 140),
				seed,
				outputChars: 500,
				compactions: false,
				cwd,
			});
			const stamp = new Date(Date.UTC(2026, 0, 1) + seed * 60_000).toISOString().replace(/[:.]/g, "-");
			writeFileSync(join(projectDir, `${stamp}_${id}.jsonl`), `${lines.join("\n")}\n`);
		}
		const cacheFiles = () => readdirSync(projectDir).filter((name) => !name.endsWith(".jsonl"));
		const dropCache = () => {
			for (const name of cacheFiles()) rmSync(join(projectDir, name), { force: true });
		};
		const list = () => listSessions({ home, cwd });
		const listed = list().length;
		// Reading every file is slow: fewer runs of the listings without the index.
		const listing = interleaved(Math.max(3, Math.floor(runs / 4)), {
			coldFloor: {
				run: () => {
					for (const name of readdirSync(projectDir))
						if (name.endsWith(".jsonl")) readAndParse(join(projectDir, name));
				},
			},
			cold: { prepare: dropCache, run: list },
		});
		// What /resume in a running session meets: the index is current except for the session being written.
		const active = join(
			projectDir,
			readdirSync(projectDir).find((name) => name.endsWith(".jsonl")),
		);
		let appended = 0;
		const appendToActive = () => {
			const entry = { type: "custom", customType: "bench", data: null, id: `b${++appended}`, parentId: null };
			appendFileSync(active, `${JSON.stringify({ ...entry, timestamp: new Date().toISOString() })}\n`);
		};
		Object.assign(
			listing,
			interleaved(runs, {
				floor: { run: () => statAndHeads(projectDir) },
				warm: { prepare: () => list(), run: list },
				oneChanged: {
					prepare: () => {
						list();
						appendToActive();
					},
					run: list,
				},
			}),
		);
		return {
			runs,
			bigBytes: statSync(big).size,
			load,
			sent,
			build,
			listed,
			listing,
		};
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
}

const ms = (value) => `${value.toFixed(1).padStart(7)} ms`;
const ratio = (value, floor) => `×${(value / floor).toFixed(2)}`;

export function formatSessionsBench(r) {
	const mb = (r.bigBytes / 1024 / 1024).toFixed(1);
	return [
		`sessions (${r.runs} runs each; median, in process)`,
		`  load ${SESSION_ENTRIES} entries (${mb} MB): read + JSON.parse per line ${ms(r.load.floor)}, open + buildContext ${ms(r.load.weft)}  ${ratio(r.load.weft, r.load.floor)} (budget ≤ ${LOAD_BUDGET}×)`,
		`  request from a compacted ${SESSION_ENTRIES}-entry session (${r.sent} messages sent): estimate alone ${ms(r.build.floor)}, buildContext + estimate ${ms(r.build.weft)}  +${(r.build.weft - r.build.floor).toFixed(1)} ms (budget ≤ ${REQUEST_BUDGET_MS} ms)`,
		`  list ${r.listed} sessions, cached: stat + first 4 KB of each ${ms(r.listing.floor)}, listSessions ${ms(r.listing.warm)}  ${ratio(r.listing.warm, r.listing.floor)} (budget ≤ ${LIST_BUDGET}×)`,
		`  list ${r.listed} sessions, one changed since: stat + first 4 KB of each ${ms(r.listing.floor)}, listSessions ${ms(r.listing.oneChanged)}  ${ratio(r.listing.oneChanged, r.listing.floor)} (budget ≤ ${LIST_BUDGET}×)`,
		`  list ${r.listed} sessions, no cache: read + JSON.parse every file ${ms(r.listing.coldFloor)}, listSessions ${ms(r.listing.cold)}  ${ratio(r.listing.cold, r.listing.coldFloor)}`,
	];
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
	const runsArg = process.argv.indexOf("--runs");
	const runs = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 20;
	for (const line of formatSessionsBench(await sessionsBench({ runs }))) console.log(line);
}
