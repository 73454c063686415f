/**
 * The `@mariozechner/pi-ai` shim: the schema helper extensions use
 * (`StringEnum`, a plain `{ type: "string", enum }` that every provider
 * accepts) and TypeBox's `Type`. The model calls are in pi-model-calls.ts.
 */
import { Type } from "typebox";

/** A string schema limited to `values` (pi's Google-safe enum: no anyOf of literals). */
export function StringEnum<T extends readonly string[]>(
	values: T,
	options: { description?: string; default?: T[number] } = {},
) {
	return Type.Unsafe<T[number]>({ type: "string", enum: [...values], ...options });
}

export { Type };
