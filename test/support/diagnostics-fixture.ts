/** Diagnostics of an extension that registered nothing, with the fields a test cares about overridden. */
import type { ExtensionDiagnostics } from "../../src/extensions/diagnostics.js";

export function diagnostics(overrides: Partial<ExtensionDiagnostics>): ExtensionDiagnostics {
	return {
		name: "ext",
		source: "/x/ext.ts",
		origin: "global",
		project: false,
		status: "loaded",
		commands: [],
		tools: [],
		providers: [],
		flags: [],
		keymaps: [],
		renderers: { messages: [], tools: [] },
		handlers: {},
		timers: { defer: 0, interval: 0 },
		jobs: 0,
		customEventHandlers: 0,
		handlerStats: { calls: 0, ms: 0, errors: 0, timeouts: 0 },
		statsByEvent: {},
		conflicts: [],
		faults: { uncaughtExceptions: 0, unhandledRejections: 0 },
		notificationsDropped: 0,
		errors: [],
		log: [],
		exposesApi: false,
		setsAgentLoop: false,
		...overrides,
	};
}
