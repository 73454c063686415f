/**
 * Output limits shared by the tools, so the model never receives more than a
 * bounded amount of text from one call, and always learns what was left out.
 */

export interface TruncationLimits {
	maxLines: number;
	maxBytes: number;
}

export interface TruncatedText {
	text: string;
	/** Lines kept (a partial line counts as one). */
	lines: number;
	truncated: boolean;
}

/**
 * Cuts a single line to `maxChars`, saying how much was dropped. `fullLength`
 * is the line's real length when the caller only kept its start.
 */
export function cutLine(line: string, maxChars: number, fullLength: number = line.length): string {
	if (fullLength <= maxChars) return line;
	return `${line.slice(0, maxChars)}… [line cut, ${fullLength - maxChars} more chars]`;
}

/** Number of lines in `text`; a trailing newline does not start a new line. */
export function countLines(text: string): number {
	if (text === "") return 0;
	let count = 0;
	for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) count++;
	return text.endsWith("\n") ? count : count + 1;
}

/** Keeps whole lines from the start of `text` within both limits (a first line alone over the byte limit is cut). */
export function takeHead(text: string, limits: TruncationLimits): TruncatedText {
	let end = 0;
	let bytes = 0;
	let lines = 0;
	while (end < text.length && lines < limits.maxLines) {
		const newline = text.indexOf("\n", end);
		const lineEnd = newline === -1 ? text.length : newline + 1;
		const lineBytes = Buffer.byteLength(text.slice(end, lineEnd));
		if (bytes + lineBytes > limits.maxBytes) {
			if (lines === 0)
				return {
					text: sliceBytes(text.slice(0, lineEnd), limits.maxBytes, "start"),
					lines: 1,
					truncated: true,
				};
			break;
		}
		bytes += lineBytes;
		lines++;
		end = lineEnd;
	}
	return { text: text.slice(0, end), lines, truncated: end < text.length };
}

/** Keeps whole lines from the end of `text` within both limits (a last line alone over the byte limit is cut). */
export function takeTail(text: string, limits: TruncationLimits): TruncatedText {
	let start = text.length;
	let bytes = 0;
	let lines = 0;
	while (start > 0 && lines < limits.maxLines) {
		// The newline ending the previous line belongs to it, so search before our own terminator.
		const newline = text.lastIndexOf("\n", start - 2);
		const lineStart = newline === -1 ? 0 : newline + 1;
		const lineBytes = Buffer.byteLength(text.slice(lineStart, start));
		if (bytes + lineBytes > limits.maxBytes) {
			if (lines === 0)
				return { text: sliceBytes(text.slice(lineStart), limits.maxBytes, "end"), lines: 1, truncated: true };
			break;
		}
		bytes += lineBytes;
		lines++;
		start = lineStart;
	}
	return { text: text.slice(start), lines, truncated: start > 0 };
}

/** "512 B", "12.3 KB", "4.5 MB". */
export function formatSize(bytes: number): string {
	if (bytes < 1024) return `${bytes} B`;
	if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
	return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

function sliceBytes(text: string, maxBytes: number, keep: "start" | "end"): string {
	const buffer = Buffer.from(text);
	const part = keep === "start" ? buffer.subarray(0, maxBytes) : buffer.subarray(buffer.length - maxBytes);
	// A cut through a multi-byte character decodes to U+FFFD; drop it rather than show garbage.
	return part.toString("utf8").replace(keep === "start" ? /\uFFFD+$/ : /^\uFFFD+/, "");
}
