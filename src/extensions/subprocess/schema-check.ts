/**
 * Is this a usable JSON Schema for a tool's arguments? The JSON Schema
 * compiler weft validates with is lenient (it accepts `{ type: "bogus" }`
 * and validates nothing), so a tool registered by a subprocess — whose
 * schema nobody type-checked — is checked structurally here first: the
 * keywords that constrain values must have the shapes the specification
 * gives them. Unknown keywords are annotations and pass.
 */
import { isRecord } from "./protocol.js";

const TYPES = new Set(["string", "number", "integer", "boolean", "object", "array", "null"]);
const SCHEMA_KEYS = [
	"not",
	"additionalProperties",
	"additionalItems",
	"unevaluatedProperties",
	"unevaluatedItems",
	"contains",
	"propertyNames",
	"if",
	"then",
	"else",
];
const SCHEMA_MAP_KEYS = ["properties", "patternProperties", "$defs", "definitions", "dependentSchemas"];
const SCHEMA_LIST_KEYS = ["allOf", "anyOf", "oneOf", "prefixItems"];
const NUMBER_KEYS = ["minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"];
const COUNT_KEYS = [
	"minLength",
	"maxLength",
	"minItems",
	"maxItems",
	"minProperties",
	"maxProperties",
	"minContains",
	"maxContains",
];

/** The problem with a tool's parameter schema, or undefined when it is a valid object schema. */
export function checkToolSchema(schema: unknown): string | undefined {
	if (!isRecord(schema)) return "the schema must be a JSON object";
	if (schema.type !== undefined && schema.type !== "object") {
		return `the schema's "type" must be "object" (tool arguments are an object), not ${JSON.stringify(schema.type)}`;
	}
	return checkSchema(schema, "");
}

function checkSchema(schema: unknown, path: string): string | undefined {
	if (typeof schema === "boolean") return undefined;
	if (!isRecord(schema)) return `${at(path)} must be a schema object or a boolean`;
	const type = schema.type;
	if (type !== undefined) {
		const types = Array.isArray(type) ? type : [type];
		const bad = types.find((t) => typeof t !== "string" || !TYPES.has(t));
		if (bad !== undefined || types.length === 0) {
			return `${at(path, "type")} must be one of ${[...TYPES].join(", ")} (got ${JSON.stringify(type)})`;
		}
	}
	for (const key of SCHEMA_KEYS) {
		if (schema[key] === undefined) continue;
		const problem = checkSchema(schema[key], `${path}/${key}`);
		if (problem) return problem;
	}
	for (const key of SCHEMA_MAP_KEYS) {
		const map = schema[key];
		if (map === undefined) continue;
		if (!isRecord(map)) return `${at(path, key)} must be an object of schemas`;
		for (const [name, sub] of Object.entries(map)) {
			const problem = checkSchema(sub, `${path}/${key}/${name}`);
			if (problem) return problem;
		}
	}
	for (const key of SCHEMA_LIST_KEYS) {
		const list = schema[key];
		if (list === undefined) continue;
		if (!Array.isArray(list) || list.length === 0)
			return `${at(path, key)} must be a non-empty array of schemas`;
		for (let i = 0; i < list.length; i++) {
			const problem = checkSchema(list[i], `${path}/${key}/${i}`);
			if (problem) return problem;
		}
	}
	if (schema.items !== undefined) {
		const items = Array.isArray(schema.items) ? schema.items : [schema.items];
		for (let i = 0; i < items.length; i++) {
			const problem = checkSchema(items[i], `${path}/items`);
			if (problem) return problem;
		}
	}
	return checkValues(schema, path);
}

function checkValues(schema: Record<string, unknown>, path: string): string | undefined {
	const { required, enum: allowed, pattern, multipleOf, uniqueItems } = schema;
	if (required !== undefined && !(Array.isArray(required) && required.every((r) => typeof r === "string"))) {
		return `${at(path, "required")} must be an array of property names`;
	}
	if (allowed !== undefined && !Array.isArray(allowed)) return `${at(path, "enum")} must be an array`;
	for (const key of NUMBER_KEYS) {
		if (schema[key] !== undefined && typeof schema[key] !== "number")
			return `${at(path, key)} must be a number`;
	}
	for (const key of COUNT_KEYS) {
		const value = schema[key];
		if (value !== undefined && !(Number.isInteger(value) && (value as number) >= 0)) {
			return `${at(path, key)} must be a non-negative integer`;
		}
	}
	if (multipleOf !== undefined && !(typeof multipleOf === "number" && multipleOf > 0)) {
		return `${at(path, "multipleOf")} must be a number greater than 0`;
	}
	if (uniqueItems !== undefined && typeof uniqueItems !== "boolean")
		return `${at(path, "uniqueItems")} must be true or false`;
	if (pattern !== undefined) {
		if (typeof pattern !== "string") return `${at(path, "pattern")} must be a string`;
		try {
			new RegExp(pattern, "u");
		} catch (error) {
			return `${at(path, "pattern")} is not a valid regular expression: ${(error as Error).message}`;
		}
	}
	return undefined;
}

function at(path: string, key?: string): string {
	const full = key ? `${path}/${key}` : path;
	return full ? `"${full.slice(1).replaceAll("/", ".")}"` : "the schema";
}
