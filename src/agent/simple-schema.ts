/**
 * A small validator for the JSON Schema subset nearly every tool uses (types,
 * properties, required, items, enum, const, bounds, pattern). It exists for
 * start-up speed: loading the full JSON Schema compiler costs more than a
 * whole tool round trip's validation. Schemas using any other keyword return
 * `undefined` from `compileSimpleSchema`, and the caller uses the full
 * compiler instead, so behaviour never silently differs.
 */

export interface SchemaIssue {
	path: string;
	message: string;
}

export type SimpleValidator = (value: unknown) => SchemaIssue[];

const ANNOTATIONS = new Set([
	"description",
	"title",
	"default",
	"examples",
	"$schema",
	"$id",
	"$comment",
	"deprecated",
]);
const SUPPORTED = new Set([
	"type",
	"properties",
	"required",
	"additionalProperties",
	"items",
	"enum",
	"const",
	"minimum",
	"maximum",
	"exclusiveMinimum",
	"exclusiveMaximum",
	"minLength",
	"maxLength",
	"minItems",
	"maxItems",
	"pattern",
]);
const TYPES = new Set(["string", "number", "integer", "boolean", "object", "array", "null"]);

type Check = (value: unknown, path: string, issues: SchemaIssue[]) => void;

/** Compiles `schema` if it only uses the supported subset; otherwise returns undefined. */
export function compileSimpleSchema(schema: unknown): SimpleValidator | undefined {
	const check = compile(schema);
	if (!check) return undefined;
	return (value) => {
		const issues: SchemaIssue[] = [];
		check(value, "", issues);
		return issues;
	};
}

function compile(schema: unknown): Check | undefined {
	if (schema === true || (isObject(schema) && Object.keys(schema).length === 0)) return () => {};
	if (!isObject(schema)) return undefined;
	for (const key of Object.keys(schema)) if (!SUPPORTED.has(key) && !ANNOTATIONS.has(key)) return undefined;
	const checks: Check[] = [];

	if (schema.type !== undefined) {
		const types = Array.isArray(schema.type) ? schema.type : [schema.type];
		if (!types.every((t) => typeof t === "string" && TYPES.has(t))) return undefined;
		checks.push((v, path, issues) => {
			if (!types.some((t) => matchesType(v, t as string))) {
				issues.push({ path, message: `must be ${types.join(" or ")} (got ${describe(v)})` });
			}
		});
	}
	if (schema.enum !== undefined) {
		if (!Array.isArray(schema.enum)) return undefined;
		const allowed = schema.enum;
		checks.push((v, path, issues) => {
			if (!allowed.some((a) => deepEqual(a, v))) {
				issues.push({ path, message: `must be one of ${allowed.map((a) => JSON.stringify(a)).join(", ")}` });
			}
		});
	}
	if ("const" in schema) {
		const expected = schema.const;
		checks.push((v, path, issues) => {
			if (!deepEqual(expected, v)) issues.push({ path, message: `must be ${JSON.stringify(expected)}` });
		});
	}
	const bounds = numberBounds(schema);
	if (bounds === null) return undefined;
	if (bounds) checks.push(bounds);
	const lengths = lengthBounds(schema);
	if (lengths === null) return undefined;
	if (lengths) checks.push(lengths);
	if (schema.pattern !== undefined) {
		if (typeof schema.pattern !== "string") return undefined;
		let regex: RegExp;
		try {
			regex = new RegExp(schema.pattern, "u");
		} catch {
			return undefined;
		}
		checks.push((v, path, issues) => {
			if (typeof v === "string" && !regex.test(v))
				issues.push({ path, message: `must match ${schema.pattern}` });
		});
	}
	const object = objectCheck(schema);
	if (object === null) return undefined;
	if (object) checks.push(object);
	if (schema.items !== undefined) {
		const item = compile(schema.items);
		if (!item) return undefined;
		checks.push((v, path, issues) => {
			if (!Array.isArray(v)) return;
			for (const [i, element] of v.entries()) item(element, `${path}/${i}`, issues);
		});
	}
	return (v, path, issues) => {
		for (const check of checks) check(v, path, issues);
	};
}

