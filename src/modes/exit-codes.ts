import type { PromptResult } from "../agent/session.js";

export const EXIT_OK = 0;
export const EXIT_ERROR = 1;
export const EXIT_USAGE = 2;
export const EXIT_ABORTED = 130;

/** One line for stderr when a run did not complete, and the exit code it maps to. */
export function runOutcome(result: PromptResult): { code: number; error?: string } {
	switch (result.reason) {
		case "completed":
			return { code: EXIT_OK };
		case "aborted":
			return { code: EXIT_ABORTED, error: "aborted" };
		case "blocked":
			return { code: EXIT_ERROR, error: `blocked: ${result.error ?? "by an extension"}` };
		default:
			return { code: EXIT_ERROR, error: oneLine(result.error ?? "the run failed") };
	}
}

export function oneLine(text: string): string {
	return text.replace(/\s*\n\s*/g, " ").trim();
}
