/** Reads piped standard input (never blocks on a terminal). */
export async function readPipedStdin(stdin: NodeJS.ReadStream = process.stdin): Promise<string | undefined> {
	if (stdin.isTTY) return undefined;
	const chunks: Buffer[] = [];
	for await (const chunk of stdin) chunks.push(chunk as Buffer);
	const text = Buffer.concat(chunks).toString("utf8");
	return text.trim() ? text : undefined;
}

/** Piped text and the prompt arguments, combined the way users expect: context first, then the question. */
export function combinePrompt(args: readonly string[], piped: string | undefined): string {
	const prompt = args.join(" ").trim();
	if (piped && prompt) return `${piped.trimEnd()}\n\n${prompt}`;
	return piped?.trim() ?? prompt;
}
