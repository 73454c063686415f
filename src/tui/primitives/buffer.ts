/**
 * Buffers: named content the UI shows — lines (the composer, the status
 * line) or blocks (the transcript, thinking, tool calls) — with metadata and
 * namespaced annotations (marks, highlights) that extensions attach without
 * stepping on each other. Every change bumps a version and tells listeners,
 * so windows re-render only buffers that changed.
 */
import { BUILTIN_OWNER } from "../../kernel/owner.js";
import type { UIAnnotationRange, UIBlock, UIBuffer } from "../../kernel/ui-surface.js";
import type { Style } from "../theme/style.js";

export type BufferKind = UIBuffer["kind"];

export type Block = UIBlock;

export type AnnotationRange = UIAnnotationRange;

export interface Annotation {
	readonly id: number;
	readonly namespace: string;
	/** "mark" (a point), "highlight" (a range), or a kind the namespace defines. */
	kind: string;
	/** Where, in a line buffer. Annotations move with the lines they are on. */
	range?: AnnotationRange;
	/** Which block, in a block buffer. */
	block?: string;
	style?: Style;
	data?: unknown;
}

export type BufferChange =
	| { type: "lines"; start: number; removed: number; inserted: number }
	| { type: "blocks"; action: "append" | "update" | "remove" | "clear"; id?: string }
	| { type: "meta"; key: string }
	| { type: "annotations"; namespace: string };

export type BufferListener = (change: BufferChange, buffer: ContentBuffer) => void;

/** How many blocks `recentBlocks` hands out at most: extensions read a bounded snapshot. */
export const RECENT_BLOCKS_LIMIT = 200;

export class ContentBuffer implements UIBuffer {
	private lines: string[] = [""];
	private blockList: Block[] = [];
	private readonly meta = new Map<string, unknown>();
	private annotationList: Annotation[] = [];
	private readonly listeners = new Set<BufferListener>();
	private nextAnnotation = 1;
	private changes = 0;

	constructor(
		readonly name: string,
		readonly kind: BufferKind,
		readonly owner: string,
	) {}

	/** Increases with every change; equal versions mean equal content. */
	get version(): number {
		return this.changes;
	}

	onChange(listener: BufferListener): () => void {
		this.listeners.add(listener);
		return () => this.listeners.delete(listener);
	}

	// Lines

	get lineCount(): number {
		this.expect("lines", "lineCount");
		return this.lines.length;
	}

	getLines(start = 0, end?: number): string[] {
		this.expect("lines", "getLines");
		return this.lines.slice(start, end);
	}

	getText(): string {
		this.expect("lines", "getText");
		return this.lines.join("\n");
	}

	setText(text: string): void {
		this.setLines(0, this.lines.length, text.split("\n"));
	}

	/** Replaces lines [start, end) with `replacement` (Neovim's nvim_buf_set_lines). A buffer always has one line at least. */
	setLines(start: number, end: number, replacement: readonly string[]): void {
		this.expect("lines", "setLines");
		const from = clampIndex(start, this.lines.length);
		const to = Math.max(from, clampIndex(end, this.lines.length));
		this.lines.splice(from, to - from, ...replacement);
		if (this.lines.length === 0) this.lines.push("");
		this.shiftAnnotations(from, to, replacement.length);
		this.changed({ type: "lines", start: from, removed: to - from, inserted: replacement.length });
	}

	// Blocks

	blocks(): readonly Block[] {
		this.expect("blocks", "blocks");
		return this.blockList;
	}

	block(id: string): Block | undefined {
		return this.blockList.find((b) => b.id === id);
	}

	/** The last `limit` blocks (at most RECENT_BLOCKS_LIMIT), as copies the caller may keep. */
	recentBlocks(limit = 50): Block[] {
		this.expect("blocks", "recentBlocks");
		const count = Math.max(0, Math.min(limit, RECENT_BLOCKS_LIMIT));
		return this.blockList.slice(this.blockList.length - count).map((b) => structuredClone(b));
	}

	appendBlock(block: Block): void {
		this.expect("blocks", "appendBlock");
		if (this.block(block.id)) throw new Error(`buffer "${this.name}" already has a block "${block.id}"`);
		this.blockList.push({ ...block });
		this.changed({ type: "blocks", action: "append", id: block.id });
	}

	updateBlock(id: string, patch: Partial<Omit<Block, "id">>): void {
		this.expect("blocks", "updateBlock");
		const index = this.blockList.findIndex((b) => b.id === id);
		if (index < 0) throw new Error(`buffer "${this.name}" has no block "${id}"`);
		this.blockList[index] = { ...this.blockList[index], ...patch, id };
		this.changed({ type: "blocks", action: "update", id });
	}

