/**
 * Extension flags: options the CLI does not know itself. The CLI cannot tell
 * `--name value` from `--name` followed by a prompt word until an extension
 * has said which type the flag is, so it hands over each unknown option as
 * written, and the value is read against the registered spec.
 */
import type { FlagSpec } from "./types.js";

/** An option as written on the command line: `--name`, `--name=value`, or `--name` then a word. */
export interface RawFlag {
	/** Without the leading dashes. */
	name: string;
	/** The text after `=`, when written `--name=value`. */
	value?: string;
	/** The word after the option, when there was one (it may turn out to be a prompt word). */
	next?: string;
}

/** Flag names an extension may register: what can be written after `--`. */
export const FLAG_NAME = /^[a-z][a-z0-9-]*$/i;

/** The value of a flag for its spec: what the command line says, else the spec's default. */
export function flagValue(spec: FlagSpec, raw: RawFlag | undefined): boolean | string | undefined {
	if (!raw) return spec.default;
	if (spec.type === "boolean") return raw.value === undefined ? true : !/^(false|0|no|off)$/i.test(raw.value);
	return raw.value ?? raw.next ?? spec.default;
}
