/**
 * The layer rule, checked on every source file: a module under src/<layer>
 * imports only from its own layer or a lower one, and never from the entry
 * (src/index.ts) or the test utilities (src/testing/). Inside src/tui the
 * same rule holds between its tiers: the terminal kernel and primitives,
 * the stock chat (chat/), its assembly (app/).
 */
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const LAYERS = ["base", "kernel", "ai", "agent", "extensions", "tui", "modes", "cli"] as const;
type Layer = (typeof LAYERS)[number];

/** src/tui's tiers, lowest first; every file outside chat/ and app/ (terminal, input, render, text, theme, primitives) is a primitive. */
const TUI_TIERS = ["primitives", "chat", "app"] as const;
type TuiTier = (typeof TUI_TIERS)[number];

/** Where a file lives: a layer, or one of the unlayered areas that may import anything. */
type Area = { kind: "layer"; layer: Layer } | { kind: "entry" } | { kind: "testing" } | { kind: "other" };

const SRC = resolve(dirname(fileURLToPath(import.meta.url)), "..", "src");

/** Every module specifier a file imports or re-exports, static or dynamic (string literals only). */
function importSpecifiers(source: string): string[] {
	const info = ts.preProcessFile(source, true, true);
	return info.importedFiles.map((f) => f.fileName);
}

/** `srcRelative` may name a source file (.ts) or the specifier's form of it (.js, no extension, the folder). */
function areaOf(srcRelative: string): Area {
	const [first] = srcRelative.split(sep);
	if (srcRelative === "" || /^index(\.[cm]?[jt]s)?$/.test(srcRelative)) return { kind: "entry" };
	if (first === "testing") return { kind: "testing" };
	if ((LAYERS as readonly string[]).includes(first)) return { kind: "layer", layer: first as Layer };
	return { kind: "other" };
}

/** The tier of a path under src/tui (as `areaOf` takes it). */
function tuiTierOf(srcRelative: string): TuiTier {
	const second = srcRelative.split(sep)[1];
	return second === "chat" || second === "app" ? second : "primitives";
}

function areaName(area: Area): string {
	if (area.kind === "layer") return `layer ${area.layer}`;
	if (area.kind === "entry") return "the entry src/index.ts";
	return `src/${area.kind}`;
}

/** The violations one file's source commits, as `file → import (layer X may not import Y)`. */
function violationsIn(file: string, source: string): string[] {
	const from = areaOf(relative(SRC, file));
	if (from.kind !== "layer") return [];
	const out: string[] = [];
	for (const specifier of importSpecifiers(source)) {
		if (!specifier.startsWith(".")) continue;
		const target = resolve(dirname(file), specifier);
		const rel = relative(SRC, target);
		if (rel.startsWith("..")) continue;
		const to = areaOf(rel);
		const allowed =
			to.kind === "other" || (to.kind === "layer" && LAYERS.indexOf(to.layer) <= LAYERS.indexOf(from.layer));
		if (!allowed) {
			out.push(`${relative(SRC, file)} → ${specifier} (layer ${from.layer} may not import ${areaName(to)})`);
		} else if (from.layer === "tui" && to.kind === "layer" && to.layer === "tui") {
			const fromTier = tuiTierOf(relative(SRC, file));
			const toTier = tuiTierOf(rel);
			if (TUI_TIERS.indexOf(toTier) > TUI_TIERS.indexOf(fromTier)) {
				out.push(`${relative(SRC, file)} → ${specifier} (tui ${fromTier} may not import tui ${toTier})`);
			}
		}
	}
	return out;
}

function sourceFiles(dir: string): string[] {
	return readdirSync(dir, { recursive: true, encoding: "utf8" })
		.filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts") && !f.endsWith(".d.ts"))
		.map((f) => join(dir, f));
}

