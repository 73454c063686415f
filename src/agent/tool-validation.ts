/**
 * Validates tool arguments against the tool's JSON Schema. Invalid arguments
 * become a message the model can act on, never an exception. The validator
 * (typebox's JSON Schema compiler) is imported on first use so start-up
 * doesn't pay for it.
 */

interface Validator {
	Errors(value: unknown): [boolean, Array<{ instancePath: string; message: string; params?: unknown }>];
}

type SchemaModule = { Compile(schema: unknown): Validator };

let schemaModule: Promise<SchemaModule> | undefined;
const compiled = new WeakMap<object, Validator | Error>();

async function compile(schema: Record<string, unknown>): Promise<Validator | Error> {
	const cached = compiled.get(schema);
	if (cached) return cached;
	schemaModule ??= import("typebox/schema").then((m) => (m.default ?? m) as unknown as SchemaModule);
	const { Compile } = await schemaModule;
	let result: Validator | Error;
	try {
		result = Compile(schema);
	} catch (error) {
		result = new Error(`the tool's parameter schema is not valid JSON Schema: ${(error as Error).message}`);
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
	const validator = await compile(schema);
	if (validator instanceof Error)
		return { ok: false, message: `Tool ${toolName} cannot be called: ${validator.message}` };
	const [valid, errors] = validator.Errors(args);
	if (valid) return { ok: true };
	const lines = errors.slice(0, 8).map((e) => {
		const where = e.instancePath ? e.instancePath.slice(1).replaceAll("/", ".") : "arguments";
		return `- ${where}: ${e.message}`;
	});
	if (errors.length > 8) lines.push(`- … and ${errors.length - 8} more`);
	return {
		ok: false,
		message: `Invalid arguments for tool "${toolName}":\n${lines.join("\n")}\nReceived: ${truncateJson(args)}\nFix the arguments and call the tool again.`,
	};
}

function truncateJson(value: unknown): string {
	const text = JSON.stringify(value) ?? "undefined";
	return text.length > 500 ? `${text.slice(0, 500)}…` : text;
}
