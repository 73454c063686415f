/**
 * pi's `ctx.ui` over weft's UIPort. Dialogs, notes, status and widgets map
 * one to one; pi's component factories (`custom()`, a widget, header or
 * footer given as `(tui, theme) => Component`) are drawn through the
 * terminal surface (`ui.tui`: custom dialogs and component widgets), with
 * pi's raw-bytes `handleInput(data)` fed from weft's keys. Where there is no
 * terminal surface (print, JSON, RPC) a component cannot be shown: `custom()`
 * resolves undefined as pi does without a UI, and component widgets are
 * left out. An editor component (`setEditorComponent`) becomes weft's
 * composer; a header component takes the start-up header's place at the top
 * of the conversation (`setConversationHeader`) and a footer component the
 * status line's (`setFooterComponent`). The working indicator,
 * thinking label, Ctrl+O expansion and theme calls are weft's own UI port
 * calls (no-ops where nothing is drawn, as in pi's RPC mode). Overlays,
 * raw terminal input, autocomplete providers and `tui.stop()`/`start()`
 * map onto weft's surface (pi-overlays.ts, pi-autocomplete.ts).
 */
import type { UIPort, WorkingIndicator } from "../../../kernel/ui-port.js";
import type { TUISurface, UIComponent, UICursor } from "../../../kernel/ui-surface.js";
import { type PiAutocompleteProvider, toCompletionProvider } from "./pi-autocomplete.js";
import { createPiFooterData, recordPiStatus } from "./pi-footer-data.js";
import {
	openPiOverlay,
	type PiOverlayHandle,
	type PiOverlayOptions,
	toOverlayOptions,
	toPiOverlayHandle,
} from "./pi-overlays.js";
import { type PiTheme, painterTheme, piTheme } from "./pi-theme.js";
import { type Component, CURSOR_MARKER, unusedKeys } from "./tui-components.js";

type EditorFactory = (tui: PiTUI, theme: PiEditorTheme, keybindings: unknown) => PiEditor;
/** pi-tui's EditorTheme (the rules' colour, the completion list's painters), with pi's theme calls for editors that use them. */
type PiEditorTheme = PiTheme & {
	borderColor(text: string): string;
	selectList: Record<string, (text: string) => string>;
};
const editorTheme = (): PiEditorTheme => ({
	...piTheme,
	borderColor: (text) => piTheme.fg("borderMuted", text),
	selectList: painterTheme(),
});
type PiEditor = Component & {
	getText?(): string;
	setText?(text: string): void;
	onSubmit?: (text: string) => void;
	onChange?: (text: string) => void;
};

/**
 * pi's editor component as weft's composer: what it submits is sent, and its
 * text and the composer buffer are kept the same both ways (weft puts text
 * there too: /fork, a queued message taken back).
 */
function bindEditor(
	editor: PiEditor,
	io: Parameters<NonNullable<Parameters<TUISurface["setEditor"]>[0]>>[0],
) {
	let syncing = false;
	const sync = (write: () => void) => {
		if (syncing) return;
		syncing = true;
		try {
			write();
		} finally {
			syncing = false;
		}
	};
	const ownChange = editor.onChange;
	editor.onSubmit = (text) => io.submit(text);
	editor.onChange = (text) => {
		ownChange?.(text);
		sync(() => io.buffer.setText(text));
	};
	io.buffer.onChange(() =>
		sync(() => {
			const text = io.buffer.getText();
			if (editor.getText?.() !== text) editor.setText?.(text);
		}),
	);
	editor.setText?.(io.buffer.getText());
	(editor as { focused?: boolean }).focused = true;
	const component = toUIComponent(editor);
	return {
		...component,
		// A key the editor left unused goes on to weft's bindings (escape aborts, ctrl+c, ctrl+d), as pi's app keys do.
		handleInput(key: Parameters<NonNullable<UIComponent["handleInput"]>>[0]) {
			unusedKeys.delete(editor);
			return component.handleInput?.(key) === true && !unusedKeys.has(editor);
		},
	};
}

type Factory = (tui: PiTUI, theme: PiTheme, ...rest: any[]) => Component & { dispose?(): void };

/** The `tui` pi passes to component factories: enough to ask for a frame, read the size and show overlays. */
export interface PiTUI {
	requestRender(force?: boolean): void;
	/** Lends the terminal to another program (weft's `tui.releaseTerminal`) until `start()`. */
	stop(): void;
	start(): void;
	showOverlay(component: Component, options?: PiOverlayOptions): PiOverlayHandle;
	readonly terminal: { readonly columns: number; readonly rows: number };
	readonly width: number;
	readonly height: number;
}

