/**
 * The components of the `@mariozechner/pi-tui` shim: weft's own versions of
 * the building blocks pi's extensions compose (Text, Container, Box, Spacer,
 * Markdown as wrapped text, SelectList, SettingsList, Input, Editor, a
 * loader). Each follows pi's component contract — `render(width)` → lines,
 * optional `handleInput(data)` with the raw key bytes, `invalidate()` — so
 * what an extension builds from them (or from its own classes) can be drawn
 * wherever weft draws a component.
 */
import { decodePrintableKey, matchesKey } from "./tui-keys.js";
import { applyBackgroundToLine, truncateToWidth, visibleWidth, wrapTextWithAnsi } from "./tui-text.js";

export interface Component {
	render(width: number): string[];
	handleInput?(data: string): void;
	invalidate(): void;
	wantsKeyRelease?: boolean;
}

/** Marks where a focused component wants the hardware cursor (pi's zero-width APC sequence). */
export const CURSOR_MARKER = "\x1b_pi:c\x07";

export function isFocusable(component: unknown): boolean {
	return component !== null && typeof component === "object" && "focused" in component;
}

type Paint = (text: string) => string;

export class Text implements Component {
	constructor(
		private text = "",
		private paddingX = 1,
		private paddingY = 1,
		private bg?: Paint,
	) {}
	setText(text: string): void {
		this.text = text;
	}
	setCustomBgFn(bg?: Paint): void {
		this.bg = bg;
	}
	invalidate(): void {}
	render(width: number): string[] {
		if (this.text.trim() === "") return [];
		const inner = Math.max(1, width - 2 * this.paddingX);
		const pad = " ".repeat(this.paddingX);
		const blank = Array.from({ length: this.paddingY }, () => "");
		const lines = [...blank, ...wrapTextWithAnsi(this.text, inner).map((l) => pad + l + pad), ...blank];
		return this.bg ? lines.map((l) => applyBackgroundToLine(l, width, this.bg as Paint)) : lines;
	}
}

export class TruncatedText implements Component {
	constructor(
		private text = "",
		private paddingX = 0,
		private paddingY = 0,
	) {}
	setText(text: string): void {
		this.text = text;
	}
	invalidate(): void {}
	render(width: number): string[] {
		const pad = " ".repeat(this.paddingX);
		const line =
			pad + truncateToWidth(this.text.split("\n")[0] ?? "", Math.max(1, width - 2 * this.paddingX));
		const blank = Array.from({ length: this.paddingY }, () => "");
		return [...blank, line, ...blank];
	}
}

export class Spacer implements Component {
	constructor(private lines = 1) {}
	setLines(lines: number): void {
		this.lines = lines;
	}
	invalidate(): void {}
	render(): string[] {
		return Array.from({ length: this.lines }, () => "");
	}
}

export class Container implements Component {
	children: Component[] = [];
	addChild(component: Component): void {
		this.children.push(component);
	}
	removeChild(component: Component): void {
		this.children = this.children.filter((c) => c !== component);
	}
	clear(): void {
		this.children = [];
	}
	invalidate(): void {
		for (const child of this.children) child.invalidate?.();
	}
	render(width: number): string[] {
		return this.children.flatMap((child) => child.render(width));
	}
}

export class Box extends Container {
	constructor(
		private paddingX = 1,
		private paddingY = 1,
		private bg?: Paint,
	) {
		super();
	}
	setBgFn(bg?: Paint): void {
		this.bg = bg;
	}
	override render(width: number): string[] {
		const inner = Math.max(1, width - 2 * this.paddingX);
		const pad = " ".repeat(this.paddingX);
		const blank = Array.from({ length: this.paddingY }, () => "");
		const lines = [...blank, ...super.render(inner).map((l) => pad + l), ...blank];
		return this.bg ? lines.map((l) => applyBackgroundToLine(l, width, this.bg as Paint)) : lines;
	}
}

/** Markdown shown as wrapped text: the markup stays readable, nothing is lost. */
export class Markdown extends Text {
	constructor(text = "", paddingX = 1, paddingY = 1, _theme?: unknown) {
		super(text, paddingX, paddingY);
	}
}

export interface SelectItem {
	value: string;
	label: string;
	description?: string;
}

const identity: Paint = (t) => t;
const wholeCells = (n: number) => (Number.isFinite(n) ? Math.max(0, Math.floor(n)) : 0);

