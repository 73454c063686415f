/** Tells images, binary files and text apart from a file's first bytes. */

export type FileKind = { kind: "image"; mimeType: string } | { kind: "binary" } | { kind: "text" };

/** How many leading bytes `sniffFileKind` needs to decide. */
export const SNIFF_BYTES = 8192;

const IMAGE_SIGNATURES: ReadonlyArray<{ mimeType: string; matches: (b: Uint8Array) => boolean }> = [
	{ mimeType: "image/png", matches: (b) => startsWith(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]) },
	{ mimeType: "image/jpeg", matches: (b) => startsWith(b, [0xff, 0xd8, 0xff]) },
	{ mimeType: "image/gif", matches: (b) => ascii(b, 0, 6) === "GIF87a" || ascii(b, 0, 6) === "GIF89a" },
	{ mimeType: "image/webp", matches: (b) => ascii(b, 0, 4) === "RIFF" && ascii(b, 8, 12) === "WEBP" },
];

/** Classifies a file by its first bytes (pass up to SNIFF_BYTES): magic numbers for images, NUL bytes or invalid UTF-8 for binary. */
export function sniffFileKind(head: Uint8Array): FileKind {
	for (const signature of IMAGE_SIGNATURES) {
		if (signature.matches(head)) return { kind: "image", mimeType: signature.mimeType };
	}
	if (head.includes(0)) return { kind: "binary" };
	try {
		// `stream: true` tolerates a multi-byte character cut off at the end of the sample.
		new TextDecoder("utf-8", { fatal: true }).decode(head, { stream: true });
	} catch {
		return { kind: "binary" };
	}
	return { kind: "text" };
}

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
	return prefix.every((value, i) => bytes[i] === value);
}

function ascii(bytes: Uint8Array, start: number, end: number): string {
	return String.fromCharCode(...bytes.subarray(start, end));
}
