/**
 * Validates tool arguments against the tool's JSON Schema. Invalid arguments
 * become a message the model can act on, never an exception. Common schemas
 * are checked by the small built-in validator; anything else by typebox's
 * JSON Schema compiler, imported on first use so start-up doesn't pay for it.
 */
import { compileSimpleSchema, type SchemaIssue } from "./simple-schema.js";

interface TypeboxValidator {
	Errors(value: unknown): [boolean, Array<{ instancePath: string; message: string }>];
}

type Validate = (value: unknown) => SchemaIssue[];

let typeboxModule: Promise<{ Compile(schema: unknown): TypeboxValidator }> | undefined;
const compiled = new WeakMap<object, Validate | Error>();

async function compile(schema: Record<string, unknown>): Promise<Validate | Error> {
	const cached = compiled.get(schema);
	if (cached) return cached;
	let result: Validate | Error | undefined = compileSimpleSchema(schema);
	if (!result) {
		typeboxModule ??= import("typebox/schema").then((m) => (m.default ?? m) as never);
		const { Compile } = await typeboxModule;
		try {
			const validator = Compile(schema);
			result = (value) =>
				validator.Errors(value)[1].map((e) => ({ path: e.instancePath, message: e.message }));
		} catch (error) {
			result = new Error(`the tool's parameter schema is not valid JSON Schema: ${(error as Error).message}`);
		}
	}
	compiled.set(schema, result);
	return result;
}

export type ValidationOutcome = { ok: true } | { ok: false; message: string };

export async function validateToolArgs(
	toolName: string,
	schema: Record<string, unknown>,
	args: unknown,
): Promise<ValidationOutcome> {
	const validate = await compile(schema);
	if (validate instanceof Error)
		return { ok: false, message: `Tool ${toolName} cannot be called: ${validate.message}` };
	const issues = validate(args);
	if (issues.length === 0) return { ok: true };
	const lines = issues
		.slice(0, 8)
		.map((e) => `- ${e.path ? e.path.slice(1).replaceAll("/", ".") : "arguments"}: ${e.message}`);
	if (issues.length > 8) lines.push(`- … and ${issues.length - 8} more`);
	return {
		ok: false,
		message: `Invalid arguments for tool "${toolName}":\n${lines.join("\n")}\nReceived: ${truncateJson(args)}\nFix the arguments and call the tool again.`,
	};
}

function truncateJson(value: unknown): string {
	const text = JSON.stringify(value) ?? "undefined";
	return text.length > 500 ? `${text.slice(0, 500)}…` : text;
}