export class SelectList implements Component {
	private filtered: SelectItem[];
	private selected = 0;
	onSelect?: (item: SelectItem) => void;
	onCancel?: () => void;
	onSelectionChange?: (item: SelectItem) => void;
	constructor(
		private items: SelectItem[],
		private maxVisible = 10,
		private theme: Partial<
			Record<"selectedPrefix" | "selectedText" | "description" | "scrollInfo" | "noMatch", Paint>
		> = {},
	) {
		this.filtered = items;
	}
	setFilter(filter: string): void {
		const needle = filter.toLowerCase();
		this.filtered = this.items.filter((i) => (i.label ?? i.value).toLowerCase().includes(needle));
		this.selected = 0;
	}
	setSelectedIndex(index: number): void {
		this.selected = Math.max(0, Math.min(index, this.filtered.length - 1));
	}
	getSelectedItem(): SelectItem | null {
		return this.filtered[this.selected] ?? null;
	}
	invalidate(): void {}
	render(width: number): string[] {
		const { selectedPrefix = identity, selectedText = identity, description = identity } = this.theme;
		if (this.filtered.length === 0) return [(this.theme.noMatch ?? identity)("  No matching items")];
		const start = Math.max(
			0,
			Math.min(this.selected - Math.floor(this.maxVisible / 2), this.filtered.length - this.maxVisible),
		);
		const shown = this.filtered.slice(start, start + this.maxVisible);
		const lines = shown.map((item, i) => {
			const isSelected = start + i === this.selected;
			const label = item.label ?? item.value;
			const text = item.description ? `${label}  ${description(item.description)}` : label;
			const line = isSelected ? selectedPrefix("→ ") + selectedText(text) : `  ${text}`;
			return truncateToWidth(line, width);
		});
		if (this.filtered.length > this.maxVisible)
			lines.push((this.theme.scrollInfo ?? identity)(`  (${this.selected + 1}/${this.filtered.length})`));
		return lines;
	}
	handleInput(data: string): void {
		const count = this.filtered.length;
		if (matchesKey(data, "up") && count > 0) this.move((this.selected - 1 + count) % count);
		else if (matchesKey(data, "down") && count > 0) this.move((this.selected + 1) % count);
		else if (matchesKey(data, "enter")) {
			const item = this.getSelectedItem();
			if (item) this.onSelect?.(item);
		} else if (matchesKey(data, "escape") || matchesKey(data, "ctrl+c")) this.onCancel?.();
	}
	private move(index: number): void {
		this.selected = index;
		const item = this.getSelectedItem();
		if (item) this.onSelectionChange?.(item);
	}
}

export interface SettingItem {
	id: string;
	label: string;
	description?: string;
	currentValue: string;
	values?: string[];
}

/** A list of settings; enter or space cycles the selected one through its values. */
export class SettingsList implements Component {
	private selected = 0;
	constructor(
		private items: SettingItem[],
		private maxVisible: number,
		_theme: unknown,
		private onChange: (id: string, value: string) => void,
		private onCancel: () => void,
	) {}
	updateValue(id: string, value: string): void {
		const item = this.items.find((i) => i.id === id);
		if (item) item.currentValue = value;
	}
	invalidate(): void {}
	render(width: number): string[] {
		const start = Math.max(
			0,
			Math.min(this.selected - Math.floor(this.maxVisible / 2), this.items.length - this.maxVisible),
		);
		return this.items.slice(start, start + this.maxVisible).map((item, i) => {
			const marker = start + i === this.selected ? "→ " : "  ";
			return truncateToWidth(`${marker}${item.label}: ${item.currentValue}`, width);
		});
	}
	handleInput(data: string): void {
		const count = this.items.length;
		if (count === 0) return;
		if (matchesKey(data, "up")) this.selected = (this.selected - 1 + count) % count;
		else if (matchesKey(data, "down")) this.selected = (this.selected + 1) % count;
		else if (matchesKey(data, "enter") || matchesKey(data, "space")) {
			const item = this.items[this.selected];
			const values = item.values ?? [];
			if (values.length === 0) return;
			const next = values[(values.indexOf(item.currentValue) + 1) % values.length];
			item.currentValue = next;
			this.onChange(item.id, next);
		} else if (matchesKey(data, "escape")) this.onCancel();
	}
}

/** One line of editable text. */
export class Input implements Component {
	focused = false;
	onSubmit?: (value: string) => void;
	onEscape?: () => void;
	private value = "";
	getValue(): string {
		return this.value;
	}
	setValue(value: string): void {
		this.value = value;
	}
	invalidate(): void {}
	render(width: number): string[] {
		const prompt = "> ";
		const shown = truncateToWidth(this.value, Math.max(1, width - visibleWidth(prompt) - 1), "");
		return [prompt + shown + (this.focused ? CURSOR_MARKER : "")];
	}
	handleInput(data: string): void {
		if (matchesKey(data, "enter")) this.onSubmit?.(this.value);
		else if (matchesKey(data, "escape")) this.onEscape?.();
		else if (matchesKey(data, "backspace")) this.value = [...this.value].slice(0, -1).join("");
		else {
			const typed =
				decodePrintableKey(data) ?? (data.length > 1 && !data.startsWith("\x1b") ? data : undefined);
			if (typed) this.value += typed;
		}
	}
}

