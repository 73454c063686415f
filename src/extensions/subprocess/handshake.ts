/**
 * The start of a subprocess extension: its first line must be a `hello`
 * with a name; then it registers until it sends `ready` or falls silent for
 * 250 ms; and all of that must happen within the start-up limit (every
 * extension starts in parallel, so this bounds the whole start-up).
 */
import { type Frame, type ProtocolVersion, str, strings } from "./protocol.js";

export interface Hello {
	name: string;
	version?: string;
	capabilities: string[];
	/** v2 when the child says `"protocol": 2` (or more); v1 children never say. */
	protocol: ProtocolVersion;
}

/** The hello a first frame carries, or why that frame is not one. */
export function readHello(frame: Frame): Hello | string {
	if (frame.type !== "hello")
		return `its first line must be a "hello" frame, but it was a "${frame.type}" frame`;
	const name = str(frame, "name")?.trim();
	if (!name) return 'its "hello" has no "name"';
	return {
		name,
		version: str(frame, "version"),
		capabilities: strings(frame, "capabilities") ?? [],
		protocol: typeof frame.protocol === "number" && frame.protocol >= 2 ? 2 : 1,
	};
}

/** The wait for one extension to become ready: resolves with undefined, or with why it did not start. */
export class StartupWait {
	readonly done: Promise<string | undefined>;
	private resolve!: (reason: string | undefined) => void;
	private readonly limit: NodeJS.Timeout;
	private silence: NodeJS.Timeout | undefined;
	private open = true;

	/** `onLimit` runs when the start-up limit passes first. */
	constructor(limitMs: number, onLimit: () => void) {
		this.done = new Promise((resolve) => {
			this.resolve = resolve;
		});
		this.limit = setTimeout(onLimit, limitMs);
		this.limit.unref();
	}

	get waiting(): boolean {
		return this.open;
	}

	/** Calls `onQuiet` after `ms` without another call to this (each frame during registration restarts it). */
	quietFor(ms: number, onQuiet: () => void): void {
		if (!this.open) return;
		if (this.silence) {
			this.silence.refresh();
			return;
		}
		this.silence = setTimeout(onQuiet, ms);
		this.silence.unref();
	}

	/** Ready (no reason) or failed; later calls do nothing. */
	end(reason: string | undefined): void {
		if (!this.open) return;
		this.open = false;
		clearTimeout(this.limit);
		if (this.silence) clearTimeout(this.silence);
		this.resolve(reason);
	}
}
