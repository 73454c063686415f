/**
 * The UI port in the terminal: notifications, print blocks in the
 * transcript, status segments, widgets, header and footer, dialogs as
 * focused overlays (with timeouts and abort signals), and the primitives
 * surface (`tui`), and the look extensions may change (working indicator,
 * thinking label, Ctrl+O expansion, theme). Each extension gets its own view
 * (`forExtension`), so what it shows or changes is tagged with its name and
 * taken back when it unloads.
 */
import type { ScopableUI } from "../../extensions/ui-scope.js";
import { BUILTIN_OWNER } from "../../kernel/owner.js";
import {
	type DialogOptions,
	decoratePort,
	type NotifyLevel,
	type PrintBlock,
	type SelectItem,
	type ThemeSwitch,
	type UIPort,
	type UITheme,
	type UIThemeInfo,
	type WidgetSpec,
	type WorkingIndicator,
} from "../../kernel/ui-port.js";
import type { TUISurface } from "../../kernel/ui-surface.js";
import {
	ConfirmDialog,
	EditorDialog,
	InputDialog,
	MultiSelectDialog,
	SelectDialog,
} from "../chat/ui/dialogs.js";
import type { ChatApp } from "./chat-app.js";
import { ThemeCatalog } from "./theme-catalog.js";
import { createTUISurface, type SurfaceRegistry } from "./tui-surface.js";

/** What an extension's appearance call changed, so unloading it restores weft's. */
type LookSetting = "message" | "visible" | "indicator" | "thinkingLabel";

function toItems(items: ReadonlyArray<string | SelectItem>): SelectItem[] {
	return items.map((item) => (typeof item === "string" ? { value: item } : item));
}

export class InteractiveUI implements ScopableUI {
	readonly interactive = true;
	private readonly surfaces = new Map<string, TUISurface>();
	readonly registry: SurfaceRegistry = {
		mentions: new Set(),
		completions: new Set(),
		editorOwner: undefined,
	};
	private readonly statusOwners = new Map<string, string>();
	private headerOwner: string | undefined;
	private footerOwner: string | undefined;
	private readonly lookOwners = new Map<LookSetting, string>();
	private readonly themes: ThemeCatalog;

	/**
	 * `themesDir` (~/.weft/themes) adds the user's themes to those `setTheme`
	 * offers, `piThemePaths` pi theme files (what is wrong with one is a warning).
	 */
	constructor(
		private readonly app: ChatApp,
		options: { themesDir?: string; piThemePaths?: () => readonly string[] } = {},
	) {
		app.mentionProviders = () => [...this.registry.mentions];
		app.completionProviders = () => [...this.registry.completions];
		const { piThemePaths } = options;
		this.themes = new ThemeCatalog(
			options.themesDir,
			piThemePaths && { paths: piThemePaths, warn: (message) => this.notify(message, "warning") },
		);
	}

	get tui(): TUISurface {
		return this.surface(BUILTIN_OWNER);
	}

	forExtension(name: string): UIPort {
		const ui = this;
		// What the extension shows is tagged with its name; dialogs and print blocks are the same for everyone.
		return decoratePort(ui, {
			notify: (message, level) => ui.note(name, message, level),
			setStatus: (id, text) => ui.status(name, id, text),
			setWidget: (spec) => ui.widget(name, spec),
			setHeader: (lines) => ui.header(name, lines),
			setFooter: (lines) => ui.footer(name, lines),
			setWorkingMessage: (text) => ui.look(name, "message", () => ui.setWorkingMessage(text)),
			setWorkingVisible: (visible) => ui.look(name, "visible", () => ui.setWorkingVisible(visible)),
			setWorkingIndicator: (indicator) => ui.look(name, "indicator", () => ui.setWorkingIndicator(indicator)),
			setHiddenThinkingLabel: (label) =>
				ui.look(name, "thinkingLabel", () => ui.setHiddenThinkingLabel(label)),
			get tui() {
				return ui.surface(name);
			},
		});
	}

	removeOwner(name: string): void {
		this.surfaces.delete(name);
		for (const [id, owner] of this.statusOwners) if (owner === name) this.setStatus(id, undefined);
		this.app.widgetsAbove.removeOwner(name);
		this.app.widgetsBelow.removeOwner(name);
		if (this.headerOwner === name) this.setHeader(undefined);
		if (this.footerOwner === name) this.setFooter(undefined);
		this.app.chrome.removeOwner(name);
		this.app.conversationHeader.removeOwner(name);
		for (const [setting, owner] of this.lookOwners) if (owner === name) this.restoreLook(setting);
		for (const provider of this.registry.mentions)
			if (provider.owner === name) this.registry.mentions.delete(provider);
		for (const provider of this.registry.completions)
			if (provider.owner === name) this.registry.completions.delete(provider);
		if (this.registry.editorOwner === name) {
			this.registry.editorOwner = undefined;
			this.app.setEditor(undefined);
		}
		this.app.overlays.removeOwner(name);
		this.app.inputListeners.removeOwner(name);
		this.app.removeWindowsOf(name);
		this.app.requestRender();
	}

	notify(message: string, level: NotifyLevel = "info"): void {
		this.note(undefined, message, level);
	}

	print(block: PrintBlock): void {
		this.app.transcript.add("print", { block });
		this.app.requestRender();
	}

	select(title: string, items: ReadonlyArray<string | SelectItem>, options?: DialogOptions) {
		return this.app.openDialog(new SelectDialog(title, toItems(items), this.app.styler), options);
	}

