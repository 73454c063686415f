/**
 * A `/server:prompt` command line as the prompt's named arguments: words in
 * the order the server lists its arguments ("double quotes" keep spaces),
 * the last argument taking the rest of the line.
 */
import type { Prompt } from "@modelcontextprotocol/sdk/types.js";

export function promptArguments(prompt: Prompt, line: string): Record<string, string> | { error: string } {
	const names = (prompt.arguments ?? []).map((a) => a.name);
	const words = splitWords(line.trim(), names.length);
	const args: Record<string, string> = {};
	names.forEach((name, i) => {
		if (words[i] !== undefined) args[name] = words[i];
	});
	const missing = (prompt.arguments ?? [])
		.filter((a) => a.required && args[a.name] === undefined)
		.map((a) => a.name);
	if (missing.length > 0) return { error: `missing ${missing.join(", ")}; usage: ${usage(prompt)}` };
	if (names.length === 0 && line.trim() !== "") return { error: "this prompt takes no arguments" };
	return args;
}

/** `<required> [optional]`, in the server's order. */
export function usage(prompt: Prompt): string {
	return (prompt.arguments ?? []).map((a) => (a.required ? `<${a.name}>` : `[${a.name}]`)).join(" ");
}

/** At most `count` words; the last keeps the rest of the line as typed. */
function splitWords(line: string, count: number): string[] {
	const words: string[] = [];
	let rest = line;
	while (rest !== "" && words.length < count) {
		if (words.length === count - 1) {
			words.push(unquote(rest));
			break;
		}
		const match = /^"([^"]*)"\s*|^(\S+)\s*/.exec(rest);
		if (!match) break;
		words.push(match[1] ?? match[2]);
		rest = rest.slice(match[0].length);
	}
	return words;
}

function unquote(text: string): string {
	return /^"[^"]*"$/.test(text) ? text.slice(1, -1) : text;
}
