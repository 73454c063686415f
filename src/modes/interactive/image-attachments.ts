/**
 * Images named in a message: a path to an image file — `@`-completed, pasted
 * or dropped on the terminal (quoted, or with `\ ` for spaces) — is attached
 * to the message as an image when the model accepts images. The text keeps
 * the path, so the model can still refer to the file by name. A model that
 * takes text only gets the text, and the user is told why.
 */
import { readFileSync, statSync } from "node:fs";
import { homedir } from "node:os";
import { basename, extname, isAbsolute, join } from "node:path";
import { errorMessage } from "../../base/error-message.js";
import { isFile } from "../../base/read-text.js";
import type { ImageContent } from "../../kernel/messages.js";
import type { ModelInfo } from "../../kernel/provider.js";

const MIME_TYPES: Record<string, string> = {
	".png": "image/png",
	".jpg": "image/jpeg",
	".jpeg": "image/jpeg",
	".gif": "image/gif",
	".webp": "image/webp",
};

/** Providers refuse larger images (Anthropic's limit is 5 MB); refused here, with the size, not after the upload. */
export const MAX_IMAGE_BYTES = 5 * 1024 * 1024;

export interface Attachments {
	images: ImageContent[];
	/** What the user should know: images not attached, and why. */
	notes: string[];
}

/** The images the text names, read from disk, and notes for those that cannot be attached. */
export function attachImages(text: string, cwd: string, model: ModelInfo): Attachments {
	const paths = imagePaths(text, cwd);
	if (paths.length === 0) return { images: [], notes: [] };
	if (!(model.input ?? ["text"]).includes("image")) {
		const names = paths.map((p) => basename(p)).join(", ");
		return {
			images: [],
			notes: [
				`${model.id} does not accept images: ${names} not attached (the message names the path only); /model picks a model that does`,
			],
		};
	}
	const images: ImageContent[] = [];
	const notes: string[] = [];
	for (const path of paths) {
		try {
			const { size } = statSync(path);
			if (size > MAX_IMAGE_BYTES) {
				const mb = (size / 1024 / 1024).toFixed(1);
				notes.push(`${basename(path)} not attached: ${mb} MB, above the 5 MB providers accept`);
				continue;
			}
			const data = readFileSync(path).toString("base64");
			images.push({ type: "image", data, mimeType: MIME_TYPES[extname(path).toLowerCase()] });
		} catch (error) {
			notes.push(`${basename(path)} not attached: it cannot be read (${errorMessage(error)})`);
		}
	}
	return { images, notes };
}

/** Existing image files the text names, each once, in order. */
export function imagePaths(text: string, cwd: string): string[] {
	const found: string[] = [];
	for (const token of pathTokens(text)) {
		if (!(extname(token).toLowerCase() in MIME_TYPES)) continue;
		const path = token.startsWith("~/")
			? join(homedir(), token.slice(2))
			: isAbsolute(token)
				? token
				: join(cwd, token);
		if (!found.includes(path) && isFile(path)) found.push(path);
	}
	return found;
}

/** Words that may be paths: an optional `@`, then "quoted", 'quoted', or with `\ ` escaping spaces. */
function pathTokens(text: string): string[] {
	const tokens: string[] = [];
	for (const match of text.matchAll(/@?(?:"([^"]+)"|'([^']+)'|((?:\\ |[^\s])+))/g)) {
		const raw = match[1] ?? match[2] ?? match[3].replace(/\\ /g, " ");
		// A trailing comma or full stop ends the sentence, not the file name.
		tokens.push(raw.replace(/[.,;:!?)]+$/, ""));
	}
	return tokens;
}
