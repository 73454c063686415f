/**
 * What `registerTool` gives `execute`: a TypeBox schema's static type, or a
 * record of unknown values for a plain JSON Schema. The type checks are the
 * `@ts-expect-error` lines (`tsc` fails on any that is not an error).
 */
import { Type } from "typebox";
import { describe, expect, it } from "vitest";
import type { ExtensionAPI, ExtensionTool, ToolExecutionContext } from "./types.js";

function recordingAPI() {
	const tools: ExtensionTool[] = [];
	const api: Pick<ExtensionAPI, "registerTool"> = {
		registerTool(tool) {
			tools.push(tool as ExtensionTool);
		},
	};
	return { api, tools };
}

const ctx = {} as ToolExecutionContext;

describe("registerTool's argument types", () => {
	it("types execute's arguments from a TypeBox schema, without annotations", async () => {
		const { api, tools } = recordingAPI();
		api.registerTool({
			name: "repeat",
			description: "repeats a word",
			parameters: Type.Object({ word: Type.String(), times: Type.Optional(Type.Integer()) }),
			execute(args) {
				const times: number | undefined = args.times;
				// @ts-expect-error the schema has no such argument
				void args.colour;
				// @ts-expect-error word is a string
				const wrong: number = args.word;
				void wrong;
				return args.word.repeat(times ?? 2);
			},
		});

		expect(await tools[0].execute({ word: "ab", times: 3 }, ctx)).toBe("ababab");
	});

	it("gives a plain JSON Schema tool a record of unknown values", async () => {
		const { api, tools } = recordingAPI();
		api.registerTool({
			name: "echo",
			description: "echoes its note",
			parameters: { type: "object", properties: { note: { type: "string" } } },
			execute(args) {
				// @ts-expect-error unknown until the tool checks it
				const note: string = args.note;
				void note;
				return {
					content: typeof args.note === "string" ? args.note : "(none)",
					details: { keys: Object.keys(args) },
				};
			},
		});

		expect(await tools[0].execute({ note: "hi" }, ctx)).toEqual({
			content: "hi",
			details: { keys: ["note"] },
		});
	});
});
