import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { ModelInfo } from "../../kernel/provider.js";
import { attachImages, imagePaths, MAX_IMAGE_BYTES } from "./image-attachments.js";

let cwd: string;
beforeEach(() => {
	cwd = mkdtempSync(join(tmpdir(), "weft-images-"));
	writeFileSync(join(cwd, "shot.png"), "png-bytes");
	mkdirSync(join(cwd, "my pics"));
	writeFileSync(join(cwd, "my pics", "a b.JPG"), "jpg-bytes");
	writeFileSync(join(cwd, "notes.txt"), "text");
});
afterEach(() => rmSync(cwd, { recursive: true, force: true }));

const model = (input?: Array<"text" | "image">) =>
	({ id: "m", provider: "p", input }) as unknown as ModelInfo;

describe("imagePaths", () => {
	it("finds @-completed, quoted, escaped and bare paths of existing images, once each", () => {
		const text = `see @shot.png, "my pics/a b.JPG" and my\\ pics/a\\ b.JPG; also shot.png and missing.png, notes.txt`;
		expect(imagePaths(text, cwd)).toEqual([join(cwd, "shot.png"), join(cwd, "my pics", "a b.JPG")]);
	});

	it("takes absolute paths as they are", () => {
		expect(imagePaths(`look at ${join(cwd, "shot.png")}.`, "/elsewhere")).toEqual([join(cwd, "shot.png")]);
	});
});

describe("attachImages", () => {
	it("attaches them, base64 with their MIME type, for a model that accepts images", () => {
		const { images, notes } = attachImages("@shot.png", cwd, model(["text", "image"]));
		expect(notes).toEqual([]);
		expect(images).toEqual([
			{ type: "image", data: Buffer.from("png-bytes").toString("base64"), mimeType: "image/png" },
		]);
	});

	it("attaches nothing for a text-only model and says why", () => {
		const { images, notes } = attachImages("@shot.png", cwd, model());
		expect(images).toEqual([]);
		expect(notes).toEqual([
			"m does not accept images: shot.png not attached (the message names the path only); /model picks a model that does",
		]);
	});

	it("refuses an image larger than providers accept, with its size", () => {
		writeFileSync(join(cwd, "huge.png"), Buffer.alloc(MAX_IMAGE_BYTES + 1));
		const { images, notes } = attachImages("huge.png", cwd, model(["text", "image"]));
		expect(images).toEqual([]);
		expect(notes).toEqual(["huge.png not attached: 5.0 MB, above the 5 MB providers accept"]);
	});

	it("leaves messages that name no image alone", () => {
		expect(attachImages("fix notes.txt please", cwd, model())).toEqual({ images: [], notes: [] });
	});
});
