/**
 * The modules a pi extension imports, as weft provides them:
 * `@mariozechner/pi-coding-agent`, `@mariozechner/pi-ai` (its model calls:
 * pi-model-calls.ts), `@mariozechner/pi-tui`, `@mariozechner/pi-agent-core`
 * (types only, so an empty module) and TypeBox (`typebox`, and
 * `@sinclair/typebox` for older extensions): weft's own `Type`, so schemas
 * are the objects weft validates with. Published on a global that the files
 * in runtime/pi/ re-export; the pi flavour of the loader aliases the names
 * to those files.
 */
import type { Type as TypeBox } from "typebox";
import { stringEnum } from "./ai-module.js";
import * as helpers from "./coding-agent-helpers.js";
import * as parts from "./coding-agent-parts.js";
import {
	AssistantMessageEventStream,
	calculateCost,
	createAssistantMessageEventStream,
} from "./pi-event-stream.js";
import { complete, getModel, stream } from "./pi-model-calls.js";
import { createLocalBashOperations } from "./pi-operations.js";
import {
	registerApiProvider,
	streamAnthropic,
	streamGoogle,
	streamOpenAICompletions,
	streamOpenAIResponses,
} from "./pi-providers.js";
import { painterTheme, piTheme } from "./pi-theme.js";
import * as components from "./tui-components.js";
import * as keys from "./tui-keys.js";
import * as text from "./tui-text.js";

const MODULES_KEY = Symbol.for("weft.pi.modules");

/** Fuzzy matching as pi-tui exports it: every query character in order; tighter matches score lower. */
function fuzzyMatch(query: string, target: string): { matches: boolean; score: number } {
	const q = query.toLowerCase();
	const t = target.toLowerCase();
	let at = -1;
	let score = 0;
	for (const char of q) {
		const next = t.indexOf(char, at + 1);
		if (next === -1) return { matches: false, score: Number.POSITIVE_INFINITY };
		score += next - at - 1;
		at = next;
	}
	return { matches: true, score };
}

function fuzzyFilter<T>(items: T[], query: string, text: (item: T) => string): T[] {
	return items
		.map((item) => ({ item, match: fuzzyMatch(query, text(item)) }))
		.filter((e) => e.match.matches)
		.sort((a, b) => a.match.score - b.match.score)
		.map((e) => e.item);
}

const keybindings = { matches: () => false, getKeys: () => [] as string[] };

function buildPiModules(Type: typeof TypeBox) {
	return Object.freeze({
		"coding-agent": Object.freeze({
			...helpers,
			...parts,
			createLocalBashOperations,
			getMarkdownTheme: painterTheme,
			getSettingsListTheme: painterTheme,
			getSelectListTheme: painterTheme,
			theme: piTheme,
		}),
		ai: Object.freeze({
			StringEnum: stringEnum(Type),
			Type,
			complete,
			completeSimple: complete,
			stream,
			streamSimple: stream,
			getModel,
			registerApiProvider,
			createAssistantMessageEventStream,
			AssistantMessageEventStream,
			calculateCost,
			streamAnthropic,
			streamSimpleAnthropic: streamAnthropic,
			streamOpenAICompletions,
			streamSimpleOpenAICompletions: streamOpenAICompletions,
			streamOpenAIResponses,
			streamSimpleOpenAIResponses: streamOpenAIResponses,
			streamGoogle,
			streamSimpleGoogle: streamGoogle,
		}),
		tui: Object.freeze({
			...components,
			...keys,
			...text,
			fuzzyMatch,
			fuzzyFilter,
			getKeybindings: () => keybindings,
			setKeybindings: () => {},
		}),
		"agent-core": Object.freeze({}),
		typebox: Object.freeze({ ...Type, Type }),
	});
}

/** Publishes the modules for runtime/pi/*.cjs, built on the running weft's TypeBox. */
export function installPiModules(Type: typeof TypeBox): void {
	const global = globalThis as Record<symbol, unknown>;
	global[MODULES_KEY] ??= buildPiModules(Type);
}

/** The loader flavour of pi extensions: pi's package names aliased to weft's modules. */
export function piFlavour(runtimePath: (...parts: string[]) => string) {
	const file = (name: string) => runtimePath("pi", `${name}.cjs`);
	return {
		name: "pi",
		aliases: {
			"@mariozechner/pi-coding-agent": file("coding-agent"),
			"@mariozechner/pi-ai": file("ai"),
			"@mariozechner/pi-tui": file("tui"),
			"@mariozechner/pi-agent-core": file("agent-core"),
			typebox: file("typebox"),
			"@sinclair/typebox": file("typebox"),
		},
	};
}
