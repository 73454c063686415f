import { defineConfig } from "vitest/config";

export default defineConfig({
	test: {
		include: ["src/**/*.test.ts", "test/**/*.test.ts", "examples/**/*.test.ts"],
		reporters: ["default", "./test/support/summary-reporter.ts"],
		testTimeout: 30_000,
		hookTimeout: 30_000,
		pool: "forks",
	},
});
