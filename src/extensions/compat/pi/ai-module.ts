/**
 * pi-ai's schema helper: `StringEnum`, a plain `{ type: "string", enum }`
 * (pi's Google-safe enum: no anyOf of literals) built with the TypeBox weft
 * runs. The model calls are in pi-model-calls.ts.
 */
import type { Type as TypeBox } from "typebox";

export function stringEnum(Type: typeof TypeBox) {
	return <T extends readonly string[]>(
		values: T,
		options: { description?: string; default?: T[number] } = {},
	) => Type.Unsafe<T[number]>({ type: "string", enum: [...values], ...options });
}
