/**
 * The prompt templates extension (first-party): each template is a `/name`
 * command that sends its text, placeholders filled in, as the user's
 * message — in every mode, since commands run through the same runner in
 * the terminal, `-p`, JSON and RPC. `disabledExtensions:
 * ["prompt-templates"]` turns it off. Templates are found when it loads
 * (`/reload` finds new ones); a template's text is read when it is used.
 */
import type { ExtensionAPI } from "../../types.js";
import { placesOf, warn } from "../loading.js";
import { readCommandBody } from "../markdown-files.js";
import { discoverTemplates } from "./discover.js";
import { expandTemplate } from "./expand.js";

export interface TemplatesOptions {
	home: string;
	userHome?: string;
}

export function promptTemplatesExtension(options: TemplatesOptions) {
	return (weft: ExtensionAPI): void => {
		const { templates, problems } = discoverTemplates(placesOf(weft.cwd, options));
		for (const problem of problems) warn(weft, problem);
		for (const template of templates) {
			weft.registerCommand(template.name, {
				description: template.description,
				argumentHint: template.argumentHint,
				handler: (args) => {
					weft.sendUserMessage(expandTemplate(readCommandBody(template.file), args));
				},
			});
		}
	};
}