describe("the layer rule", () => {
	it("finds import, export-from, side-effect and dynamic specifiers, and ignores comments", () => {
		const source = [
			'import { a } from "./a.js";',
			'import type { B } from "../b.js";',
			'export { c } from "./c.js";',
			'export * from "./d.js";',
			'import "./side-effect.js";',
			'const e = await import("./e.js");',
			'// import { f } from "./commented.js";',
			"const g = `import x from './template.js'`;",
		].join("\n");

		expect(importSpecifiers(source)).toEqual([
			"./a.js",
			"../b.js",
			"./c.js",
			"./d.js",
			"./side-effect.js",
			"./e.js",
		]);
	});

	it("reports a lower layer importing a higher one, the entry, or the test utilities", () => {
		const file = join(SRC, "kernel", "example.ts");
		const source = [
			'import { Screen } from "../tui/screen.js";',
			'import type { Loop } from "../agent/loop.js";',
			'export { x } from "../index.js";',
			'import "..";',
			'const fake = await import("../testing/fake-provider.js");',
			'import { Bus } from "./event-bus.js";',
			'import { readFile } from "node:fs";',
		].join("\n");

		expect(violationsIn(file, source)).toEqual([
			`kernel${sep}example.ts → ../tui/screen.js (layer kernel may not import layer tui)`,
			`kernel${sep}example.ts → ../agent/loop.js (layer kernel may not import layer agent)`,
			`kernel${sep}example.ts → ../index.js (layer kernel may not import the entry src/index.ts)`,
			`kernel${sep}example.ts → .. (layer kernel may not import the entry src/index.ts)`,
			`kernel${sep}example.ts → ../testing/fake-provider.js (layer kernel may not import src/testing)`,
		]);
	});

	it("reports base importing the kernel, and the tui's primitives or chat importing a higher tier", () => {
		expect(violationsIn(join(SRC, "base", "paths.ts"), 'import "../kernel/events.js";')).toEqual([
			`base${sep}paths.ts → ../kernel/events.js (layer base may not import layer kernel)`,
		]);
		const primitive = join(SRC, "tui", "primitives", "window.ts");
		expect(violationsIn(primitive, 'import "../chat/ui/select.js";\nimport "../app/chat-app.js";')).toEqual([
			`tui${sep}primitives${sep}window.ts → ../chat/ui/select.js (tui primitives may not import tui chat)`,
			`tui${sep}primitives${sep}window.ts → ../app/chat-app.js (tui primitives may not import tui app)`,
		]);
		expect(violationsIn(join(SRC, "tui", "terminal.ts"), 'import "./chat/markdown/render.js";')).toEqual([
			`tui${sep}terminal.ts → ./chat/markdown/render.js (tui primitives may not import tui chat)`,
		]);
		const chat = join(SRC, "tui", "chat", "ui", "select.ts");
		expect(violationsIn(chat, 'import "../../app/chat-app.js";')).toEqual([
			`tui${sep}chat${sep}ui${sep}select.ts → ../../app/chat-app.js (tui chat may not import tui app)`,
		]);
		const app = join(SRC, "tui", "app", "chat-app.ts");
		expect(violationsIn(app, 'import "../chat/ui/select.js";\nimport "../text/width.js";')).toEqual([]);
	});

	it("allows imports downwards and sideways, and anything from the entry and src/testing", () => {
		const down =
			'import { Kernel } from "../kernel/index.js";\nimport "../ai/types.js";\nimport "./sibling.js";';
		expect(violationsIn(join(SRC, "cli", "main.ts"), down)).toEqual([]);
		expect(violationsIn(join(SRC, "agent", "nested", "deep.ts"), 'import "../../ai/x.js";')).toEqual([]);
		const anything = 'import "../cli/main.js";\nimport "./kernel/index.js";';
		expect(violationsIn(join(SRC, "testing", "harness.ts"), anything)).toEqual([]);
		expect(violationsIn(join(SRC, "index.ts"), 'export * from "./cli/main.js";')).toEqual([]);
	});

	it("holds for every source file under src/", () => {
		const files = sourceFiles(SRC);
		const scannedPerLayer = new Map<Layer, number>();
		const violations: string[] = [];
		for (const file of files) {
			const area = areaOf(relative(SRC, file));
			if (area.kind === "layer") scannedPerLayer.set(area.layer, (scannedPerLayer.get(area.layer) ?? 0) + 1);
			violations.push(...violationsIn(file, readFileSync(file, "utf8")));
		}

		const presentLayers = LAYERS.filter((layer) => {
			const dir = join(SRC, layer);
			return readdirSync(SRC).includes(layer) && sourceFiles(dir).length > 0;
		});
		expect(presentLayers).toContain("kernel");
		expect(presentLayers).toContain("base");
		for (const layer of presentLayers) expect(scannedPerLayer.get(layer) ?? 0, layer).toBeGreaterThan(0);
		expect(violations, violations.join("\n")).toEqual([]);
	});
});
