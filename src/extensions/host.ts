/**
 * The in-process extension host: discovers extensions, loads them
 * concurrently into one kernel (dispatch order stays the load order: each
 * owner's rank is set before its code runs), binds them to a session,
 * unloads and reloads them, and reports on them.
 *
 *   const host = new ExtensionHost({ kernel, cwd, home, settings, mode: "print", ui });
 *   await host.loadAll();                     // before the session: providers and flags exist
 *   const { session } = await createAgentSession({ kernel, … });
 *   host.bind(session);                       // queued messages, entries and the agent loop apply
 *   …
 *   await host.reload();                      // fresh module instances; kernel.tools rebuilt in place
 *   await host.unloadAll();
 */

import type { AgentSession } from "../agent/session.js";
import { errorMessage } from "../base/error-message.js";
import type { Kernel } from "../kernel/kernel.js";
import type { UIPort } from "../kernel/ui-port.js";
import { AgentLoopChoice } from "./agent-loop-choice.js";
import { createExtensionAPI, type HostServices } from "./api.js";
import { createContext } from "./context.js";
import { CustomEvents } from "./custom-events.js";
import { withDeadline } from "./deadline.js";
import { describeExtension, type ExtensionDiagnostics, type ExtensionRecord } from "./diagnostics.js";
import { ExtensionLog } from "./extension-log.js";
import { extensionOptions } from "./extension-settings.js";
import { ExtensionState } from "./extension-state.js";
import { codePlaces, reportFailure, reportFault, reportSuspension } from "./fault-notices.js";
import { absolutePaths, type ResourcePaths } from "./first-party/extension-paths.js";
import { firstPartyFactory } from "./first-party/factories.js";
import type { ExtensionHostOptions } from "./host-options.js";
import { DEFAULT_LOAD_TIMEOUT_MS, loadInProcess } from "./in-process-load.js";
import { Jobs } from "./jobs.js";
import { failedToLoad, loadNotices } from "./load-notices.js";
import { configureOwners, planLoad } from "./load-plan.js";
import { NonInteractiveUI } from "./non-interactive-ui.js";
import { limitNotifications } from "./notify-limit.js";
import { addFaultClaimant, type FaultClaimant, type FaultOrigin, ownerFromStack } from "./process-guard.js";
import { collectResourcePaths, firstPartyForPaths } from "./resource-discovery.js";
import { LateStarts, settledOrAfter } from "./subprocess/late-starts.js";
import { SubprocessHost } from "./subprocess/subprocess-host.js";
import type { FlagSpec } from "./types.js";
import { holdingDeadlinesInDialogs, type ScopableUI, uiForExtension } from "./ui-scope.js";
import { sharedWatchdog, Watchdog } from "./watchdog.js";

export type { ExtensionDiagnostics, ExtensionRecord, ExtensionStatus } from "./diagnostics.js";
export type { ExtensionHostOptions, InlineExtension } from "./host-options.js";
/** For the CLI, which imports this module only once sources were found (start-host.ts says why). */
export { loadExtensionHost } from "./start-host.js";

const DEACTIVATE_TIMEOUT_MS = 2_000;

export class ExtensionHost implements FaultClaimant {
	readonly kernel: Kernel;
	/** Subprocess extensions: their processes, and the panel and composer hooks the terminal UI uses. */
	readonly subprocess: SubprocessHost;
	private readonly options: ExtensionHostOptions;
	private readonly ui: UIPort;
	private readonly services: HostServices;
	private readonly jobs: Jobs;
	private readonly events: CustomEvents;
	private readonly watchdog: Watchdog;
	private records: ExtensionRecord[] = [];
	/** What this load's resources_discover collected, for a first-party extension loaded after it to take. */
	private discovered: ResourcePaths | undefined;
	private readonly states = new Map<string, ExtensionState>();
	private session: AgentSession | undefined;
	private readonly loop = new AgentLoopChoice((owner, where, error) => this.failure(owner, where, error));
	private loaded = false;
	/** While loaded: faults traced by stack to one of its extensions come here (process-guard.ts). */
	private releaseFaultClaim: (() => void) | undefined;
	/** Counts unloads, so a subprocess start that ends after one knows it belongs to an earlier load. */
	private generation = 0;
	/** Settles when every subprocess extension of the current load is ready or has failed. */
	private starts: Promise<void> = Promise.resolve();
	/** Whether loadAll has returned (later start-up failures are shown as they happen, not in notices()). */
	private loadReturned = false;
	private readonly lateStarts: LateStarts;

