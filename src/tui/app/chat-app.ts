/**
 * The stock chat, assembled from the primitives: stock buffers, a layout of
 * windows (header, live transcript, widgets, composer, status, footer), the
 * compositor, overlays on top, the inline renderer underneath, and keys
 * routed through the kernel's keymaps. Nothing here talks to a session: the
 * interactive mode feeds it events and reacts to what the user submits.
 */
import type { Kernel } from "../../kernel/kernel.js";
import { BUILTIN_OWNER } from "../../kernel/owner.js";
import type { DialogOptions } from "../../kernel/ui-port.js";
import type { CompletionProvider, MentionProvider, OverlayOptions } from "../../kernel/ui-surface.js";
import type { CompletionSources } from "../chat/composer/completion.js";
import { COMPOSER_BINDINGS, Composer } from "../chat/composer/composer.js";
import { ComposerHistory } from "../chat/composer/history.js";
import { MarkdownRenderer } from "../chat/markdown/markdown.js";
import type { BlockRenderContext } from "../chat/transcript/block-view.js";
import { TranscriptController } from "../chat/transcript/transcript-controller.js";
import type { Dialog } from "../chat/ui/dialog.js";
import { OverlayStack } from "../chat/ui/overlay.js";
import { Notifications, type StatusState, statusSegments } from "../chat/ui/status-line.js";
import { WidgetArea } from "../chat/ui/widgets.js";
import { WorkingLook } from "../chat/ui/working-look.js";
import { type Clock, systemClock } from "../clock.js";
import type { InputEvent } from "../input/input-events.js";
import { BufferRegistry } from "../primitives/buffer.js";
import { Compositor, type StockRenderer } from "../primitives/compose.js";
import { Layout, type LayoutSpec } from "../primitives/layout.js";
import type { Component } from "../primitives/window.js";
import type { Frame, FrameSize } from "../render/frame.js";
import type { RenderTarget } from "../render/inline-renderer.js";
import { windowTitle } from "../terminal-codes.js";
import type { ColorDepth } from "../theme/style.js";
import { Styler } from "../theme/style.js";
import type { Theme } from "../theme/tokens.js";
import { type AppActionHost, appActions, type ChatAppHooks } from "./app-actions.js";
import { HeaderFirstRenderer } from "./conversation-header.js";
import { openCustom, openDialog } from "./dialog-host.js";
import { EditorHost } from "./editor-host.js";
import { InputListeners } from "./input-listeners.js";
import { KeyRouter } from "./key-router.js";
import { APP_BINDINGS, applyUserBindings, type StockBinding } from "./keybindings.js";
import { ScrollbackWriter } from "./scrollback-writer.js";
import { mirrorTranscript } from "./stock-buffers.js";
import { CHAT_WINDOWS, ChromeSlots, stockLayout } from "./stock-layout.js";
import { announceExpansion } from "./tools-expansion.js";
import { TranscriptWindow } from "./transcript-window.js";

export { CHAT_WINDOWS } from "./stock-layout.js";

export interface ChatAppOptions {
	kernel: Kernel;
	output: RenderTarget;
	theme: Theme;
	colorDepth?: ColorDepth;
	clock?: Clock;
	cwd: string;
	/** ~/.weft/history.jsonl; omit to keep history in memory. */
	historyFile?: string;
	/** ~/.weft/keybindings.json. */
	keybindingsFile?: string;
	completion?: Partial<CompletionSources>;
	maxFps?: number;
	/** What a narrower terminal does to the conversation already written (settings `resize`; default "redraw"). */
	resize?: "keep" | "redraw";
}

/** What the app asks of whoever runs it (the interactive mode). */
export type { ChatAppHooks } from "./app-actions.js";

export class ChatApp {
	readonly kernel: Kernel;
	readonly buffers = BufferRegistry.withStockBuffers();
	readonly layout: Layout;
	readonly renderer: HeaderFirstRenderer;
	readonly transcript: TranscriptController;
	readonly composer: Composer;
	readonly overlays = new OverlayStack();
	readonly inputListeners = new InputListeners((owner, message) => this.hooks?.error(`${owner}: ${message}`));
	readonly widgetsAbove: WidgetArea;
	readonly widgetsBelow: WidgetArea;
	readonly notifications: Notifications;
	readonly markdown: MarkdownRenderer;
	readonly clock: Clock;
	/** Tool output and thinking shown in full (Ctrl+O, or an extension's setToolsExpanded). */
	expanded = false;
	/** The working indicator's look, as extensions set it. */
	readonly working = new WorkingLook();
	/** A collapsed thinking block's label, as an extension set it. */
	thinkingLabel: string | undefined;
	/** Extensions' header and footer components. */
	readonly chrome = new ChromeSlots((message) => this.notifications.notify(message, "error"));
	mode = "chat";
	private statusValue: StatusState = { model: "", tokensIn: 0, tokensOut: 0, cost: 0, segments: [] };
	header: string[] | undefined;
	footer: string[] | undefined;
	/** Warnings from keybindings.json, for the mode to show. */
	readonly warnings: string[] = [];
	/** Mention providers extensions registered (the UI port sets this). */
	mentionProviders: () => MentionProvider[] = () => [];
	/** Completion providers extensions registered, oldest first (the UI port sets this). */
	completionProviders: () => CompletionProvider[] = () => [];

