/**
 * redact-secrets — keeps API keys and passwords that tools come across out
 * of what the model is sent, and out of what is shown on screen.
 *
 * Shows: the `tool_result` chain rewriting a result's content (the model
 * only ever sees the redacted text), and the `assistant_message` gate
 * rewriting displayed text (display only: the session keeps the original).
 *
 * Try:  weft -e examples/extensions/redact-secrets -p "show me the .env file"
 */
import type { ExtensionAPI } from "weft";

/** Secret shapes, each with the label put in its place. */
const PATTERNS: ReadonlyArray<[RegExp, string]> = [
	[/\bsk-(?:ant-|proj-)?[A-Za-z0-9_-]{20,}/g, "api-key"],
	[/\bAKIA[0-9A-Z]{16}\b/g, "aws-access-key"],
	[/\bgh[pousr]_[A-Za-z0-9]{36,}\b/g, "github-token"],
	[/\bxox[abprs]-[A-Za-z0-9-]{10,}/g, "slack-token"],
	[/\bAIza[0-9A-Za-z_-]{35}\b/g, "google-api-key"],
	[/-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?-----END [A-Z ]*PRIVATE KEY-----/g, "private-key"],
];

/** `NAME=value` / `name: value` where the name says it is secret; the name is kept. */
const ASSIGNMENT =
	/\b([A-Za-z0-9_]*(?:api[_-]?key|secret|token|password|passwd)[A-Za-z0-9_]*)(["']?\s*[:=]\s*["']?)([^\s"',]{6,})/gi;

/** The text with every secret replaced by `[REDACTED:kind]`, and how many were replaced. */
export function redact(text: string): { text: string; count: number } {
	let count = 0;
	let out = text;
	for (const [pattern, label] of PATTERNS) {
		out = out.replace(pattern, () => {
			count++;
			return `[REDACTED:${label}]`;
		});
	}
	out = out.replace(ASSIGNMENT, (whole, name: string, separator: string, value: string) => {
		if (value.startsWith("[REDACTED")) return whole;
		count++;
		return `${name}${separator}[REDACTED:secret]`;
	});
	return { text: out, count };
}

export default function redactSecrets(weft: ExtensionAPI) {
	weft.on("tool_result", (event) => {
		let total = 0;
		const content = event.content.map((block) => {
			if (block.type !== "text") return block;
			const { text, count } = redact(block.text);
			total += count;
			return { ...block, text };
		});
		if (total === 0) return;
		weft.log(`redacted ${total} secret(s) from a ${event.name} result`);
		return { content };
	});

	weft.on("assistant_message", (event) => {
		const { text, count } = redact(event.text);
		return count > 0 ? { text } : undefined;
	});
}
