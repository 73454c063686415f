/**
 * What settings say about extensions: which are disabled
 * (`disabledExtensions`) and each one's guard options
 * (`extensionOptions.<name>`: failOpen, deadlineMs, loadTimeoutMs,
 * breakAfter). The settings loader rejects wrong types and ranges with an
 * error naming the key; settings handed in through the SDK skip that loader,
 * so a malformed value here is treated as unset rather than trusted.
 */
import { MAX_TIMER_MS, type Settings } from "../ai/settings.js";

/** How an extension's handlers are guarded. Unset fields mean "the host's default". */
export interface ExtensionOptions {
	/** When a handler fails or misses its deadline, continue as if it had not run. */
	failOpen?: boolean;
	/** Per-handler deadline in milliseconds. */
	deadlineMs?: number;
	/** Start-up deadline in milliseconds (in-process: import, factory, top-level await; subprocess: hello/ready). */
	loadTimeoutMs?: number;
	/** Consecutive missed deadlines before the extension is suspended for the session; 0 = never. */
	breakAfter?: number;
}

export function extensionOptions(settings: Settings, name: string): ExtensionOptions {
	const all = settings.extensionOptions;
	const own =
		all && typeof all === "object" && Object.hasOwn(all, name)
			? (all as Record<string, unknown>)[name]
			: undefined;
	if (!own || typeof own !== "object") return {};
	const { failOpen, deadlineMs, loadTimeoutMs, breakAfter } = own as Record<string, unknown>;
	return {
		failOpen: typeof failOpen === "boolean" ? failOpen : undefined,
		deadlineMs: wholeNumber(deadlineMs, 1),
		loadTimeoutMs: wholeNumber(loadTimeoutMs, 1),
		breakAfter: wholeNumber(breakAfter, 0),
	};
}

/** A whole number in min..MAX_TIMER_MS (a larger timer delay would fire after 1 ms), else undefined. */
function wholeNumber(value: unknown, min: number): number | undefined {
	return typeof value === "number" && Number.isInteger(value) && value >= min && value <= MAX_TIMER_MS
		? value
		: undefined;
}

export function stringList(value: unknown): string[] {
	return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
}
