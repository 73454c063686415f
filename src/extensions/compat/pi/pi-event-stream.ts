/**
 * pi-ai's event stream, as a provider extension builds its answer with it:
 * `createAssistantMessageEventStream()` gives a queue the extension `push`es
 * events into and `end`s, read with `for await` (by weft's provider adapter,
 * pi-providers.ts) and `result()` (the final message). Also pi-ai's
 * `calculateCost`, which fills in a usage's cost from the model's prices.
 */

/** pi-ai's AssistantMessage, loosely: what weft reads of it is checked where it is read. */
export type PiAssistantMessage = {
	role: "assistant";
	content: Array<Record<string, any>>;
	api?: string;
	provider?: string;
	model?: string;
	usage?: PiUsage;
	stopReason?: string;
	errorMessage?: string;
	timestamp?: number;
};

export type PiUsage = {
	input: number;
	output: number;
	cacheRead: number;
	cacheWrite: number;
	totalTokens: number;
	cost: { input: number; output: number; cacheRead: number; cacheWrite: number; total: number };
};

export type PiStreamEvent = { type: string; [field: string]: any };

/**
 * pi-ai's AssistantMessageEventStream: events pushed before anyone reads are
 * kept; `end()` (or a `done` / `error` event) finishes it. One reader.
 */
export class AssistantMessageEventStream implements AsyncIterable<PiStreamEvent> {
	private readonly queue: PiStreamEvent[] = [];
	private wake: (() => void) | undefined;
	private finished = false;
	private settle!: (message: PiAssistantMessage) => void;
	private readonly final = new Promise<PiAssistantMessage>((resolve) => {
		this.settle = resolve;
	});

	push(event: PiStreamEvent): void {
		if (this.finished) return;
		this.queue.push(event);
		if (event?.type === "done") this.settle(event.message);
		else if (event?.type === "error") this.settle(event.error);
		this.wake?.();
	}

	end(result?: PiAssistantMessage): void {
		if (result) this.settle(result);
		this.finished = true;
		this.wake?.();
	}

	/** The final message (the `done` event's, or the `error` event's failed one). */
	result(): Promise<PiAssistantMessage> {
		return this.final;
	}

	async *[Symbol.asyncIterator](): AsyncIterator<PiStreamEvent> {
		while (true) {
			const event = this.queue.shift();
			if (event) {
				yield event;
				if (event.type === "done" || event.type === "error") return;
				continue;
			}
			if (this.finished) return;
			await new Promise<void>((resolve) => {
				this.wake = resolve;
			});
			this.wake = undefined;
		}
	}
}

export function createAssistantMessageEventStream(): AssistantMessageEventStream {
	return new AssistantMessageEventStream();
}

type Priced = { cost?: { input?: number; output?: number; cacheRead?: number; cacheWrite?: number } };

/** Fills in `usage.cost` from the model's prices (US dollars per million tokens) and returns it. */
export function calculateCost(model: Priced, usage: PiUsage): PiUsage["cost"] {
	const price = model?.cost ?? {};
	const cost = {
		input: ((price.input ?? 0) / 1e6) * usage.input,
		output: ((price.output ?? 0) / 1e6) * usage.output,
		cacheRead: ((price.cacheRead ?? 0) / 1e6) * usage.cacheRead,
		cacheWrite: ((price.cacheWrite ?? 0) / 1e6) * usage.cacheWrite,
		total: 0,
	};
	cost.total = cost.input + cost.output + cost.cacheRead + cost.cacheWrite;
	usage.cost = cost;
	return cost;
}
