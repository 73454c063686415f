/**
 * What one load of the host starts from: every source discovered (inline
 * extensions first) as a record, and, for those that will load, each
 * owner's dispatch rank and guard options set in load order before any of
 * their code runs, so dispatch order never depends on which import
 * finishes first.
 */
import type { EventBus } from "../kernel/event-bus.js";
import type { ExtensionRecord } from "./diagnostics.js";
import { extensionOptions, stringList } from "./extension-settings.js";
import type { ExtensionHostOptions } from "./host-options.js";
import { inlineSources } from "./inline-sources.js";
import { discoverExtensions } from "./sources.js";
import { isTrusted } from "./trust.js";

export interface LoadPlan {
	/** Every source, in load order, with what became of it so far ("loaded" for those about to load). */
	records: ExtensionRecord[];
	/** The records whose code is loaded now. */
	toLoad: ExtensionRecord[];
}

export function planLoad(options: ExtensionHostOptions): LoadPlan {
	const { cwd, home, settings } = options;
	const discovered = discoverExtensions({
		cwd,
		home,
		cliPaths: options.cliPaths,
		noExtensions: options.noExtensions,
		trusted: () => options.trust === true || isTrusted(home, cwd),
		disabled: stringList(settings.disabledExtensions),
	});
	const sources = [...inlineSources(options.inline ?? [], discovered), ...discovered];
	const records = sources.map(
		({ status, ...source }): ExtensionRecord => ({
			...source,
			status: status === "pending" ? "loaded" : status,
		}),
	);
	return { records, toLoad: records.filter((_record, i) => sources[i].status === "pending") };
}

/** Ranks first, in load order (rank = position among all records + 1), with each one's settings. */
export function configureOwners(bus: EventBus, options: ExtensionHostOptions, plan: LoadPlan): void {
	for (const record of plan.toLoad) {
		const { failOpen, deadlineMs, breakAfter } = extensionOptions(options.settings, record.name);
		bus.configureOwner(record.name, {
			rank: plan.records.indexOf(record) + 1,
			failOpen,
			deadlineMs,
			// A subprocess extension's breaker is its connection's: it is restarted once before it is suspended.
			breakAfter: record.kind === "subprocess" ? 0 : breakAfter,
		});
	}
}
