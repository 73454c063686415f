/** How the built-in commands write sizes, prices and ages in pickers and views. */
import type { ModelInfo } from "../../../kernel/provider.js";

/** 200000 → "200k", 1048576 → "1M". */
export function formatTokens(count: number): string {
	if (count >= 1_000_000) return `${trimZero(count / 1_000_000)}M`;
	if (count >= 1_000) return `${Math.round(count / 1_000)}k`;
	return String(count);
}

function trimZero(value: number): string {
	return (Math.round(value * 10) / 10).toString();
}

/** "Claude Sonnet 4.6 · 1M context · $3 in / $15 out per M tokens", leaving out what is unknown. */
export function describeModel(model: ModelInfo): string {
	const parts: string[] = [];
	if (model.name && model.name !== model.id) parts.push(model.name);
	if (model.contextWindow > 0) parts.push(`${formatTokens(model.contextWindow)} context`);
	if (model.cost.input > 0 || model.cost.output > 0) {
		parts.push(`$${model.cost.input} in / $${model.cost.output} out per M tokens`);
	}
	return parts.join(" · ");
}

/** "just now", "5 min ago", "3 h ago", "yesterday", "4 days ago", then the date. */
export function relativeAge(then: Date, now: number = Date.now()): string {
	const minutes = Math.floor(Math.max(0, now - then.getTime()) / 60_000);
	if (minutes < 1) return "just now";
	if (minutes < 60) return `${minutes} min ago`;
	const hours = Math.floor(minutes / 60);
	if (hours < 24) return `${hours} h ago`;
	const days = Math.floor(hours / 24);
	if (days === 1) return "yesterday";
	if (days < 30) return `${days} days ago`;
	return then.toISOString().slice(0, 10);
}

/** `count` and the noun, plural unless one: "1 message", "3 messages". */
export function plural(count: number, noun: string): string {
	return `${count} ${noun}${count === 1 ? "" : "s"}`;
}
