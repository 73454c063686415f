import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const source = (path: string) => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
	resolve: {
		// Tests (the examples' included) import weft as its users do; resolve that to the sources, not to dist/.
		alias: [
			{ find: /^weft$/, replacement: source("./src/index.ts") },
			{ find: /^weft\/testing$/, replacement: source("./src/testing/index.ts") },
		],
	},
	test: {
		include: ["src/**/*.test.ts", "test/**/*.test.ts", "examples/**/*.test.ts"],
		reporters: ["default", "./test/support/summary-reporter.ts"],
		testTimeout: 30_000,
		hookTimeout: 30_000,
		pool: "forks",
	},
});
