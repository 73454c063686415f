/**
 * The session store: an append-only JSONL file holding a tree of entries.
 * Every append is written synchronously before `append` returns, so a process
 * killed right after loses nothing it appended; an answer that is still
 * streaming is written as checkpoints. Branching only moves the leaf in
 * memory; the file is never rewritten. Loading a file left by a killed weft
 * appends what the conversation needs to go on (session-recovery.ts).
 *
 * The file is created when the first `message` entry is appended: entries
 * before it (model or thinking changes, extension state) are held in memory and
 * written together with the header then, so sessions where nothing was said
 * leave no empty files behind.
 */
import { randomBytes, randomUUID } from "node:crypto";
import { appendFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { errorMessage } from "../base/error-message.js";
import type { Message } from "../kernel/messages.js";
import type { ThinkingLevel } from "../kernel/provider.js";
import { branchSummaryMessage, compactionSummaryMessage } from "./compaction/summary-message.js";
import { repairConversation } from "./conversation-repair.js";
import {
	type CompactionEntry,
	createHeader,
	type EntryFor,
	isKnownEntry,
	type KnownEntry,
	type NewEntry,
	type PartialContent,
	type PartialEntry,
	parseSessionText,
	type SessionEntry,
	SessionFileError,
	type SessionHeader,
	type SessionWarning,
} from "./session-entries.js";
import {
	findLatestSession,
	findSessionById,
	listSessions,
	projectSessionDir,
	type SessionInfo,
	sessionFileName,
	sessionsByRecency,
} from "./session-list.js";
import { planRecovery } from "./session-recovery.js";

export interface CreateSessionOptions {
	/** weft's home directory (`~/.weft` or WEFT_HOME). */
	home: string;
	cwd: string;
	/** False for --no-session: everything stays in memory and no file is ever written. */
	persist: boolean;
	/** The session this one continues (its file, as pi records it): `new_session`'s and pi's `newSession`'s `parentSession`. */
	parentSession?: string;
}

export interface OpenSessionOptions {
	/** False to read the file but never write to it (repairs after a crash are then made in memory only). */
	persist: boolean;
}

/** One checkpoint of an answer still streaming (see PartialEntry). */
export interface Checkpoint {
	answerId: string;
	/** The entry the answer follows. */
	parentId: string | null;
	provider: string;
	model: string;
	/** What arrived since the previous checkpoint of this answer. */
	content: PartialContent[];
}

/** The conversation along the current branch, as the agent loop needs it. */
export interface SessionContext {
	messages: Message[];
	/** The latest model on the branch: a model_change entry or the model that wrote an assistant message. */
	model?: { provider: string; model: string };
	thinkingLevel?: ThinkingLevel;
}

export type AppendListener = (entry: KnownEntry) => void;

type WriteState =
	/** In memory only. */
	| { kind: "memory" }
	/** The file does not exist yet; these lines are written with the header on the first message. */
	| { kind: "pending"; lines: string[] }
	/** The file exists; `freshLine` is false when it does not end with a newline. */
	| { kind: "open"; freshLine: boolean };

export class SessionStore {
	readonly header: SessionHeader;
	/** The session file; undefined when the session is in memory only. */
	readonly file: string | undefined;
	/** Lines skipped while loading, each naming the file and line. */
	readonly warnings: readonly SessionWarning[];
	/** What loading added after a kill or crash (interrupted tool calls, a cut-off answer), one line each. */
	readonly repairs: string[] = [];
	private readonly all: SessionEntry[];
	private readonly byId = new Map<string, SessionEntry>();
	/** Ids handed out for entries not yet appended (an answer's message, named by its checkpoints). */
	private readonly reserved = new Set<string>();
	private readonly listeners = new Set<AppendListener>();
	private leaf: string | null;
	private write: WriteState;

	private constructor(
		header: SessionHeader,
		file: string | undefined,
		entries: SessionEntry[],
		warnings: SessionWarning[],
		write: WriteState,
	) {
		this.header = header;
		this.file = file;
		this.all = entries;
		this.warnings = warnings;
		this.write = write;
		for (const entry of entries) this.byId.set(entry.id, entry);
		// On load the leaf is the last entry written: where the conversation left off.
		this.leaf = entries.at(-1)?.id ?? null;
	}

	/** False when entries are kept in memory only (`--no-session`, a read-only open): nothing is written. */
	get persists(): boolean {
		return this.write.kind !== "memory";
	}

	static create(options: CreateSessionOptions): SessionStore {
		const cwd = resolve(options.cwd);
		const header = createHeader(randomUUID(), cwd, new Date(), options.parentSession);
		if (!options.persist) return new SessionStore(header, undefined, [], [], { kind: "memory" });
		const file = join(projectSessionDir(options.home, cwd), sessionFileName(header));
		return new SessionStore(header, file, [], [], { kind: "pending", lines: [] });
	}

	/** Loads an existing file. Throws SessionFileError when it has no valid header. */
	static open(file: string, options: OpenSessionOptions): SessionStore {
		const path = resolve(file);
		let text: string;
		try {
			text = readFileSync(path, "utf8");
		} catch (error) {
			const code = (error as NodeJS.ErrnoException).code;
			const reason =
				code === "ENOENT" ? "it does not exist" : `it cannot be read (${(error as Error).message})`;
			throw new SessionFileError(path, `Cannot open session ${path}: ${reason}.`, reason);
		}
		const parsed = parseSessionText(text, path);
		const write: WriteState = options.persist
			? { kind: "open", freshLine: parsed.endsWithNewline }
			: { kind: "memory" };
		const store = new SessionStore(parsed.header, path, parsed.entries, parsed.warnings, write);
		store.recover(parsed.checkpoints);
		return store;
	}

	/** The most recently modified session of the project in `cwd` (for --continue). */
	static findLatest(options: { home: string; cwd: string }): string | undefined {
		return findLatestSession(options);
	}

	/** This project's session files, most recently modified first. */
	static byRecency(options: { home: string; cwd: string }): string[] {
		return sessionsByRecency(options);
	}

	/** A session by full id or unique prefix, this project first (for --resume). Throws if ambiguous. */
	static findById(options: { home: string; cwd?: string; id: string }): string | undefined {
		return findSessionById(options);
	}

	/** Sessions of the project in `cwd` (all projects if omitted), newest first. */
	static list(options: { home: string; cwd?: string }): SessionInfo[] {
		return listSessions(options);
	}

	get id(): string {
		return this.header.id;
	}

	/** The entry the next append will hang under; null before the first entry. */
	get leafId(): string | null {
		return this.leaf;
	}

	/** Every entry in file order, across all branches. */
	get entries(): readonly SessionEntry[] {
		return this.all;
	}

	getEntry(id: string): SessionEntry | undefined {
		return this.byId.get(id);
	}

	/** True when appends reach a file that exists (checkpoints are pointless otherwise). */
	get writesToFile(): boolean {
		return this.write.kind === "open";
	}

	/** An id no entry has, kept for a later `append(entry, id)`. */
	reserveId(): string {
		const id = this.newId();
		this.reserved.add(id);
		return id;
	}

	/**
	 * Adds an entry under the current leaf and makes it the leaf; written before
	 * this returns. `id` is one from `reserveId` (default: a fresh one).
	 */
	append<E extends NewEntry>(entry: E, id?: string): EntryFor<E> {
		if (id !== undefined && (!this.reserved.has(id) || this.byId.has(id))) {
			throw new Error(`Cannot append entry with id "${id}": it was not reserved or is already used.`);
		}
		const stored = {
			...entry,
			id: id ?? this.newId(),
			parentId: this.leaf,
			timestamp: new Date().toISOString(),
		} as unknown as EntryFor<E>;
		this.persist(stored);
		this.reserved.delete(stored.id);
		this.all.push(stored);
		this.byId.set(stored.id, stored);
		this.leaf = stored.id;
		// Listeners run after the write, so a throwing listener cannot lose the entry.
		for (const listener of this.listeners) listener(stored);
		return stored;
	}

	/**
	 * Writes a checkpoint of an answer still streaming. It is not an entry of
	 * the tree: the leaf stays, listeners are not told, and nothing is kept in
	 * memory. Written only once the file exists.
	 */
	checkpoint(checkpoint: Checkpoint): void {
		if (this.write.kind !== "open") return;
		const entry: PartialEntry = {
			type: "partial",
			id: this.newId(),
			parentId: checkpoint.parentId,
			timestamp: new Date().toISOString(),
			answerId: checkpoint.answerId,
			provider: checkpoint.provider,
			model: checkpoint.model,
			content: checkpoint.content,
		};
		this.persist(entry);
	}

	/** Moves the leaf so the next append starts a new branch after `fromEntryId` (null: a new root). */
	branch(fromEntryId: string | null): void {
		if (fromEntryId !== null && !this.byId.has(fromEntryId)) {
			throw new Error(`Cannot branch from entry "${fromEntryId}": session ${this.id} has no such entry.`);
		}
		this.leaf = fromEntryId;
	}

	/** The entries from the root to the current leaf. */
	pathToLeaf(): SessionEntry[] {
		const path: SessionEntry[] = [];
		let id = this.leaf;
		// Loading puts every parent before its child, so there is no cycle; the bound still stops one
		// rather than loop, and costs less than a set of visited ids (0.6 ms on a 10,000-entry branch).
		while (id !== null && path.length < this.byId.size) {
			const entry = this.byId.get(id);
			if (!entry) break;
			path.push(entry);
			id = entry.parentId;
		}
		return path.reverse();
	}

	/**
	 * The conversation (made valid for every provider), model and thinking
	 * level along the current branch. After a compaction on the branch the
	 * conversation is its summary, then the messages from its first kept entry
	 * on; a branch summary is a message where it hangs. One pass over the path.
	 */
	buildContext(): SessionContext {
		const context: SessionContext = { messages: [] };
		// The entry each message came from, to find the latest compaction's first kept one.
		const sources: string[] = [];
		let compaction: CompactionEntry | undefined;
		let messagesBeforeCompaction = 0;
		for (const entry of this.pathToLeaf()) {
			if (!isKnownEntry(entry)) continue;
			switch (entry.type) {
				case "message":
					context.messages.push(entry.message);
					sources.push(entry.id);
					if (entry.message.role === "assistant") {
						context.model = { provider: entry.message.provider, model: entry.message.model };
					}
					break;
				case "branch_summary":
					context.messages.push(branchSummaryMessage(entry.summary, Date.parse(entry.timestamp) || 0));
					sources.push(entry.id);
					break;
				case "compaction":
					compaction = entry;
					messagesBeforeCompaction = context.messages.length;
					break;
				case "model_change":
					context.model = { provider: entry.provider, model: entry.model };
					break;
				case "thinking_level":
					context.thinkingLevel = entry.level;
					break;
				case "custom":
				case "session_info":
				case "label":
				case "partial":
					break;
			}
		}
		if (compaction) {
			// A first kept entry missing from the branch (a hand-edited file) keeps only what follows the compaction.
			let kept = messagesBeforeCompaction;
			for (let i = messagesBeforeCompaction - 1; i >= 0; i--) {
				if (sources[i] === compaction.firstKeptEntryId) {
					kept = i;
					break;
				}
			}
			const summary = compactionSummaryMessage(compaction.summary, Date.parse(compaction.timestamp) || 0);
			context.messages = [summary, ...context.messages.slice(kept)];
		}
		const repaired = repairConversation(context.messages);
		if (repaired !== context.messages) context.messages = [...repaired];
		return context;
	}

	/** Calls `listener` after each append is written; returns a function that removes it. */
	onAppend(listener: AppendListener): () => void {
		this.listeners.add(listener);
		return () => this.listeners.delete(listener);
	}

	private newId(): string {
		let id: string;
		do id = randomBytes(4).toString("hex");
		while (this.byId.has(id) || this.reserved.has(id));
		return id;
	}

	/** Appends what a killed weft left undone on the current branch (in memory only when not persisting). */
	private recover(checkpoints: readonly PartialEntry[]): void {
		const plan = planRecovery(this.pathToLeaf(), checkpoints, (id) => this.byId.has(id), this.file!);
		for (const step of plan.steps) {
			if (step.id !== undefined) this.reserved.add(step.id);
			this.append({ type: "message", message: step.message }, step.id);
		}
		this.repairs.push(...plan.notes);
	}

	private persist(entry: KnownEntry): void {
		const line = `${JSON.stringify(entry)}\n`;
		const state = this.write;
		if (state.kind === "memory") return;
		if (state.kind === "pending") {
			if (entry.type !== "message") {
				state.lines.push(line);
				return;
			}
			const file = this.file!;
			const content = `${JSON.stringify(this.header)}\n${state.lines.join("")}${line}`;
			this.writeOrExplain(() => {
				mkdirSync(dirname(file), { recursive: true });
				// Conversations can hold secrets the user pasted: readable by the owner only. `wx`: never clobber.
				writeFileSync(file, content, { flag: "wx", mode: 0o600 });
			});
			this.write = { kind: "open", freshLine: true };
			return;
		}
		const prefix = state.freshLine ? "" : "\n";
		// A failed write may have left part of a line; start the next one fresh to keep it separate.
		state.freshLine = false;
		this.writeOrExplain(() => appendFileSync(this.file!, prefix + line));
		state.freshLine = true;
	}

	private writeOrExplain(write: () => void): void {
		try {
			write();
		} catch (error) {
			const reason = errorMessage(error);
			throw new Error(
				`Could not save to session file ${this.file}: ${reason}. Check free space and permissions, or run with --no-session.`,
			);
		}
	}
}
