/**
 * An ACP prompt (content blocks) as what weft's session takes: one text and
 * images. Text is kept as typed; a linked file becomes a mention of its path
 * (the model reads it with its tools); an embedded resource (a file or
 * selection the editor attached) is included in full, marked with where it
 * came from. Audio is refused: weft does not advertise it.
 */
import type { ContentBlock } from "@agentclientprotocol/sdk";
import type { ImageContent } from "../../kernel/messages.js";

export interface PromptInput {
	text: string;
	images: ImageContent[];
}

/** A `file://` URI as a path; any other URI as it is. */
export function uriToPath(uri: string): string {
	if (!uri.startsWith("file://")) return uri;
	try {
		return decodeURIComponent(new URL(uri).pathname);
	} catch {
		return uri;
	}
}

export function promptInput(blocks: readonly ContentBlock[]): PromptInput {
	const parts: string[] = [];
	const images: ImageContent[] = [];
	for (const block of blocks) {
		switch (block.type) {
			case "text":
				parts.push(block.text);
				break;
			case "image":
				images.push({ type: "image", data: block.data, mimeType: block.mimeType });
				break;
			case "resource_link":
				parts.push(`@${uriToPath(block.uri)}`);
				break;
			case "resource": {
				const { resource } = block;
				if ("text" in resource)
					parts.push(`\n<context ref="${uriToPath(resource.uri)}">\n${resource.text}\n</context>\n`);
				else parts.push(`@${uriToPath(resource.uri)}`);
				break;
			}
			case "audio":
				throw new Error(
					"weft does not take audio in prompts (it does not advertise promptCapabilities.audio)",
				);
		}
	}
	// Editors split "look at @file please" into text, link, text: the pieces join as typed.
	return { text: parts.join("").trim(), images };
}
