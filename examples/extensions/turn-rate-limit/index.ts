/**
 * turn-rate-limit — caps how many times the model is called for one prompt,
 * so a model stuck in a tool loop stops instead of burning tokens.
 *
 * Shows: the `turn_start` gate (before each model call) ending the run with
 * `{ block: true, reason }` — the run ends with reason "blocked" and the
 * reason is shown to the user — and a string flag read as a number.
 *
 * Try:  weft -e examples/extensions/turn-rate-limit --max-turns 3 -p "fix every lint warning"
 */
import type { ExtensionAPI } from "weft";

export const DEFAULT_MAX_TURNS = 10;

export default function turnRateLimit(weft: ExtensionAPI) {
	weft.registerFlag("max-turns", {
		description: `Model calls allowed per prompt (default ${DEFAULT_MAX_TURNS})`,
		type: "string",
		default: String(DEFAULT_MAX_TURNS),
	});

	let warned = false;
	const limit = (notify: (message: string) => void): number => {
		const raw = String(weft.getFlag("max-turns"));
		const value = Number(raw);
		if (Number.isInteger(value) && value > 0) return value;
		if (!warned)
			notify(`--max-turns must be a whole number above 0 (got "${raw}"); using ${DEFAULT_MAX_TURNS}`);
		warned = true;
		return DEFAULT_MAX_TURNS;
	};

	// `step` counts model calls since the prompt arrived, starting at 1.
	weft.on("turn_start", (event, ctx) => {
		const max = limit((message) => ctx.ui.notify(message, "warning"));
		if (event.step <= max) return;
		return {
			block: true,
			reason: `stopped after ${max} model call(s) for one prompt (--max-turns ${max}); send another prompt to continue`,
		};
	});
}
