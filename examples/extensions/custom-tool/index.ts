/**
 * custom-tool — a `find_todos` tool: lists TODO and FIXME comments in the
 * project, reporting progress as it scans and stopping when the run is aborted.
 *
 * Shows: `registerTool` with a TypeBox schema (`import { Type } from "weft"`;
 * `execute`'s arguments are typed from it), which weft validates before
 * `execute` runs; streaming progress with `ctx.onUpdate`; honouring `ctx.signal`;
 * returning `{ content, details }`.
 *
 * Try:  weft -e examples/extensions/custom-tool -p "what TODOs are left in src?"
 */
import { readdir, readFile, stat } from "node:fs/promises";
import { join, relative, resolve } from "node:path";
import { type ExtensionAPI, Type } from "weft";

export const FindTodosParameters = Type.Object({
	path: Type.Optional(
		Type.String({ description: "Folder to scan, relative to the project. Default: the project." }),
	),
	tags: Type.Optional(
		Type.Array(Type.String({ minLength: 1 }), {
			minItems: 1,
			description: 'Markers to find. Default: ["TODO", "FIXME"].',
		}),
	),
	maxResults: Type.Optional(
		Type.Integer({ minimum: 1, maximum: 500, description: "Stop after this many. Default 100." }),
	),
});

export interface Todo {
	file: string;
	line: number;
	tag: string;
	text: string;
}

const SKIPPED_FOLDERS = new Set(["node_modules", "dist", "build", "coverage"]);
const MAX_FILE_BYTES = 1_000_000;

/** Every file under `dir`, skipping dot folders and build output, in a stable order. */
async function listFiles(dir: string): Promise<string[]> {
	const entries = await readdir(dir, { withFileTypes: true });
	const files: string[] = [];
	for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
		const path = join(dir, entry.name);
		if (entry.isDirectory() && !entry.name.startsWith(".") && !SKIPPED_FOLDERS.has(entry.name))
			files.push(...(await listFiles(path)));
		else if (entry.isFile()) files.push(path);
	}
	return files;
}

export default function customTool(weft: ExtensionAPI) {
	weft.registerTool({
		name: "find_todos",
		label: "Find TODOs",
		description: "Lists TODO/FIXME-style comments in the project's files, with file and line.",
		parameters: FindTodosParameters,
		async execute(args, ctx) {
			const root = resolve(ctx.cwd, args.path ?? ".");
			const tags = args.tags ?? ["TODO", "FIXME"];
			const max = args.maxResults ?? 100;
			const marker = new RegExp(`\\b(${tags.map((t) => t.replace(/\W/g, "\\$&")).join("|")})\\b:?\\s*(.*)`);
			const files = await listFiles(root);
			const found: Todo[] = [];
			for (const [index, file] of files.entries()) {
				// Checked between files: an aborted run stops the scan instead of finishing it unseen.
				if (ctx.signal.aborted) throw new Error(`stopped after scanning ${index} of ${files.length} files`);
				if ((await stat(file)).size > MAX_FILE_BYTES) continue;
				const lines = (await readFile(file, "utf8")).split("\n");
				for (const [i, line] of lines.entries()) {
					const match = marker.exec(line);
					if (match && found.length < max)
						found.push({ file: relative(ctx.cwd, file), line: i + 1, tag: match[1], text: match[2].trim() });
				}
				ctx.onUpdate(`scanned ${index + 1}/${files.length} files, ${found.length} found`);
				if (found.length >= max) break;
			}
			const listing = found.map((t) => `${t.file}:${t.line}: ${t.tag} ${t.text}`).join("\n");
			return {
				content: found.length === 0 ? `No ${tags.join("/")} comments found.` : listing,
				details: { todos: found, scanned: files.length },
			};
		},
	});
}
