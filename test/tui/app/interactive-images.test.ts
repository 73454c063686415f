/**
 * An image path in a message, in the real interactive mode: attached as an
 * image for a model that accepts images (the request carries it), named only
 * — with a note saying so — for a model that takes text.
 */
import { afterEach, describe, expect, it } from "vitest";
import { type Harness, startInteractive } from "../../support/tui-harness.js";

let h: Harness | undefined;
afterEach(async () => {
	await h?.dispose();
	h = undefined;
});

const PNG = "\x89PNG fake image bytes";
const userContent = (harness: Harness) =>
	JSON.stringify(
		harness
			.requests()[0]
			.body.messages.filter((m: { role: string }) => m.role === "user")
			.map((m: { content: unknown }) => m.content),
	);

describe("image paths in a message", () => {
	it("are attached for a model that accepts images", async () => {
		h = await startInteractive({
			script: [{ text: "a screenshot" }],
			files: {
				"shot.png": PNG,
				".weft/settings.json": JSON.stringify({
					providers: {
						mock: { models: [{ id: "mock-model", contextWindow: 32768, input: ["text", "image"] }] },
					},
				}),
			},
		});
		await h.waitFor("mock-model");
		h.type("what is in @shot.png");
		h.press("enter");
		await h.waitForAll("a screenshot");
		const content = userContent(h);
		expect(content).toContain("what is in @shot.png");
		expect(content).toContain(`data:image/png;base64,${Buffer.from(PNG).toString("base64")}`);
	});

	it("are named only, with a note, for a model that takes text", async () => {
		h = await startInteractive({ script: [{ text: "text only" }], files: { "shot.png": PNG } });
		await h.waitFor("mock-model");
		h.type("what is in @shot.png");
		h.press("enter");
		await h.waitForAll("mock-model does not accept images: shot.png not attached");
		await h.waitForAll("text only");
		expect(userContent(h)).not.toContain("base64");
	});
});