	private stylerValue: Styler;
	private readonly transcriptWindow: TranscriptWindow;
	private readonly compositor: Compositor;
	private readonly router: KeyRouter;
	private readonly editorHost: EditorHost;
	private hooks: ChatAppHooks | undefined;
	private frameCount = 0;
	private readonly scrollback: ScrollbackWriter;
	private readonly stockBindings: StockBinding[];

	constructor(private readonly options: ChatAppOptions) {
		this.kernel = options.kernel;
		this.clock = options.clock ?? systemClock;
		this.stylerValue = new Styler(options.theme, options.colorDepth);
		const styler = () => this.stylerValue;
		this.markdown = new MarkdownRenderer(styler);
		const markdown = (text: string, width: number) => this.markdown.render(text, width);
		this.transcript = new TranscriptController(this.buffers.get("transcript")!, () => this.clock.now());
		this.transcriptWindow = new TranscriptWindow(
			this.buffers.get("transcript")!,
			(width) => this.blockContext(width),
			// A handler of either event may rewrite or hide the answer once it is complete.
			() => !this.kernel.bus.hasHandlers("turn_result") && !this.kernel.bus.hasHandlers("assistant_message"),
		);
		this.composer = new Composer({
			buffer: this.buffers.get("composer")!,
			styler,
			history: new ComposerHistory(options.historyFile),
			completion: {
				commands: () =>
					this.kernel.commands.list().map(({ name, value }) => ({
						name,
						description: value.description,
						argumentHint: value.argumentHint,
					})),
				mentions: () => this.mentionProviders(),
				providers: () => this.completionProviders(),
				...options.completion,
			},
			placeholder: "Ask anything · / for commands · @ for files",
		});
		this.composer.onSubmit((text) => this.submit(text, false));
		this.editorHost = new EditorHost(this.composer, (message) => this.notifications.notify(message, "error"));
		this.widgetsAbove = new WidgetArea(markdown, styler);
		this.widgetsBelow = new WidgetArea(markdown, styler);
		this.notifications = new Notifications(this.clock, () => this.requestRender());
		this.layout = new Layout(this.stockLayout());
		this.layout.focus("composer");
		this.layout.onChange(() => this.requestRender());
		this.compositor = new Compositor({
			buffers: this.buffers,
			styler: this.stylerValue,
			stock: this.stockRenderer,
		});
		this.renderer = new HeaderFirstRenderer(options.output, (size) => this.frame(size), {
			clock: this.clock,
			maxFps: options.maxFps,
		});
		this.scrollback = new ScrollbackWriter({
			renderer: this.renderer,
			transcriptWindow: this.transcriptWindow,
			clock: this.clock,
			size: () => this.size,
			styler: () => this.stylerValue,
			resize: options.resize,
			report: (message) => this.notifications.notify(message, "error"),
		});
		for (const buffer of this.buffers.list()) buffer.onChange(() => this.requestRender());
		mirrorTranscript(
			this.buffers.get("transcript")!,
			this.buffers.get("thinking")!,
			this.buffers.get("tools")!,
		);
		this.overlays.onChange(() => this.requestRender());
		this.router = new KeyRouter({
			bus: this.kernel.bus,
			keymaps: this.kernel.keymaps,
			overlay: () => this.overlays.top(),
			focused: () => {
				const window = this.layout.focused();
				if (!window) return undefined;
				const component = typeof window.renderer === "object" ? window.renderer : undefined;
				return { id: window.id, component, isComposer: window.id === "composer" };
			},
			captures: (component, key) => component === this.editorHost && this.editorHost.captures(key),
			mode: () => this.mode,
			onError: (error) => this.hooks?.error(`key handler failed: ${(error as Error).message ?? error}`),
			afterKey: () => this.requestRender(),
		});
		const loaded = applyUserBindings([...APP_BINDINGS, ...composerBindings()], options.keybindingsFile);
		this.stockBindings = loaded.bindings;
		this.warnings.push(...loaded.warnings);
	}

