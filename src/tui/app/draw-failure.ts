/**
 * An extension's component that replaced part of the stock chat (the
 * composer, the header, the status line) and threw while drawing: it is
 * taken down and the stock part drawn in its place, so one bad render costs
 * a notice instead of a blank screen (a frame that throws draws nothing).
 */
import { errorMessage } from "../../base/error-message.js";

/** Shows what failed (the app puts it in a notice). */
export type DrawFailureReport = (message: string) => void;

/** Renders `component`; when it throws, reports and returns undefined so the caller draws the stock part. */
export function renderOrReport(
	render: () => string[],
	what: { part: string; stock: string; owner: string | undefined },
	report: DrawFailureReport,
): string[] | undefined {
	try {
		return render();
	} catch (error) {
		const whose = what.owner ? `${what.owner}'s ${what.part}` : `the extension's ${what.part}`;
		report(`${whose} failed to draw (${errorMessage(error)}); weft's ${what.stock} is back`);
		return undefined;
	}
}
