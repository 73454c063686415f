/**
 * The first-party catalog's test for the MCP extension, apart from the
 * extension's code: discovery runs it on every start-up, and the code it
 * imports stays out of the lazily loaded MCP chunk (a module both reach
 * would be split into a chunk of its own; docs/architecture.md, Start-up).
 */
import { parseJsonc } from "../../../base/jsonc.js";
import { type Places, settingsTexts } from "../places.js";

/**
 * Whether either settings file names an MCP server: the first-party catalog's
 * cheap test on every start-up (the settings are read again only when the
 * text mentions `mcpServers`). An untrusted project's servers count here;
 * the extension then finds them held back by the settings policy.
 */
export function mentionsMcpServers(places: Places): boolean {
	for (const { file, text } of settingsTexts(places)) {
		if (text === undefined || !text.includes("mcpServers")) continue;
		try {
			const doc = parseJsonc(text, file);
			if (isObject(doc) && isObject(doc.mcpServers) && Object.keys(doc.mcpServers).length > 0) return true;
		} catch {
			// Settings loading reports a broken file; here it only means "nothing to start".
		}
	}
	return false;
}

function isObject(value: unknown): value is Record<string, unknown> {
	return typeof value === "object" && value !== null && !Array.isArray(value);
}