	get styler(): Styler {
		return this.stylerValue;
	}

	/** What the status line shows; setting it also refreshes the stock `status` buffer (one segment a line). */
	get status(): StatusState {
		return this.statusValue;
	}

	set status(state: StatusState) {
		this.statusValue = state;
		const buffer = this.buffers.get("status")!;
		const lines = statusSegments(state, this.stylerValue);
		// Unchanged segments (most spinner-free updates) leave the buffer's version alone.
		if (lines.join("\n") !== buffer.getText()) buffer.setLines(0, buffer.lineCount, lines);
	}

	setTheme(theme: Theme, depth?: ColorDepth): void {
		this.stylerValue = new Styler(theme, depth ?? this.stylerValue.depth);
		this.requestRender();
	}

	/** Binds the stock keys through the kernel keymaps and connects the app to its runner. */
	start(hooks: ChatAppHooks): void {
		this.hooks = hooks;
		const actions = appActions(this.actionHost());
		for (const binding of this.stockBindings) {
			const run = actions[binding.action];
			if (!run) continue;
			for (const key of binding.keys) {
				this.kernel.keymaps.bind({
					key,
					target: binding.target,
					owner: BUILTIN_OWNER,
					description: binding.description,
					priority: binding.priority,
					handler: run,
				});
			}
		}
		this.renderer.requestRender();
	}

	handleInput(event: InputEvent): void {
		if (this.inputListeners.intercept(event, (input) => this.handleInput(input))) return;
		if (event.type === "key") {
			if (event.action === "release") return;
			this.router.push(event);
		} else if (event.type === "paste") {
			const overlay = this.overlays.top() as (Component & { handlePaste?(text: string): void }) | undefined;
			if (overlay) overlay.handlePaste?.(event.text);
			else this.editorHost.paste(event.text);
			this.requestRender();
		}
	}

	requestRender(): void {
		this.renderer.requestRender();
	}

	/** Lends the terminal to another program until the returned function is called (the mode does the terminal's part). */
	releaseTerminal(): () => void {
		const release = this.hooks?.releaseTerminal;
		if (!release) throw new Error("this terminal UI cannot lend the terminal to another program");
		return release();
	}

	/** The editor in the composer window: the stock composer, or an extension's replacement. */
	setEditor(component: Component | undefined, owner?: string): void {
		this.editorHost.replace(component, owner);
		this.requestRender();
	}

	/** The keys bound to a stock action ("app.abort", …), as keybindings.json left them. */
	keysFor(action: string): readonly string[] {
		return this.stockBindings.find((binding) => binding.action === action)?.keys ?? [];
	}

	get size(): { columns: number; rows: number } {
		return { columns: this.options.output.columns || 80, rows: this.options.output.rows || 24 };
	}

	/** The start-up header or an extension's in its place, at the top of the conversation in the scrollback. */
	get conversationHeader() {
		return this.scrollback.header;
	}

	/** Sends text as if typed in the composer and submitted (an extension's editor). */
	submitText(text: string): void {
		if (text.trim() !== "") this.submit(text, false);
	}

	/** Back to the stock chat layout (an extension's reskin undone). */
	resetLayout(): void {
		this.layout.replace(this.stockLayout());
		this.layout.focus("composer");
	}

	/** Removes the windows an unloading extension added; the stock layout comes back if it replaced it. */
	removeWindowsOf(owner: string): void {
		const theirs = this.layout.windows().filter((w) => w.owner === owner);
		if (theirs.length === 0) return;
		const stockGone = CHAT_WINDOWS.some((id) => !this.layout.window(id));
		if (stockGone) {
			this.resetLayout();
			return;
		}
		for (const window of theirs) this.layout.remove(window.id);
		if (!this.layout.focused()) this.layout.focus("composer");
	}

	/** Shows a dialog as a focused overlay until it resolves, times out, or its signal aborts. */
	openDialog<T>(dialog: Dialog<T>, options: DialogOptions = {}): Promise<T | undefined> {
		return openDialog(this, dialog, options);
	}

	/** An extension's own dialog: its component floats, focused, until it calls done. */
	openCustom<T>(
		factory: (done: (value: T | undefined) => void) => Component,
		options: DialogOptions & OverlayOptions,
		owner: string,
	): Promise<T | undefined> {
		return openCustom(this, factory, options, owner);
	}

