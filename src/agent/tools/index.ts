/** weft's built-in tools, registered through the same tool registry extensions use. */
import type { ToolDefinition } from "../../kernel/tool.js";
import { createBashTool } from "./bash.js";
import { createEditTool } from "./edit.js";
import { createFindTool } from "./find.js";
import { createGrepTool } from "./grep.js";
import { createLsTool } from "./ls.js";
import { createReadTool } from "./read.js";
import type { SpillFiles } from "./spill-files.js";
import { createWriteTool } from "./write.js";

export type { BashDetails } from "./bash.js";
export type { EditDetails } from "./edit.js";
export type { FindDetails } from "./find.js";
export type { GrepDetails } from "./grep.js";
export type { LsDetails } from "./ls.js";
export type { ReadDetails } from "./read.js";
export type { WriteDetails } from "./write.js";
export {
	createBashTool,
	createEditTool,
	createFindTool,
	createGrepTool,
	createLsTool,
	createReadTool,
	createWriteTool,
};

/** The stock tool set, in the order the model sees it; `spills` holds bash's long output (see spill-files.ts). */
export function builtinTools(options: { spills?: SpillFiles } = {}): ToolDefinition[] {
	return [
		createReadTool(),
		createBashTool({ spills: options.spills }),
		createEditTool(),
		createWriteTool(),
		createGrepTool(),
		createFindTool(),
		createLsTool(),
	];
}