	constructor(options: ExtensionHostOptions) {
		this.options = options;
		this.kernel = options.kernel;
		this.ui = options.ui ?? new NonInteractiveUI();
		this.watchdog = options.watchdog === false ? new Watchdog() : (options.watchdog ?? sharedWatchdog());
		// Calls into extension code from jobs and custom events: marked for the watchdog, in the owner's async context.
		const run = <T>(owner: string, what: string, fn: () => T): T =>
			this.kernel.scopes.run(owner, () => this.watchdog.run(this.watchdog.slot(owner, what), fn));
		this.jobs = new Jobs({ onError: (owner, where, error) => this.failure(owner, where, error), run });
		this.events = new CustomEvents((owner, name, error) => this.failure(owner, `event ${name}`, error), run);
		this.services = this.createServices();
		this.lateStarts = new LateStarts(this.ui, () => this.starting());
		this.subprocess = new SubprocessHost({
			kernel: this.kernel,
			cwd: options.cwd,
			home: options.home,
			settings: options.settings,
			env: options.env,
			model: options.model,
			limits: options.subprocess,
			session: () => this.currentSession(),
			report: (owner, where, message) => this.failure(owner, where, new Error(message)),
			onLog: options.onLog,
		});
		this.kernel.bus.onFailure((f) => this.failure(f.owner, `${f.event} handler`, f.error, f.message));
		this.kernel.onTimerError((owner, error) => this.failure(owner, "timer", error));
		this.kernel.bus.onSuspend((owner, reason) => {
			const state = this.states.get(owner);
			if (state) reportSuspension(state, reason);
		});
		this.kernel.scopes.onFault(({ owner, origin, error }) => this.fault(owner, origin, error));
	}

	/** A fault whose stack runs through one of this host's in-process extensions is that extension's. */
	claimFault(error: unknown, origin: FaultOrigin): boolean {
		const owner = ownerFromStack(error, codePlaces(this.records.filter((r) => this.states.has(r.name))));
		if (owner === undefined) return false;
		this.fault(owner, origin, error);
		return true;
	}

	/**
	 * Discovers and loads every extension. Resolves when each in-process one
	 * is loaded or has failed, and each subprocess one is ready or has failed
	 * — or, for subprocess ones, once `subprocess.readyWaitMs` has passed
	 * (unless `waitForAll`): those still starting go on in the background
	 * (`starting()`, `whenStarted()`), and a bound session's runs wait for
	 * them before calling the model.
	 */
	async loadAll(
		options: { waitForAll?: boolean; reason?: "startup" | "reload" } = {},
	): Promise<ExtensionRecord[]> {
		if (this.loaded) throw new Error("extensions are already loaded; use reload() to load them again");
		this.loaded = true;
		this.releaseFaultClaim = addFaultClaimant(this);
		this.loadReturned = false;
		this.discovered = undefined;
		const plan = planLoad(this.options);
		const { toLoad } = plan;
		this.records = plan.records;
		if (toLoad.length > 0 && this.options.watchdog !== false) this.watchdog.start();
		configureOwners(this.kernel.bus, this.options, plan);
		const subprocesses = toLoad.filter((record) => record.kind === "subprocess");
		for (const record of subprocesses) record.status = "starting";
		const started = Promise.all(subprocesses.map((record) => this.load(record))).then(() => {});
		this.starts = started;
		await Promise.all(
			toLoad.filter((record) => record.kind !== "subprocess").map((record) => this.load(record)),
		);
		if (options.waitForAll) await started;
		else await settledOrAfter(started, this.subprocess.readyWaitMs);
		// After the subprocess extensions are ready (or the wait is over), so their resources_discover intercepts count.
		this.discovered = await collectResourcePaths(
			this.kernel.bus,
			this.options.cwd,
			options.reason ?? "startup",
		);
		for (const record of firstPartyForPaths(this.discovered, this.kernel.bus, this.options, this.records))
			await this.load(record);
		this.loadReturned = true;
		return this.list();
	}

	/** The session the running code serves (options.currentSession), else the bound one. */
	private currentSession(): AgentSession | undefined {
		return this.options.currentSession?.() ?? this.session;
	}

