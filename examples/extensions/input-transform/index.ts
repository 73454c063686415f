/**
 * input-transform — rewrites what the user typed before the model sees it.
 *
 * Shows: the `input` gate — `{ action: "transform", text }` rewrites the
 * prompt, `{ action: "handled" }` answers it locally with no model call —
 * and `event.source`, to leave text that extensions send alone.
 *
 *   @path        appends the file's content (files that do not exist are left as written)
 *   !!           at the start, stands for your previous prompt ("!! but in Python")
 *   :note TEXT   saves a note in the session instead of asking the model
 *
 * Try:  weft -e examples/extensions/input-transform -p "summarise @README.md"
 */
import { readFileSync, statSync } from "node:fs";
import { resolve } from "node:path";
import type { ExtensionAPI } from "weft";

const MENTION = /(^|\s)@([\w./-]+[\w/-])/g;
const MAX_FILE_BYTES = 100_000;

/** The prompt with each mentioned file's content appended (each file once). */
export function expandMentions(text: string, cwd: string): string {
	const attached: string[] = [];
	for (const [, , path] of text.matchAll(MENTION)) {
		const content = readSmallFile(resolve(cwd, path));
		if (content !== undefined && !attached.some((block) => block.startsWith(`<file path="${path}">`)))
			attached.push(`<file path="${path}">\n${content}\n</file>`);
	}
	return attached.length === 0 ? text : `${text}\n\n${attached.join("\n\n")}`;
}

function readSmallFile(file: string): string | undefined {
	try {
		const stat = statSync(file);
		return stat.isFile() && stat.size <= MAX_FILE_BYTES ? readFileSync(file, "utf8") : undefined;
	} catch {
		return undefined;
	}
}

export default function inputTransform(weft: ExtensionAPI) {
	let previous: string | undefined;

	weft.on("input", (event, ctx) => {
		// Messages from extensions (sendUserMessage) are theirs to word; only rewrite what a person typed.
		if (event.source === "extension") return;
		let text = event.text;

		const note = /^:note\s+([\s\S]+)/.exec(text);
		if (note) {
			weft.appendEntry("note", { text: note[1].trim(), time: Date.now() });
			ctx.ui.notify(`noted: ${note[1].trim()}`, "success");
			return { action: "handled" };
		}

		if (text.startsWith("!!")) {
			if (previous === undefined) {
				ctx.ui.notify("!! repeats your previous prompt, but there is none yet", "warning");
				return { action: "handled" };
			}
			text = previous + text.slice(2);
		}
		previous = text;
		const expanded = expandMentions(text, ctx.cwd);
		return expanded === event.text ? undefined : { action: "transform", text: expanded };
	});
}
