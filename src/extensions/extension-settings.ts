/**
 * What settings say about extensions: which are disabled
 * (`disabledExtensions`) and each one's guard options
 * (`extensionOptions.<name>`: failOpen, deadlineMs). Malformed values are
 * ignored (treated as unset) rather than stopping extensions from loading.
 */
import type { Settings } from "../ai/settings.js";

/** How an extension's handlers are guarded. */
export interface ExtensionOptions {
	failOpen?: boolean;
	deadlineMs?: number;
}

export function extensionOptions(settings: Settings, name: string): ExtensionOptions {
	const all = settings.extensionOptions;
	const own = all && typeof all === "object" ? (all as Record<string, unknown>)[name] : undefined;
	if (!own || typeof own !== "object") return {};
	const { failOpen, deadlineMs } = own as Record<string, unknown>;
	return {
		failOpen: typeof failOpen === "boolean" ? failOpen : undefined,
		deadlineMs: typeof deadlineMs === "number" && deadlineMs > 0 ? deadlineMs : undefined,
	};
}

export function stringList(value: unknown): string[] {
	return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
}