	/** The pi theme files (or folders) extensions gave through resources_discover in this load, as absolute paths. */
	themePaths(): string[] {
		return this.discovered ? absolutePaths(this.discovered.themePaths, this.discovered.cwd) : [];
	}

	/** Subprocess extensions still starting (their hello or registration has not finished). */
	starting(): string[] {
		return this.records.filter((r) => r.status === "starting").map((r) => r.name);
	}

	/** Resolves when every subprocess extension of the current load is ready or has failed. */
	whenStarted(): Promise<void> {
		return this.starts;
	}

	/** Connects the extensions to a session: queued messages and entries are delivered, a requested loop set. */
	bind(session: AgentSession): void {
		this.session = session;
		const states = this.loadedStates();
		this.loop.apply(session, states);
		if (this.starting().length > 0) this.lateStarts.hold(session, this.starts);
		for (const state of states) this.deliverQueued(state, session);
	}

	/** Unloads every extension, removing everything each registered and stopping its timers and processes. */
	async unloadAll(): Promise<void> {
		this.generation++;
		this.releaseFaultClaim?.();
		this.releaseFaultClaim = undefined;
		// A reload starts afresh: what the circuit breaker suspended runs again.
		for (const record of this.records) this.kernel.bus.resume(record.name);
		for (const state of this.loadedStates().reverse()) {
			const deactivate = state.plugin?.deactivate;
			if (deactivate) {
				await withDeadline(Promise.resolve().then(deactivate), DEACTIVATE_TIMEOUT_MS, "deactivating").catch(
					(error) => this.failure(state.name, "deactivate", error),
				);
			}
			this.teardown(state);
		}
		await this.subprocess.stopAll();
		this.states.clear();
		this.records = [];
		this.loaded = false;
	}

	/** Unloads and loads everything again with fresh module instances, keeping the bound session. */
	async reload(): Promise<ExtensionRecord[]> {
		const session = this.session;
		await this.unloadAll();
		const records = await this.loadAll({ reason: "reload" });
		if (session) this.bind(session);
		return records;
	}

	/**
	 * A failure in something an extension registered that weft runs outside
	 * any handler (a channel serving its clients): kept for diagnostics and
	 * shown once per `where`, like its other failures. Ignored for an owner
	 * that is not one of this host's extensions.
	 */
	reportFailure(owner: string, where: string, error: unknown): void {
		this.failure(owner, where, error);
	}

	list(): ExtensionRecord[] {
		return this.records.map((r) => ({ ...r }));
	}

	diagnostics(): ExtensionDiagnostics[] {
		const sources = {
			kernel: this.kernel,
			jobs: this.jobs,
			events: this.events,
			subprocess: (name: string) => this.subprocess.describe(name),
		};
		return this.records.map((r) => describeExtension(r, this.states.get(r.name), sources));
	}

	/** The extension code executing synchronously right now, if any (see watchdog.ts for why this matters). */
	running(): { owner: string; what: string; since: number } | undefined {
		const handler = this.kernel.bus.running;
		if (handler) return { owner: handler.owner, what: `its ${handler.event} handler`, since: handler.since };
		return this.watchdog.current();
	}

	/** Lines for the user after loading: skipped untrusted extensions (one line) and load failures. */
	notices(): string[] {
		return loadNotices(this.records, this.options.cwd);
	}

	/** Flags registered by loaded extensions, for the CLI to validate its unknown options against. */
	flagSpecs(): Array<FlagSpec & { name: string; owner: string }> {
		return this.loadedStates().flatMap((s) =>
			[...s.flags].map(([name, spec]) => ({ ...spec, name, owner: s.name })),
		);
	}