/** Properties, required and additionalProperties; null when unsupported. */
function objectCheck(schema: Record<string, unknown>): Check | undefined | null {
	const { properties, required, additionalProperties } = schema;
	if (properties === undefined && required === undefined && additionalProperties === undefined)
		return undefined;
	if (properties !== undefined && !isObject(properties)) return null;
	if (required !== undefined && !(Array.isArray(required) && required.every((r) => typeof r === "string")))
		return null;
	const props = new Map<string, Check>();
	for (const [name, sub] of Object.entries(properties ?? {})) {
		const check = compile(sub);
		if (!check) return null;
		props.set(name, check);
	}
	let extra: Check | false | undefined;
	if (additionalProperties === false) extra = false;
	else if (additionalProperties !== undefined && additionalProperties !== true) {
		const check = compile(additionalProperties);
		if (!check) return null;
		extra = check;
	}
	const requiredNames = (required as string[] | undefined) ?? [];
	return (v, path, issues) => {
		if (!isObject(v)) return;
		for (const name of requiredNames) {
			if (!Object.hasOwn(v, name)) issues.push({ path, message: `must have required property "${name}"` });
		}
		for (const [name, value] of Object.entries(v)) {
			const check = props.get(name);
			if (check) check(value, `${path}/${name}`, issues);
			else if (extra === false) issues.push({ path, message: `must not have additional property "${name}"` });
			else if (extra) extra(value, `${path}/${name}`, issues);
		}
	};
}

function numberBounds(schema: Record<string, unknown>): Check | undefined | null {
	const keys = ["minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"] as const;
	const present = keys.filter((k) => schema[k] !== undefined);
	if (present.length === 0) return undefined;
	if (!present.every((k) => typeof schema[k] === "number")) return null;
	const { minimum, maximum, exclusiveMinimum, exclusiveMaximum } = schema as Record<
		string,
		number | undefined
	>;
	return (v, path, issues) => {
		if (typeof v !== "number") return;
		if (minimum !== undefined && v < minimum) issues.push({ path, message: `must be >= ${minimum}` });
		if (maximum !== undefined && v > maximum) issues.push({ path, message: `must be <= ${maximum}` });
		if (exclusiveMinimum !== undefined && v <= exclusiveMinimum)
			issues.push({ path, message: `must be > ${exclusiveMinimum}` });
		if (exclusiveMaximum !== undefined && v >= exclusiveMaximum)
			issues.push({ path, message: `must be < ${exclusiveMaximum}` });
	};
}

function lengthBounds(schema: Record<string, unknown>): Check | undefined | null {
	const keys = ["minLength", "maxLength", "minItems", "maxItems"] as const;
	const present = keys.filter((k) => schema[k] !== undefined);
	if (present.length === 0) return undefined;
	if (!present.every((k) => Number.isInteger(schema[k]))) return null;
	const { minLength, maxLength, minItems, maxItems } = schema as Record<string, number | undefined>;
	return (v, path, issues) => {
		if (typeof v === "string") {
			const length = [...v].length;
			if (minLength !== undefined && length < minLength)
				issues.push({ path, message: `must have at least ${minLength} characters` });
			if (maxLength !== undefined && length > maxLength)
				issues.push({ path, message: `must have at most ${maxLength} characters` });
		} else if (Array.isArray(v)) {
			if (minItems !== undefined && v.length < minItems)
				issues.push({ path, message: `must have at least ${minItems} items` });
			if (maxItems !== undefined && v.length > maxItems)
				issues.push({ path, message: `must have at most ${maxItems} items` });
		}
	};
}

function matchesType(v: unknown, type: string): boolean {
	switch (type) {
		case "string":
			return typeof v === "string";
		case "number":
			return typeof v === "number" && Number.isFinite(v);
		case "integer":
			return Number.isInteger(v);
		case "boolean":
			return typeof v === "boolean";
		case "null":
			return v === null;
		case "array":
			return Array.isArray(v);
		default:
			return isObject(v);
	}
}

function describe(v: unknown): string {
	if (v === null) return "null";
	if (Array.isArray(v)) return "array";
	if (typeof v === "number" && Number.isInteger(v)) return "integer";
	return typeof v;
}

function isObject(v: unknown): v is Record<string, unknown> {
	return typeof v === "object" && v !== null && !Array.isArray(v);
}

function deepEqual(a: unknown, b: unknown): boolean {
	if (a === b) return true;
	if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
	if (Array.isArray(a) !== Array.isArray(b)) return false;
	const ak = Object.keys(a);
	const bk = Object.keys(b);
	return ak.length === bk.length && ak.every((k) => deepEqual((a as any)[k], (b as any)[k]));
}
