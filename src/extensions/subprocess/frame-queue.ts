/**
 * The one ordered write queue of an extension: every frame for it goes
 * through `send`, in the order things happened, so it sees events in that
 * order. The stream's own buffer is the queue; what this adds is a bound on
 * it (a child that stops reading its input loses frames, reported once,
 * instead of growing weft's memory without limit) and safe behaviour after
 * the child is gone.
 */
import type { Writable } from "node:stream";

/** Unread bytes allowed before frames are dropped. */
const MAX_QUEUED_BYTES = 16 * 1024 * 1024;

export interface FrameQueueEvents {
	/** The child stopped reading: frames are being dropped (called once). */
	overflow(queuedBytes: number): void;
	/** A frame could not be serialised (a payload with a cycle or a BigInt). */
	unserializable(type: string, error: Error): void;
}

export class FrameQueue {
	private closed = false;
	private overflowed = false;
	/** Frames dropped because the child was not reading. */
	dropped = 0;

	constructor(
		private readonly stream: Writable,
		private readonly events: FrameQueueEvents,
		private readonly maxQueuedBytes = MAX_QUEUED_BYTES,
	) {
		// A child that exits closes its stdin under us; the exit is reported elsewhere.
		stream.on("error", () => {
			this.closed = true;
		});
	}

	get open(): boolean {
		return !this.closed && this.stream.writable && !this.stream.destroyed;
	}

	/** Writes one frame as one line; false when it was not written. */
	send(frame: { type: string; [key: string]: unknown }): boolean {
		if (!this.open) return false;
		if (this.stream.writableLength > this.maxQueuedBytes) {
			this.dropped++;
			if (!this.overflowed) {
				this.overflowed = true;
				this.events.overflow(this.stream.writableLength);
			}
			return false;
		}
		let line: string;
		try {
			line = `${JSON.stringify(frame)}\n`;
		} catch (error) {
			this.events.unserializable(frame.type, error as Error);
			return false;
		}
		if (this.overflowed && this.stream.writableLength === 0) this.overflowed = false;
		this.stream.write(line);
		return true;
	}

	/** Closes the child's input once what is queued has been written. */
	end(): void {
		if (this.closed) return;
		this.closed = true;
		if (this.stream.writable) this.stream.end();
	}
}