	private async load(record: ExtensionRecord): Promise<void> {
		const { name } = record;
		const ui = holdingDeadlinesInDialogs(uiForExtension(this.ui, name), () =>
			this.kernel.bus.holdDeadlines(name),
		);
		const log =
			record.kind === "subprocess"
				? this.subprocess.createLog(name)
				: new ExtensionLog(name, this.options.home, this.options.onLog);
		const state = new ExtensionState(name, ui, log);
		this.states.set(name, state);
		if (record.kind === "subprocess") {
			state.ctx = createContext(this.services, ui);
			return this.loadSubprocess(record, state);
		}
		if (!this.options.inline?.some((e) => e.name === name)) state.entry = record.entry;
		// What the extension notifies is rate-limited; weft's own notes about it (state.ui) are not.
		state.notifyLimit = limitNotifications(ui, (line) => log.write(line, "warn"));
		state.ctx = createContext(this.services, state.notifyLimit.ui);
		const started = performance.now();
		try {
			await loadInProcess({
				state,
				api: createExtensionAPI(state, this.services),
				entry: record.entry,
				inline:
					this.options.inline?.find((e) => e.name === name)?.extension ??
					(record.origin === "first-party"
						? firstPartyFactory(name, {
								home: this.options.home,
								settings: this.options.settings,
								discovered: this.discovered,
							})
						: undefined),
				source: record.source,
				limitMs:
					extensionOptions(this.options.settings, name).loadTimeoutMs ??
					this.options.loadTimeoutMs ??
					DEFAULT_LOAD_TIMEOUT_MS,
				scopes: this.kernel.scopes,
				watchdog: this.watchdog,
			});
		} catch (error) {
			record.status = "failed";
			record.reason = errorMessage(error);
			this.teardown(state);
		}
		record.loadMs = performance.now() - started;
	}

	/**
	 * A subprocess extension: started, and ready (or failed) within its
	 * start-up limit. One that becomes ready after a session was bound gets
	 * what it missed: its queued messages, and the lifecycle events it
	 * subscribed to. A failure after loadAll returned is shown at once.
	 */
	private async loadSubprocess(record: ExtensionRecord, state: ExtensionState): Promise<void> {
		const generation = this.generation;
		const started = performance.now();
		try {
			await this.subprocess.start(record, state);
			if (generation !== this.generation) return;
			record.status = "loaded";
			const session = this.session;
			if (session) {
				for (const { event, payload } of this.lateStarts.missed)
					this.subprocess.replay(record.name, event, payload);
				this.deliverQueued(state, session);
			}
		} catch (error) {
			this.teardown(state);
			if (generation !== this.generation) return;
			record.status = "failed";
			record.reason = errorMessage(error);
			if (this.loadReturned) this.ui.notify(failedToLoad(record), "warning");
		}
		record.loadMs = performance.now() - started;
	}

	/** Takes back everything one extension added; its late calls are ignored from now on. */
	private teardown(state: ExtensionState): void {
		state.alive = false;
		state.pending.length = 0;
		this.kernel.removeOwner(state.name);
		this.jobs.killOwner(state.name);
		this.events.removeOwner(state.name);
		(this.ui as Partial<ScopableUI>).removeOwner?.(state.name);
		state.notifyLimit?.flush();
		state.log.flush();
		this.loop.release(state.name, this.session);
	}

	private deliverQueued(state: ExtensionState, session: AgentSession): void {
		state.deliverPending(session, (error) => this.failure(state.name, "a queued message", error));
	}

	private loadedStates(): ExtensionState[] {
		return this.records
			.filter((r) => r.status === "loaded")
			.map((r) => this.states.get(r.name))
			.filter((s): s is ExtensionState => s?.alive === true);
	}

	/** Kept for diagnostics and shown to the user once per extension and kind of failure. */
	private failure(owner: string, where: string, error: unknown, message = errorMessage(error)): void {
		const state = this.states.get(owner);
		if (state) reportFailure(state, where, message);
	}

	/** An uncaught exception or unhandled rejection traced to an extension: its failure, not weft's end. */
	private fault(owner: string, origin: FaultOrigin, error: unknown): void {
		const state = this.states.get(owner);
		if (state) reportFault(state, origin, error);
		else
			this.ui.notify(`extension "${owner}" (no longer loaded): ${origin}: ${errorMessage(error)}`, "error");
	}

	private createServices(): HostServices {
		const options = this.options;
		return {
			kernel: this.kernel,
			cwd: options.cwd,
			home: options.home,
			mode: options.mode,
			env: options.env ?? process.env,
			jobs: this.jobs,
			events: this.events,
			watchdog: this.watchdog,
			session: () => this.currentSession(),
			rawFlag: (name) => options.flags?.findLast((f) => f.name === name),
			exposedBy: (name) => {
				const state = this.states.get(name);
				return state?.alive ? state.exposed : undefined;
			},
			requestLoop: (state) => {
				if (this.session) this.loop.set(this.session, state);
			},
			failure: (state, where, error) => this.failure(state.name, where, error),
		};
	}
}
