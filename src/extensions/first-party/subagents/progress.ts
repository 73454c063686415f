/**
 * What a running sub-agent shows in its `task` tool block: one line per
 * step (each tool it calls, the first line of what it says), streamed as
 * the tool's partial output. The terminal shows the latest lines while
 * collapsed (the current step) and all of them with Ctrl+O.
 */
import type { SessionEvent } from "../../../agent/session-events.js";

const MAX_LINE = 100;
/** Older steps beyond this are dropped from the block, so a long run does not grow it without bound. */
const MAX_LINES = 200;

export class TaskProgress {
	private readonly lines: string[] = [];

	constructor(private readonly publish: (text: string) => void) {}

	readonly onEvent = (event: SessionEvent): void => {
		if (event.type === "tool_execution_start") this.add(`${event.name} ${argSummary(event.args)}`);
		else if (event.type === "assistant_message" && event.text.trim() !== "")
			this.add(event.text.trim().split("\n")[0]);
		else return;
		this.publish(this.lines.join("\n"));
	};

	private add(line: string): void {
		this.lines.push(line.length > MAX_LINE ? `${line.slice(0, MAX_LINE - 1)}…` : line.trimEnd());
		if (this.lines.length > MAX_LINES) this.lines.shift();
	}
}

/** The first string argument (a path, a command, a pattern): enough to say what the step does. */
function argSummary(args: Record<string, unknown>): string {
	const first = Object.values(args).find((value) => typeof value === "string");
	return typeof first === "string" ? first.replace(/\s+/g, " ") : "";
}
