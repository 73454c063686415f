import { describe, expect, it } from "vitest";
import { fuzzyFilter, fuzzyScore } from "./fuzzy.js";

const rank = (query: string, candidates: string[]) => fuzzyFilter(query, candidates, (c) => c, 10);

describe("fuzzyScore", () => {
	it("matches the query's characters in order, ignoring case", () => {
		expect(fuzzyScore("cmp", "src/Composer.ts")).toBeDefined();
		expect(fuzzyScore("pmc", "src/composer.ts")).toBeUndefined();
		expect(fuzzyScore("xyz", "src/composer.ts")).toBeUndefined();
	});

	it("matches everything with an empty query, shorter candidates first", () => {
		expect(rank("", ["a/b/c.ts", "a.ts"])).toEqual(["a.ts", "a/b/c.ts"]);
	});

	it("ranks a match in the base name above one spread over directories", () => {
		expect(rank("comp", ["src/common/pipeline.ts", "src/composer.ts"])).toEqual([
			"src/composer.ts",
			"src/common/pipeline.ts",
		]);
	});

	it("ranks consecutive characters above scattered ones", () => {
		expect(rank("model", ["src/mode-list.ts", "src/model.ts"])[0]).toBe("src/model.ts");
		expect(rank("edit", ["src/e-d-i-t.ts", "src/editor.ts"])[0]).toBe("src/editor.ts");
	});

	it("rewards word starts: initials find camelCase and dashed names", () => {
		expect(rank("fi", ["src/profile.ts", "src/file-index.ts"])[0]).toBe("src/file-index.ts");
		expect(rank("km", ["src/tokmap.ts", "src/keyMap.ts"])[0]).toBe("src/keyMap.ts");
	});

	it("puts an exact base name first", () => {
		expect(
			rank("index", ["src/index-builder/main.ts", "src/deep/path/index.ts", "src/reindexer.ts"])[0],
		).toBe("src/deep/path/index.ts");
	});

	it("keeps the original order among equal scores and honours the limit", () => {
		expect(fuzzyFilter("a", ["xa", "ya", "za"], (c) => c, 2)).toEqual(["xa", "ya"]);
	});
});
