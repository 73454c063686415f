/**
 * The prompt templates extension (first-party): each template is a `/name`
 * command that sends its text, placeholders filled in, as the user's
 * message — in every mode, since commands run through the same runner in
 * the terminal, `-p`, JSON and RPC. `disabledExtensions:
 * ["prompt-templates"]` turns it off. Templates are found when it loads
 * (`/reload` finds new ones), with those at paths other extensions add
 * through `resources_discover`; a template's text is read when it is used.
 */
import type { ExtensionAPI } from "../../types.js";
import { absolutePaths, type ResourcePaths, TAKE_PATHS_PRIORITY } from "../extension-paths.js";
import { placesOf, warn } from "../loading.js";
import { firstOfEachName, readCommandBody } from "../markdown-files.js";
import { discoverTemplates, type PromptTemplate, templatesAtPaths } from "./discover.js";
import { expandTemplate } from "./expand.js";

export interface TemplatesOptions {
	home: string;
	userHome?: string;
	/** Paths extensions added, when it loads after resources_discover ran. */
	discovered?: ResourcePaths;
}

export function promptTemplatesExtension(options: TemplatesOptions) {
	return (weft: ExtensionAPI): void => {
		const places = placesOf(weft.cwd, options);
		const { templates, problems } = discoverTemplates(places);
		for (const problem of problems) warn(weft, problem);
		for (const template of templates) register(weft, template);

		const take = ({ promptPaths, cwd }: ResourcePaths) => {
			if (promptPaths.length === 0) return;
			const found = templatesAtPaths(absolutePaths(promptPaths, cwd, places.userHome));
			// The folders' templates win a name clash.
			const all = firstOfEachName([...templates, ...found.templates], "prompt template", found.problems);
			const added = all.slice(templates.length);
			for (const problem of found.problems) warn(weft, problem);
			for (const template of added) register(weft, template);
			templates.push(...added);
		};
		if (options.discovered) take(options.discovered);
		weft.on("resources_discover", (event) => void take(event), { priority: TAKE_PATHS_PRIORITY });
	};
}

function register(weft: ExtensionAPI, template: PromptTemplate): void {
	weft.registerCommand(template.name, {
		description: template.description,
		argumentHint: template.argumentHint,
		origin: { path: template.file, location: template.scope === "extension" ? "path" : template.scope },
		handler: (args) => {
			weft.sendUserMessage(expandTemplate(readCommandBody(template.file), args));
		},
	});
}