/**
 * Editors whose last key was one they do not use (escape, ctrl+c, arrows):
 * pi's CustomEditor hands those to the app's own bindings, and so does weft
 * (pi-ui.ts reads it after each key, even when a subclass passed it on).
 */
export const unusedKeys = new WeakSet<object>();

/**
 * A multi-line editor: typing, backspace, enter submits, shift+enter or
 * alt+enter a new line. Drawn as pi-tui's is — a rule, the text indented by
 * `paddingX`, a rule — with `borderColor` public, since replacement editors
 * redraw the rules with it.
 */
export class Editor implements Component {
	focused = false;
	onSubmit?: (text: string) => void;
	onChange?: (text: string) => void;
	disableSubmit = false;
	borderColor: Paint;
	protected lines: string[] = [""];
	private history: string[] = [];
	private paddingX: number;
	constructor(
		protected tui?: unknown,
		protected theme?: { borderColor?: Paint },
		options?: { paddingX?: number },
	) {
		this.borderColor = theme?.borderColor ?? identity;
		this.paddingX = wholeCells(options?.paddingX ?? 0);
	}
	getText(): string {
		return this.lines.join("\n");
	}
	getExpandedText(): string {
		return this.getText();
	}
	getLines(): string[] {
		return [...this.lines];
	}
	setText(text: string): void {
		this.lines = text.split("\n");
		this.onChange?.(this.getText());
	}
	insertTextAtCursor(text: string): void {
		this.setText(this.getText() + text);
	}
	addToHistory(text: string): void {
		if (text.trim()) this.history.push(text);
	}
	getPaddingX(): number {
		return this.paddingX;
	}
	setPaddingX(padding: number): void {
		this.paddingX = wholeCells(padding);
	}
	setAutocompleteProvider(): void {}
	isShowingAutocomplete(): boolean {
		return false;
	}
	invalidate(): void {}
	render(width: number): string[] {
		const border = this.borderColor("─".repeat(Math.max(1, width)));
		// As in pi-tui, the padding gives way on a terminal too narrow for it and a character.
		const padding = Math.min(this.paddingX, Math.max(0, Math.floor((width - 1) / 2)));
		const pad = " ".repeat(padding);
		const body = this.lines
			.flatMap((line) => wrapTextWithAnsi(line, Math.max(1, width - 2 * padding)))
			.map((line) => pad + line);
		if (this.focused) body[body.length - 1] += CURSOR_MARKER;
		return [border, ...body, border];
	}
	handleInput(data: string): void {
		const last = this.lines.length - 1;
		if (matchesKey(data, "shift+enter") || matchesKey(data, "alt+enter")) this.lines.push("");
		else if (matchesKey(data, "enter")) {
			if (this.disableSubmit) return;
			const text = this.getText();
			this.lines = [""];
			this.onSubmit?.(text);
			return;
		} else if (matchesKey(data, "backspace")) {
			if (this.lines[last] === "" && last > 0) this.lines.pop();
			else this.lines[last] = [...this.lines[last]].slice(0, -1).join("");
		} else {
			const typed =
				decodePrintableKey(data) ?? (data.length > 1 && !data.startsWith("\x1b") ? data : undefined);
			if (!typed) {
				unusedKeys.add(this);
				return;
			}
			const [first, ...rest] = typed.replace(/\r\n?/g, "\n").split("\n");
			this.lines[last] += first;
			this.lines.push(...rest);
		}
		this.onChange?.(this.getText());
	}
}

/** A spinner line with a message; pi animates it through the TUI, here each render advances it. */
export class Loader implements Component {
	private frame = 0;
	constructor(
		_tui?: unknown,
		private spinnerColor: Paint = identity,
		private messageColor: Paint = identity,
		private message = "Loading...",
	) {}
	setMessage(message: string): void {
		this.message = message;
	}
	start(): void {}
	stop(): void {}
	invalidate(): void {}
	render(width: number): string[] {
		const frames = "⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏";
		const spin = frames[this.frame++ % frames.length];
		return [truncateToWidth(`${this.spinnerColor(spin)} ${this.messageColor(this.message)}`, width)];
	}
}

/** A loader whose escape aborts `signal` and calls `onAbort`. */
export class CancellableLoader extends Loader {
	private readonly controller = new AbortController();
	onAbort?: () => void;
	get signal(): AbortSignal {
		return this.controller.signal;
	}
	get aborted(): boolean {
		return this.controller.signal.aborted;
	}
	handleInput(data: string): void {
		if (matchesKey(data, "escape")) {
			this.controller.abort();
			this.onAbort?.();
		}
	}
	dispose(): void {}
}
