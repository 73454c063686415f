/** Inline extensions (values, not paths) load first and shadow a discovered extension of the same name. */
import { BUILTIN_OWNER } from "../kernel/owner.js";
import type { InlineExtension } from "./host-options.js";
import type { ExtensionSource } from "./sources.js";

/** Sources for inline extensions (no `entry`: the value is the module); a discovered namesake is shadowed. */
export function inlineSources(
	inline: readonly InlineExtension[],
	discovered: ExtensionSource[],
): ExtensionSource[] {
	const names = new Set<string>();
	const sources = inline.map(({ name }): ExtensionSource => {
		const taken =
			name === BUILTIN_OWNER ? "reserved for weft itself" : names.has(name) ? "already taken" : "";
		names.add(name);
		const base = { name, source: "(inline)", origin: "cli", project: false } as const;
		return taken
			? { ...base, status: "failed", reason: `the name "${name}" is ${taken}` }
			: { ...base, status: "pending" };
	});
	for (const source of discovered) {
		if (source.status !== "pending" || !names.has(source.name)) continue;
		source.status = "shadowed";
		source.reason = "shadowed by an inline extension of the same name";
	}
	return sources;
}
