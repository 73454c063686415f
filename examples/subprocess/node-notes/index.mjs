// Tools with state, in Node: `remember` stores a note and `recall` searches
// them. Notes live in notes.json in the extension's data folder (weft gives
// its path in the handshake: ext.host.dataDir), so they survive restarts and
// reloads and never touch the user's project.
//
// Try it:  weft -e examples/subprocess/node-notes -p "remember that the staging DB is on port 5433"
//
// The SDK comes with weft: WEFT_NODE_SDK points at the running weft's copy;
// "weft/subprocess" works where weft is installed as a dependency.
import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const { createSubprocessExtension } = await import(process.env.WEFT_NODE_SDK ?? "weft/subprocess");

const ext = createSubprocessExtension({ name: "node-notes", version: "1.0.0" });

const file = () => join(ext.host.dataDir, "notes.json");
const load = () => (existsSync(file()) ? JSON.parse(readFileSync(file(), "utf8")) : []);
const save = (notes) => {
	// Write-then-rename, so a crash mid-write never leaves half a file.
	writeFileSync(`${file()}.tmp`, JSON.stringify(notes, null, 2));
	renameSync(`${file()}.tmp`, file());
};

ext.tool(
	{
		name: "remember",
		description: "Store a short note for later sessions (facts about this user or project worth keeping).",
		schema: {
			type: "object",
			properties: {
				note: { type: "string", minLength: 1 },
				tags: { type: "array", items: { type: "string" } },
			},
			required: ["note"],
		},
	},
	({ note, tags = [] }) => {
		const notes = load();
		notes.push({ note, tags, at: new Date().toISOString() });
		save(notes);
		return `Remembered (note ${notes.length}).`;
	},
);

ext.tool(
	{
		name: "recall",
		description: "Search stored notes by words or tags; an empty query lists them all.",
		schema: { type: "object", properties: { query: { type: "string" } } },
	},
	({ query = "" }) => {
		const words = query.toLowerCase().split(/\s+/).filter(Boolean);
		const found = load().filter(({ note, tags }) =>
			words.every((w) => note.toLowerCase().includes(w) || tags.some((t) => t.toLowerCase() === w)),
		);
		if (found.length === 0) return { content: "No matching notes.", isError: false };
		return found.map(({ note, tags }) => `- ${note}${tags.length ? ` [${tags.join(", ")}]` : ""}`).join("\n");
	},
);

ext.command("notes", "Show how many notes are stored", () => `${load().length} notes in ${file()}`);

await ext.run();