	/**
	 * The last frame before weft exits: only the transcript stays (finished
	 * blocks are committed), so the shell prompt comes back under the
	 * conversation rather than under a dead composer.
	 */
	finish(): void {
		this.overlays.clear();
		this.layout.replace([{ id: "transcript", buffer: "transcript" }]);
		this.renderer.finish();
	}

	/**
	 * The terminal changed size: the live region is found and drawn again at
	 * once; a narrower terminal also gets the conversation written again
	 * (scrollback-writer.ts).
	 */
	resized(): void {
		this.renderer.resized();
		this.scrollback.resized();
	}

	/** Sets the terminal window's title; written between frames (it draws nothing). */
	setTitle(title: string): void {
		this.options.output.write(windowTitle(title));
	}

	/** A resumed session's history is in the transcript: only what fits on the screen is written. */
	writeRecentHistoryOnly(): void {
		this.scrollback.writeRecentHistoryOnly();
	}

	/**
	 * The transcript was cleared (a new or resumed session): nothing in it is
	 * committed any more. `boundary` is printed under the old conversation,
	 * so the scrollback says where what the model sees begins.
	 */
	resetTranscript(boundary?: string): void {
		if (boundary !== undefined) this.scrollback.writeBoundary(boundary);
		this.buffers.get("transcript")!.clearBlocks();
		this.transcriptWindow.reset();
	}

	/** Builds one frame: commits finished blocks, composes the layout, floats overlays over it. */
	frame(size: FrameSize): Frame {
		this.frameCount++;
		const finished = this.transcriptWindow.takeFinished(size.width);
		if (finished.length > 0) this.renderer.commit(finished);
		const base = this.compositor.compose(this.layout, size);
		if (this.kernel.bus.hasHandlers("render")) {
			this.kernel.bus.notify("render", { width: size.width, height: size.height, frame: this.frameCount });
		}
		if (this.overlays.size === 0) return base;
		return this.overlays.render(base, size);
	}

	stockLayout(): LayoutSpec[] {
		return stockLayout({
			chrome: this.chrome,
			header: () => this.header,
			footer: () => this.footer,
			notifications: (w) => this.notifications.render(w, this.stylerValue),
			widgetsAbove: this.widgetsAbove,
			editor: this.editorHost,
			widgetsBelow: this.widgetsBelow,
			status: () => ({ ...this.status, expanded: this.expanded }),
			styler: () => this.stylerValue,
		});
	}

	private readonly stockRenderer: StockRenderer = (window, buffer, width) => {
		if (window.buffer === "transcript") return this.transcriptWindow.renderLive(width);
		if (!buffer) return { lines: [] };
		const texts = buffer.kind === "lines" ? buffer.getLines() : buffer.blocks().map((b) => b.text ?? "");
		return { lines: texts.flatMap((t) => this.markdown.render(t, width)) };
	};

	private blockContext(width: number): BlockRenderContext {
		return {
			width,
			styler: this.stylerValue,
			expanded: this.expanded,
			now: this.clock.now(),
			markdown: (text, w) => this.markdown.render(text, w),
			toolRenderer: (name) => this.kernel.toolRenderers.get(name),
			messageRenderer: (type) => this.kernel.messageRenderers.get(type),
			thinkingLabel: this.thinkingLabel,
		};
	}

	/** Ctrl+O (`announce`), or an extension's setToolsExpanded: the live blocks redraw in the new mode. */
	setExpanded(expanded: boolean, announce = false): void {
		if (expanded === this.expanded) return;
		this.expanded = expanded;
		if (announce) announceExpansion(expanded, this.scrollback, this.notifications);
		this.requestRender();
	}

	private actionHost(): AppActionHost {
		const app = this;
		return {
			composer: this.composer,
			notifications: this.notifications,
			clock: this.clock,
			renderer: this.renderer,
			get hooks() {
				return app.hooks;
			},
			get stockEditor() {
				return app.editorHost.isStock;
			},
			toggleExpanded: () => this.setExpanded(!this.expanded, true),
		};
	}

	private submit(text: string, followUp: boolean): void {
		const busy = this.hooks?.isBusy() ?? false;
		this.hooks?.submit(text, busy ? (followUp ? "followUp" : "steer") : "prompt");
	}
}

function composerBindings(): StockBinding[] {
	return COMPOSER_BINDINGS.map((b) => ({
		action: `composer.${b.action}`,
		keys: [...b.keys],
		target: "composer" as const,
		description: b.description,
	}));
}
