/**
 * Raw input listeners (`ui.tui.onInput`): each key's bytes, and each paste
 * as the bracketed sequence the terminal sent, are offered to every listener
 * before weft acts on them — before the `key` event, overlays and keymaps. A
 * listener drops the input (`{ consume: true }`) or replaces it with other
 * bytes (`{ data }`), which are parsed as keys again and delivered without
 * being offered to listeners a second time. With no listeners nothing is
 * parsed twice: input goes straight on.
 */
import { errorMessage } from "../../base/error-message.js";
import type { TUIInputListener } from "../../kernel/ui-surface.js";
import type { Clock } from "../clock.js";
import type { InputEvent } from "../input/input-events.js";
import { KeyParser } from "../input/key-parser.js";

const PASTE_START = "\x1b[200~";
const PASTE_END = "\x1b[201~";

/** Replacement bytes are complete: a lone ESC in them is the Escape key, not the start of a sequence still arriving. */
const atOnce: Clock = {
	now: () => 0,
	setTimer(fn) {
		fn();
		return () => {};
	},
};

interface Entry {
	owner: string;
	listener: TUIInputListener;
}

export class InputListeners {
	private entries: Entry[] = [];
	private delivering = false;

	constructor(private readonly onError: (owner: string, message: string) => void) {}

	add(owner: string, listener: TUIInputListener): () => void {
		if (typeof listener !== "function")
			throw new Error("onInput needs a function (data) => { consume?, data? }");
		const entry = { owner, listener };
		this.entries.push(entry);
		return () => {
			this.entries = this.entries.filter((e) => e !== entry);
		};
	}

	removeOwner(owner: string): void {
		this.entries = this.entries.filter((e) => e.owner !== owner);
	}

	/**
	 * Offers `event` to the listeners and hands what is left to `deliver`;
	 * false when there was nothing to offer (no listeners, not user input, or
	 * input being delivered after a replacement), so the caller goes on as usual.
	 */
	intercept(event: InputEvent, deliver: (event: InputEvent) => void): boolean {
		if (this.entries.length === 0 || this.delivering) return false;
		const raw = rawOf(event);
		if (raw === undefined) return false;
		let data = raw;
		for (const { owner, listener } of [...this.entries]) {
			let result: ReturnType<TUIInputListener>;
			try {
				result = listener(data);
			} catch (error) {
				this.onError(owner, `its input listener failed: ${errorMessage(error)}`);
				continue;
			}
			if (result?.consume) return true;
			if (typeof result?.data === "string") data = result.data;
		}
		const events = data === raw ? [event] : parse(data);
		this.delivering = true;
		try {
			for (const next of events) deliver(next);
		} finally {
			this.delivering = false;
		}
		return true;
	}
}

function rawOf(event: InputEvent): string | undefined {
	if (event.type === "key") return event.raw;
	if (event.type === "paste") return PASTE_START + event.text + PASTE_END;
	return undefined;
}

function parse(data: string): InputEvent[] {
	const events: InputEvent[] = [];
	const parser = new KeyParser((event) => events.push(event), { clock: atOnce });
	parser.feed(data);
	parser.dispose();
	return events;
}