	multiSelect(title: string, items: ReadonlyArray<string | SelectItem>, options?: DialogOptions) {
		return this.app.openDialog(new MultiSelectDialog(title, toItems(items), this.app.styler), options);
	}

	async confirm(title: string, message?: string, options?: DialogOptions): Promise<boolean> {
		const answer = await this.app.openDialog(new ConfirmDialog(title, message, this.app.styler), options);
		return answer === true;
	}

	input(title: string, options: DialogOptions & { placeholder?: string; initial?: string } = {}) {
		return this.app.openDialog(
			new InputDialog(title, { placeholder: options.placeholder, initial: options.initial }, this.app.styler),
			options,
		);
	}

	editor(title: string, initial?: string, options?: DialogOptions) {
		return this.app.openDialog(new EditorDialog(title, { initial }, this.app.styler), options);
	}

	setStatus(id: string, text: string | undefined): void {
		this.status(BUILTIN_OWNER, id, text);
	}

	setWidget(spec: WidgetSpec): void {
		this.widget(BUILTIN_OWNER, spec);
	}

	removeWidget(id: string): void {
		this.app.widgetsAbove.remove(id);
		this.app.widgetsBelow.remove(id);
		this.app.requestRender();
	}

	setHeader(lines: string[] | undefined): void {
		this.header(BUILTIN_OWNER, lines);
	}

	setFooter(lines: string[] | undefined): void {
		this.footer(BUILTIN_OWNER, lines);
	}

	setTitle(title: string): void {
		this.app.setTitle(title);
	}

	setWorkingMessage(text?: string): void {
		this.app.working.message = text === undefined || text === "" ? undefined : String(text);
		this.app.requestRender();
	}

	setWorkingVisible(visible: boolean): void {
		this.app.working.visible = visible !== false;
		this.app.requestRender();
	}

	setWorkingIndicator(indicator?: WorkingIndicator): void {
		this.app.working.setIndicator(indicator);
		this.app.requestRender();
	}

	setHiddenThinkingLabel(label?: string): void {
		this.app.thinkingLabel = label === undefined || label === "" ? undefined : String(label);
		this.app.requestRender();
	}

	getToolsExpanded(): boolean {
		return this.app.expanded;
	}

	setToolsExpanded(expanded: boolean): void {
		this.app.setExpanded(expanded === true);
	}

	getAllThemes(): UIThemeInfo[] {
		return this.themes
			.list()
			.map(({ name, appearance, path }) => (path ? { name, appearance, path } : { name, appearance }));
	}

	getTheme(name: string): UITheme | undefined {
		const theme = this.themes.get(name);
		return theme && { name: theme.name, appearance: theme.appearance, colors: { ...theme.colors } };
	}

	setTheme(wanted: string | UITheme): ThemeSwitch {
		const found = this.themes.resolve(wanted);
		if (!("theme" in found)) return found;
		this.app.setTheme(found.theme);
		return { success: true };
	}

	private surface(owner: string): TUISurface {
		let surface = this.surfaces.get(owner);
		if (!surface) {
			surface = createTUISurface(this.app, owner, this.registry);
			this.surfaces.set(owner, surface);
		}
		return surface;
	}

	/** An extension's change to the look, remembered so its unloading restores weft's. */
	private look(owner: string, setting: LookSetting, apply: () => void): void {
		apply();
		this.lookOwners.set(setting, owner);
	}

	private restoreLook(setting: LookSetting): void {
		this.lookOwners.delete(setting);
		if (setting === "message") this.setWorkingMessage(undefined);
		else if (setting === "visible") this.setWorkingVisible(true);
		else if (setting === "indicator") this.setWorkingIndicator(undefined);
		else this.setHiddenThinkingLabel(undefined);
	}

	private note(owner: string | undefined, message: string, level: NotifyLevel = "info"): void {
		this.app.notifications.notify(owner ? `[${owner}] ${message}` : message, level);
		// Errors and warnings stay in the transcript: a toast that vanishes is easy to miss.
		if (level === "error" || level === "warning")
			this.app.transcript.add("notice", { level, text: owner ? `[${owner}] ${message}` : message });
		this.app.requestRender();
	}

	private status(owner: string, id: string, text: string | undefined): void {
		const segments = this.app.status.segments.filter((s) => s.id !== id);
		if (text === undefined) this.statusOwners.delete(id);
		else {
			this.statusOwners.set(id, owner);
			segments.push({ id, text });
		}
		this.app.status = { ...this.app.status, segments };
		this.app.requestRender();
	}

	private widget(owner: string, spec: WidgetSpec): void {
		if (!spec || typeof spec.id !== "string" || spec.id === "")
			throw new Error("setWidget needs a spec with a non-empty id");
		const [area, other] =
			spec.placement === "below"
				? [this.app.widgetsBelow, this.app.widgetsAbove]
				: [this.app.widgetsAbove, this.app.widgetsBelow];
		other.remove(spec.id);
		area.set({ ...spec, owner });
		this.app.requestRender();
	}

	private header(owner: string, lines: string[] | undefined): void {
		this.headerOwner = lines ? owner : undefined;
		this.app.header = lines;
		this.app.requestRender();
	}

	private footer(owner: string, lines: string[] | undefined): void {
		this.footerOwner = lines ? owner : undefined;
		this.app.footer = lines;
		this.app.requestRender();
	}
}
