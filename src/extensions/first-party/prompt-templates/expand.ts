/**
 * A template's placeholders, as Claude Code and pi write them: `$ARGUMENTS`
 * (and `$@`) is everything after the command's name, `$1`…`$9` one
 * argument each (quotes group words: `/fix "two words" next`). A template
 * without placeholders gets the arguments after its text, so they are
 * never dropped.
 */

export function expandTemplate(body: string, args: string): string {
	const text = body.trim();
	const positional = splitArguments(args);
	let used = false;
	const expanded = text.replace(/\$(ARGUMENTS|@|[1-9])/g, (_all, which: string) => {
		used = true;
		if (which === "ARGUMENTS" || which === "@") return args;
		return positional[Number(which) - 1] ?? "";
	});
	return used || args === "" ? expanded : `${expanded}\n\n${args}`;
}

/** Words separated by spaces; "double" or 'single' quotes keep spaces inside one argument. */
export function splitArguments(args: string): string[] {
	const out: string[] = [];
	for (const match of args.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)) out.push(match[1] ?? match[2] ?? match[3]);
	return out;
}
