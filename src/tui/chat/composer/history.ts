/**
 * Prompt history for Up/Down in the composer, kept in a JSONL file (one
 * `{"text": …}` per line) so it survives restarts. The file is read on first
 * use, appended to per entry, and compacted when it grows well past the
 * limit. A missing or partly corrupt file costs only the unreadable lines.
 * It holds everything the user typed, so it is readable by the user only
 * (mode 0600; a file an older weft left wider is narrowed on the first write).
 */
import { appendFileSync, chmodSync, existsSync, mkdirSync, readFileSync, statSync } from "node:fs";
import { dirname } from "node:path";
import { writeFileAtomic } from "../../../base/atomic-write.js";

const PRIVATE = 0o600;

export class ComposerHistory {
	private entries: string[] | undefined;
	/** Index into entries while browsing; entries.length means "the draft". */
	private index: number | undefined;
	private draft = "";
	private fileLines = 0;
	private narrowed = false;
	/** The last failure to write the file; history still works in memory. */
	persistError: Error | undefined;

	constructor(
		private readonly file?: string,
		private readonly limit = 500,
	) {}

	/** Oldest first. */
	list(): readonly string[] {
		return this.load();
	}

	/** Records a sent prompt (not twice in a row) and stops browsing. */
	add(text: string): void {
		this.reset();
		if (text.trim() === "") return;
		const entries = this.load();
		if (entries[entries.length - 1] === text) return;
		entries.push(text);
		if (entries.length > this.limit) entries.splice(0, entries.length - this.limit);
		this.persist(text);
	}

	/** One entry further back; the first step remembers `current` as the draft. Undefined at the oldest. */
	previous(current: string): string | undefined {
		const entries = this.load();
		if (this.index === undefined) {
			if (entries.length === 0) return undefined;
			this.draft = current;
			this.index = entries.length;
		}
		if (this.index === 0) return undefined;
		this.index--;
		return entries[this.index];
	}

	/** One entry forward; past the newest, the draft comes back and browsing ends. Undefined when not browsing. */
	next(): string | undefined {
		if (this.index === undefined) return undefined;
		const entries = this.load();
		this.index++;
		if (this.index < entries.length) return entries[this.index];
		const draft = this.draft;
		this.reset();
		return draft;
	}

	get browsing(): boolean {
		return this.index !== undefined;
	}

	reset(): void {
		this.index = undefined;
		this.draft = "";
	}

	private load(): string[] {
		if (this.entries) return this.entries;
		this.entries = [];
		if (!this.file || !existsSync(this.file)) return this.entries;
		let content: string;
		try {
			content = readFileSync(this.file, "utf8");
		} catch {
			return this.entries;
		}
		for (const line of content.split("\n")) {
			if (line.trim() === "") continue;
			this.fileLines++;
			const text = parseEntry(line);
			if (text !== undefined) this.entries.push(text);
		}
		if (this.entries.length > this.limit) this.entries.splice(0, this.entries.length - this.limit);
		return this.entries;
	}

	private persist(text: string): void {
		if (!this.file) return;
		try {
			mkdirSync(dirname(this.file), { recursive: true });
			if (!this.narrowed && existsSync(this.file) && (statSync(this.file).mode & 0o077) !== 0)
				chmodSync(this.file, PRIVATE);
			this.narrowed = true;
			if (this.fileLines + 1 > this.limit * 2) {
				// Rewrite with only what is kept, so the file does not grow forever.
				writeFileAtomic(this.file, this.load().map(serialize).join(""), PRIVATE);
				this.fileLines = this.load().length;
			} else {
				appendFileSync(this.file, serialize(text), { mode: PRIVATE });
				this.fileLines++;
			}
			this.persistError = undefined;
		} catch (error) {
			this.persistError = new Error(
				`Could not save prompt history to ${this.file}: ${(error as Error).message}`,
			);
		}
	}
}

function serialize(text: string): string {
	return `${JSON.stringify({ text })}\n`;
}

function parseEntry(line: string): string | undefined {
	try {
		const value: unknown = JSON.parse(line);
		if (typeof value === "string") return value;
		if (value && typeof value === "object" && typeof (value as { text?: unknown }).text === "string")
			return (value as { text: string }).text;
	} catch {
		// A torn or hand-edited line: skip it, keep the rest.
	}
	return undefined;
}
