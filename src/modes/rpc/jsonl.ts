/**
 * The RPC wire's framing, shared by `weft --mode rpc` and its Node client:
 * one JSON value per line, LF the only delimiter. Node's `readline` is not
 * used because it also splits on U+2028 and U+2029, which JSON strings may
 * hold unescaped; a trailing CR is dropped so CRLF writers work too.
 */
import { StringDecoder } from "node:string_decoder";

/** Calls `onLine` with each complete line of `stream` (and a last unterminated one at its end); returns a detach function. */
export function readJsonLines(stream: NodeJS.ReadableStream, onLine: (line: string) => void): () => void {
	const decoder = new StringDecoder("utf8");
	let buffer = "";
	const emit = (line: string) => onLine(line.endsWith("\r") ? line.slice(0, -1) : line);
	const onData = (chunk: Buffer | string) => {
		buffer += typeof chunk === "string" ? chunk : decoder.write(chunk);
		let newline = buffer.indexOf("\n");
		while (newline !== -1) {
			const line = buffer.slice(0, newline);
			buffer = buffer.slice(newline + 1);
			emit(line);
			newline = buffer.indexOf("\n");
		}
	};
	const onEnd = () => {
		buffer += decoder.end();
		if (buffer.length > 0) emit(buffer);
		buffer = "";
	};
	stream.on("data", onData);
	stream.on("end", onEnd);
	return () => {
		stream.off("data", onData);
		stream.off("end", onEnd);
	};
}

/** One record: the value as JSON and a LF. JSON.stringify escapes every control character, so the record is one line. */
export function jsonLine(value: unknown): string {
	return `${JSON.stringify(value)}\n`;
}
