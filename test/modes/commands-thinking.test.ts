import { afterEach, describe, expect, it } from "vitest";
import { nextThinkingLevel } from "../../src/modes/interactive/commands/thinking.js";
import { type Fake, fakeServices } from "./commands-fake-services.js";

let fake: Fake;
afterEach(() => fake.cleanup());

describe("/thinking", () => {
	it("sets a level by name, in any case", async () => {
		fake = fakeServices();
		await fake.run("thinking", "Medium");
		expect(fake.thinking).toBe("medium");
	});

	it("shows the level and the key when given none", async () => {
		fake = fakeServices();
		fake.thinking = "low";
		await fake.run("thinking");
		expect(fake.user.notes).toEqual([{ message: "Thinking: low (shift+tab cycles it)", level: "info" }]);
	});

	it("refuses an unknown level, naming the ones there are", async () => {
		fake = fakeServices();
		await fake.run("thinking", "max");
		expect(fake.thinking).toBe("off");
		expect(fake.user.notes).toEqual([
			{ message: '/thinking: unknown level "max"; use off, low, medium or high', level: "error" },
		]);
	});
});

describe("the thinking key's order", () => {
	it("goes off → low → medium → high and back to off", () => {
		expect(["off", "low", "medium", "high"].map((l) => nextThinkingLevel(l as "off"))).toEqual([
			"low",
			"medium",
			"high",
			"off",
		]);
	});
});