/** pi's raw-bytes component as weft's key-object component; pi's cursor marker becomes weft's cursor. */
export function toUIComponent(component: Component): UIComponent {
	let cursor: UICursor | undefined;
	return {
		render(width) {
			cursor = undefined;
			return component.render(width).map((line, row) => {
				const at = line.indexOf(CURSOR_MARKER);
				if (at === -1) return line;
				const before = line.slice(0, at).replace(/\x1b\[[0-9;:?]*[ -/]*[@-~]/g, "");
				cursor = { row, col: [...before].length };
				return line.replaceAll(CURSOR_MARKER, "");
			});
		},
		handleInput(key) {
			if (key.action === "release" && !component.wantsKeyRelease) return false;
			component.handleInput?.(key.raw);
			return true;
		},
		cursor: () => cursor,
	};
}

export interface PiUIOptions {
	ui: UIPort;
	/** The folder whose git branch `footerData` reports. */
	cwd: string;
	/** Reports a pi UI call weft cannot honour (once per call name). */
	unsupported(call: string): void;
}

export function createPiUI({ ui, cwd, unsupported }: PiUIOptions) {
	let takeTerminalBack: (() => void) | undefined;
	const tuiFor = (): PiTUI => {
		const surface = ui.tui;
		return {
			requestRender: () => surface?.requestRender(),
			stop() {
				if (surface && !takeTerminalBack) takeTerminalBack = surface.releaseTerminal();
			},
			start() {
				const takeBack = takeTerminalBack;
				takeTerminalBack = undefined;
				takeBack?.();
			},
			showOverlay(component, options) {
				if (!surface) throw new Error("tui.showOverlay needs the terminal UI; this mode has none");
				return toPiOverlayHandle(
					openPiOverlay(surface, component, toUIComponent(component), toOverlayOptions(options)),
				);
			},
			get terminal() {
				return { columns: surface?.size.columns ?? 80, rows: surface?.size.rows ?? 24 };
			},
			get width() {
				return surface?.size.columns ?? 80;
			},
			get height() {
				return surface?.size.rows ?? 24;
			},
		};
	};
	const disposers = new Map<string, () => void>();
	const componentWidget = (id: string, factory: Factory, placement: "above" | "below") => {
		disposers.get(id)?.();
		disposers.delete(id);
		const surface = ui.tui;
		if (!surface) return;
		const component = factory(tuiFor(), piTheme, footerData);
		surface.setWidgetComponent(id, toUIComponent(component), { placement });
		disposers.set(id, () => component.dispose?.());
	};
	const removeWidget = (id: string) => {
		disposers.get(id)?.();
		disposers.delete(id);
		ui.removeWidget(id);
	};
	const footerData = createPiFooterData(cwd);
	const edgeDisposers: Partial<Record<"header" | "footer", () => void>> = {};
	// pi's header and footer replace weft's start-up header and status line; without a terminal (pi's RPC mode too) they do nothing.
	const setEdge = (edge: "header" | "footer", factory: Factory | undefined) => {
		edgeDisposers[edge]?.();
		delete edgeDisposers[edge];
		const surface = ui.tui;
		if (!surface) return;
		const component = factory?.(tuiFor(), piTheme, footerData);
		const replacement = component ? toUIComponent(component) : undefined;
		if (edge === "header") surface.setConversationHeader(replacement);
		else surface.setFooterComponent(replacement);
		if (component) edgeDisposers[edge] = () => component.dispose?.();
	};
	let editorText = "";
	let editorFactory: EditorFactory | undefined;

	return {
		get theme() {
			return piTheme;
		},
		select: (title: string, options: string[], opts?: { timeout?: number; signal?: AbortSignal }) =>
			ui.select(title, options, { timeoutMs: opts?.timeout, signal: opts?.signal }),
		confirm: (title: string, message?: string, opts?: { timeout?: number; signal?: AbortSignal }) =>
			ui.confirm(title, message, { timeoutMs: opts?.timeout, signal: opts?.signal }),
		input: (title: string, placeholder?: string, opts?: { timeout?: number; signal?: AbortSignal }) =>
			ui.input(title, { placeholder, timeoutMs: opts?.timeout, signal: opts?.signal }),
		editor: (title: string, prefill?: string) => ui.editor(title, prefill),
		notify: (message: string, type?: "info" | "warning" | "error" | "success") =>
			ui.notify(message, type ?? "info"),
		setStatus(key: string, text: string | undefined) {
			recordPiStatus(key, text);
			ui.setStatus(key, text);
		},
		setWidget(
			key: string,
			content: string[] | Factory | undefined,
			options?: { placement?: "aboveEditor" | "belowEditor" },
		) {
			const placement = options?.placement === "belowEditor" ? "below" : "above";
			if (content === undefined) removeWidget(key);
			else if (typeof content === "function") componentWidget(key, content, placement);
			else ui.setWidget({ id: key, content: content.map(String), placement });
		},
		setHeader: (factory: Factory | undefined) => setEdge("header", factory),
		setFooter: (factory: Factory | undefined) => setEdge("footer", factory),
		setTitle(title: string) {
			ui.setTitle(title);
		},
		async custom<T>(
			factory: (
				tui: PiTUI,
				theme: PiTheme,
				keybindings: unknown,
				done: (result: T) => void,
			) => Component | Promise<Component>,
			options?: {
				overlay?: boolean;
				overlayOptions?: PiOverlayOptions | (() => PiOverlayOptions);
				onHandle?: (handle: PiOverlayHandle) => void;
			},
		) {
			const surface = ui.tui;
			if (!surface) return undefined as T;
			let close: ((value: T) => void) | undefined;
			let early: { value: T } | undefined;
			const done = (value: T) => {
				if (close) close(value);
				else early = { value };
			};
			const component = await factory(tuiFor(), piTheme, keybindings, done);
			if (early) {
				(component as { dispose?(): void }).dispose?.();
				return early.value;
			}
			const placement =
				typeof options?.overlayOptions === "function" ? options.overlayOptions() : options?.overlayOptions;
			// Without overlay: true pi draws the component in the editor's place, as wide as the terminal,
			// and ignores overlayOptions; weft floats it in the middle, as wide as it draws itself.
			const overlayOptions = options?.overlay ? toOverlayOptions(placement) : { anchor: "center" as const };
			const handle = openPiOverlay(surface, component, toUIComponent(component), overlayOptions);
			options?.onHandle?.(toPiOverlayHandle(handle));
			try {
				return await new Promise<T>((resolve) => {
					close = resolve;
				});
			} finally {
				handle.close();
				(component as { dispose?(): void }).dispose?.();
			}
		},
		setEditorText(text: string) {
			editorText = text;
			const composer = ui.tui?.buffers.get("composer");
			if (composer) composer.setText(text);
			else unsupported("ui.setEditorText");
		},
		getEditorText: () => ui.tui?.buffers.get("composer")?.getText() ?? editorText,
		pasteToEditor(text: string) {
			const composer = ui.tui?.buffers.get("composer");
			if (composer) composer.setText(text);
			else unsupported("ui.pasteToEditor");
		},
		onTerminalInput(handler: (data: string) => { consume?: boolean; data?: string } | undefined) {
			const surface = ui.tui;
			if (surface) return surface.onInput(handler);
			unsupported("ui.onTerminalInput");
			return () => {};
		},
		setWorkingMessage: (message?: string) => ui.setWorkingMessage(message),
		setWorkingVisible: (visible: boolean) => ui.setWorkingVisible(visible),
		setWorkingIndicator: (indicator?: WorkingIndicator) => ui.setWorkingIndicator(indicator),
		setHiddenThinkingLabel: (label?: string) => ui.setHiddenThinkingLabel(label),
		// Where nothing is typed (print, JSON, RPC) there is nothing to complete, as in pi's print mode.
		addAutocompleteProvider(factory: (current: PiAutocompleteProvider) => PiAutocompleteProvider) {
			ui.tui?.registerCompletionProvider(toCompletionProvider("autocomplete", factory));
		},
		setEditorComponent(factory: EditorFactory | undefined) {
			editorFactory = factory;
			const surface = ui.tui;
			if (!surface) {
				if (factory) unsupported("ui.setEditorComponent");
				return;
			}
			surface.setEditor(
				factory ? (io) => bindEditor(factory(tuiFor(), editorTheme(), keybindings), io) : undefined,
			);
		},
		getEditorComponent: () => editorFactory,
		// weft's themes by name; the theme pi components paint with stays pi's token colours (pi-theme.ts).
		getAllThemes: () => ui.getAllThemes().map(({ name, path }) => ({ name, path })),
		getTheme: (name: string): PiTheme | undefined => (ui.getTheme(name) ? { ...piTheme, name } : undefined),
		setTheme(theme: string | { name?: unknown }) {
			const name = typeof theme === "string" ? theme : theme?.name;
			if (typeof name !== "string")
				return { success: false, error: "setTheme needs a theme name or a theme from getTheme" };
			return ui.setTheme(name);
		},
		getToolsExpanded: () => ui.getToolsExpanded(),
		setToolsExpanded: (expanded: boolean) => ui.setToolsExpanded(expanded),
	};
}

/** What custom components get as `keybindings`: pi's default ids answered with their default keys. */
const keybindings = {
	matches: () => false,
	getKeys: () => [] as string[],
};