	removeBlock(id: string): boolean {
		this.expect("blocks", "removeBlock");
		const index = this.blockList.findIndex((b) => b.id === id);
		if (index < 0) return false;
		this.blockList.splice(index, 1);
		this.annotationList = this.annotationList.filter((a) => a.block !== id);
		this.changed({ type: "blocks", action: "remove", id });
		return true;
	}

	clearBlocks(): void {
		this.expect("blocks", "clearBlocks");
		this.blockList = [];
		this.annotationList = this.annotationList.filter((a) => a.block === undefined);
		this.changed({ type: "blocks", action: "clear" });
	}

	// Metadata

	getMeta(key: string): unknown {
		return this.meta.get(key);
	}

	/** Sets a metadata value; undefined deletes it. */
	setMeta(key: string, value: unknown): void {
		if (value === undefined) this.meta.delete(key);
		else this.meta.set(key, value);
		this.changed({ type: "meta", key });
	}

	// Annotations

	/** Adds an annotation in `namespace`; returns its id. */
	annotate(namespace: string, annotation: Omit<Annotation, "id" | "namespace">): number {
		if (!namespace) throw new Error(`annotations on buffer "${this.name}" need a namespace`);
		const id = this.nextAnnotation++;
		this.annotationList.push({ ...annotation, id, namespace });
		this.changed({ type: "annotations", namespace });
		return id;
	}

	/** Annotations, in the order they were added; only `namespace`'s when given. */
	annotations(namespace?: string): Annotation[] {
		return namespace === undefined
			? [...this.annotationList]
			: this.annotationList.filter((a) => a.namespace === namespace);
	}

	/** Removes a namespace's annotations (on lines [start, end) only, when given); returns how many. */
	clearAnnotations(namespace: string, lines?: { start: number; end: number }): number {
		const before = this.annotationList.length;
		this.annotationList = this.annotationList.filter(
			(a) =>
				a.namespace !== namespace ||
				(lines !== undefined && (!a.range || a.range.line < lines.start || a.range.line >= lines.end)),
		);
		const removed = before - this.annotationList.length;
		if (removed > 0) this.changed({ type: "annotations", namespace });
		return removed;
	}

	private shiftAnnotations(start: number, end: number, inserted: number): void {
		const delta = inserted - (end - start);
		this.annotationList = this.annotationList.filter((a) => {
			if (!a.range) return true;
			const last = a.range.endLine ?? a.range.line;
			// Annotations on replaced lines go with them; a range that spans the edit keeps its ends.
			if (a.range.line >= start && last < end && end > start) return false;
			if (a.range.line >= end) a.range = { ...a.range, line: a.range.line + delta };
			if (a.range.endLine !== undefined && a.range.endLine >= end) {
				a.range = { ...a.range, endLine: a.range.endLine + delta };
			}
			return true;
		});
	}

	private expect(kind: BufferKind, method: string): void {
		if (this.kind !== kind) {
			throw new Error(`buffer "${this.name}" holds ${this.kind}; ${method}() works on a buffer of ${kind}`);
		}
	}

	private changed(change: BufferChange): void {
		this.changes++;
		for (const listener of this.listeners) listener(change, this);
	}
}

function clampIndex(index: number, length: number): number {
	const i = index < 0 ? length + 1 + index : index;
	return Math.min(Math.max(0, i), length);
}

/** The stock buffers: the editable composer, the status line, and the transcript's parts. */
export const STOCK_BUFFERS: ReadonlyArray<{ name: string; kind: BufferKind }> = [
	{ name: "composer", kind: "lines" },
	{ name: "status", kind: "lines" },
	{ name: "transcript", kind: "blocks" },
	{ name: "thinking", kind: "blocks" },
	{ name: "tools", kind: "blocks" },
];

export class BufferRegistry {
	private readonly buffers = new Map<string, ContentBuffer>();

	/** A registry holding the stock buffers, owned by `owner`. */
	static withStockBuffers(owner = BUILTIN_OWNER): BufferRegistry {
		const registry = new BufferRegistry();
		for (const { name, kind } of STOCK_BUFFERS) registry.create(name, kind, owner);
		return registry;
	}

	create(name: string, kind: BufferKind, owner: string): ContentBuffer {
		const existing = this.buffers.get(name);
		if (existing) throw new Error(`a buffer named "${name}" already exists (created by ${existing.owner})`);
		const buffer = new ContentBuffer(name, kind, owner);
		this.buffers.set(name, buffer);
		return buffer;
	}

	get(name: string): ContentBuffer | undefined {
		return this.buffers.get(name);
	}

	list(): ContentBuffer[] {
		return [...this.buffers.values()];
	}

	remove(name: string): boolean {
		return this.buffers.delete(name);
	}

	/** Removes every buffer `owner` created (an extension unloading). */
	removeOwner(owner: string): number {
		let removed = 0;
		for (const [name, buffer] of this.buffers) {
			if (buffer.owner === owner) {
				this.buffers.delete(name);
				removed++;
			}
		}
		return removed;
	}
}
