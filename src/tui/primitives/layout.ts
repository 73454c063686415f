/**
 * The layout: an ordered tree of windows. The top level is a vertical stack;
 * splits inside it lay windows side by side ("row") or stack them again
 * ("column"). Extensions read it, insert, remove, move and update windows,
 * or replace the whole tree — the stock chat is just the default tree.
 */
import type { UILayoutSnapshot, UIPlacement, UISplitSpec } from "../../kernel/ui-surface.js";
import type { DrawOp } from "./draw-ops.js";
import {
	checkHeight,
	createWindow,
	isComponent,
	setDrawOps,
	type Window,
	type WindowRenderer,
	type WindowSpec,
} from "./window.js";

/** The kernel's public split spec (row splits: `sizes` are each child's width in columns; undefined shares what is left), whose windows carry their owner. */
export interface SplitSpec extends Omit<UISplitSpec, "children"> {
	children: LayoutSpec[];
}

export type LayoutSpec = WindowSpec | SplitSpec;

export type LayoutNode =
	| { type: "window"; window: Window }
	| {
			type: "split";
			id: string;
			direction: "row" | "column";
			children: LayoutNode[];
			sizes?: Array<number | undefined>;
			visible: boolean;
	  };

/** The kernel's public shapes: placement of a node, and the tree as `read()` returns it. */
export type Placement = UIPlacement;
export type LayoutSnapshot = UILayoutSnapshot;

export type WindowPatch = Partial<Pick<Window, "buffer" | "height" | "visible" | "focusable" | "renderer">>;

function nodeId(node: LayoutNode): string {
	return node.type === "window" ? node.window.id : node.id;
}

export class Layout {
	private root: LayoutNode[] = [];
	private focusedId: string | undefined;
	private readonly listeners = new Set<() => void>();
	private changes = 0;

	constructor(specs: LayoutSpec[] = []) {
		this.root = this.build(specs, new Set());
	}

	/** Increases with every change. */
	get version(): number {
		return this.changes;
	}

	onChange(listener: () => void): () => void {
		this.listeners.add(listener);
		return () => this.listeners.delete(listener);
	}

	/** The live top-level stack, for the compositor. */
	get stack(): readonly LayoutNode[] {
		return this.root;
	}

	read(): LayoutSnapshot[] {
		return this.root.map(snapshot);
	}

	window(id: string): Window | undefined {
		const found = this.find(id);
		return found?.node.type === "window" ? found.node.window : undefined;
	}

	/** Every window, in tree order. */
	windows(): Window[] {
		const out: Window[] = [];
		const walk = (nodes: LayoutNode[]) => {
			for (const node of nodes) {
				if (node.type === "window") out.push(node.window);
				else walk(node.children);
			}
		};
		walk(this.root);
		return out;
	}

	insert(spec: LayoutSpec, where: Placement = {}): void {
		const [node] = this.build([spec], this.ids());
		const { list, index } = this.locate(where);
		list.splice(index, 0, node);
		this.changed();
	}

	/** Removes a window or a split (with everything in it). */
	remove(id: string): boolean {
		const found = this.find(id);
		if (!found) return false;
		found.list.splice(found.index, 1);
		if (this.focusedId !== undefined && !this.window(this.focusedId)) this.focusedId = undefined;
		this.changed();
		return true;
	}

	move(id: string, where: Placement): void {
		const found = this.require(id);
		found.list.splice(found.index, 1);
		try {
			const target = this.locate(where);
			target.list.splice(target.index, 0, found.node);
		} catch (error) {
			found.list.splice(found.index, 0, found.node);
			throw error;
		}
		this.changed();
	}

	update(id: string, patch: WindowPatch): void {
		const window = this.window(id);
		if (!window) throw new Error(`no window "${id}" in the layout`);
		if (patch.height) checkHeight(id, patch.height);
		if (patch.renderer !== undefined && patch.renderer !== window.renderer) window.drawOps = [];
		Object.assign(window, patch);
		this.changed();
	}

	/** Shows or hides a split (windows: use update). */
	setSplitVisible(id: string, visible: boolean): void {
		const found = this.require(id);
		if (found.node.type !== "split") throw new Error(`"${id}" is a window, not a split; use update()`);
		found.node.visible = visible;
		this.changed();
	}

	/**
	 * Replaces the whole tree: a reskin. A window spec with the id of an
	 * existing window updates that window (keeping its renderer and draw
	 * operations unless the spec sets a renderer); windows left out are gone.
	 */
	replace(specs: LayoutSpec[]): void {
		const existing = new Map(this.windows().map((w) => [w.id, w]));
		this.root = this.build(specs, new Set(), existing);
		if (this.focusedId !== undefined && !this.window(this.focusedId)) this.focusedId = undefined;
		this.changed();
	}

	/** Submits the draw operations of an "extension" window (checked; replaces the previous ones). */
	draw(id: string, ops: DrawOp[]): void {
		const window = this.window(id);
		if (!window) throw new Error(`no window "${id}" in the layout`);
		setDrawOps(window, ops);
		this.changed();
	}

	focus(id: string | undefined): void {
		if (id !== undefined) {
			const window = this.window(id);
			if (!window) throw new Error(`no window "${id}" in the layout`);
			if (!window.focusable) throw new Error(`window "${id}" is not focusable`);
		}
		this.focusedId = id;
		this.changed();
	}

	/** The focused window, if it is still there, visible and focusable. */
	focused(): Window | undefined {
		const window = this.focusedId === undefined ? undefined : this.window(this.focusedId);
		return window?.visible && window.focusable ? window : undefined;
	}

	/** Moves focus to the next (or previous, with -1) visible focusable window, wrapping around. */
	focusNext(step: 1 | -1 = 1): Window | undefined {
		const candidates = this.windows().filter((w) => w.visible && w.focusable);
		if (candidates.length === 0) return undefined;
		const current = candidates.findIndex((w) => w.id === this.focusedId);
		const next = candidates[(current + step + candidates.length) % candidates.length];
		this.focus(next.id);
		return next;
	}

	private changed(): void {
		this.changes++;
		for (const listener of this.listeners) listener();
	}

	private build(specs: LayoutSpec[], taken: Set<string>, existing?: Map<string, Window>): LayoutNode[] {
		return specs.map((spec) => {
			if (!spec || typeof spec.id !== "string" || spec.id === "") {
				throw new Error("every window and split in a layout needs a non-empty string id");
			}
			if (taken.has(spec.id)) throw new Error(`the layout already has a window or split "${spec.id}"`);
			taken.add(spec.id);
			if ("split" in spec) {
				if (spec.split !== "row" && spec.split !== "column") {
					throw new Error(`split "${spec.id}": split must be "row" or "column"`);
				}
				return {
					type: "split",
					id: spec.id,
					direction: spec.split,
					children: this.build(spec.children ?? [], taken, existing),
					sizes: spec.sizes,
					visible: spec.visible ?? true,
				};
			}
			const old = existing?.get(spec.id);
			if (!old) return { type: "window", window: createWindow(spec) };
			const window = createWindow({ ...old, ...spec, renderer: spec.renderer ?? old.renderer });
			if (window.renderer === old.renderer) window.drawOps = old.drawOps;
			return { type: "window", window };
		});
	}

	private ids(): Set<string> {
		const ids = new Set<string>();
		const walk = (nodes: LayoutNode[]) => {
			for (const node of nodes) {
				ids.add(nodeId(node));
				if (node.type === "split") walk(node.children);
			}
		};
		walk(this.root);
		return ids;
	}

	private find(
		id: string,
		nodes = this.root,
	): { node: LayoutNode; list: LayoutNode[]; index: number } | undefined {
		for (let index = 0; index < nodes.length; index++) {
			const node = nodes[index];
			if (nodeId(node) === id) return { node, list: nodes, index };
			if (node.type === "split") {
				const inner = this.find(id, node.children);
				if (inner) return inner;
			}
		}
		return undefined;
	}

	private require(id: string): { node: LayoutNode; list: LayoutNode[]; index: number } {
		const found = this.find(id);
		if (!found) throw new Error(`no window or split "${id}" in the layout`);
		return found;
	}

	private locate(where: Placement): { list: LayoutNode[]; index: number } {
		if ("before" in where || "after" in where) {
			const anchor = "before" in where ? where.before : where.after;
			const found = this.require(anchor);
			return { list: found.list, index: found.index + ("after" in where ? 1 : 0) };
		}
		let list = this.root;
		if (where.parent !== undefined) {
			const parent = this.require(where.parent);
			if (parent.node.type !== "split")
				throw new Error(`"${where.parent}" is a window; only splits hold others`);
			list = parent.node.children;
		}
		const index = where.index === undefined ? list.length : Math.min(Math.max(0, where.index), list.length);
		return { list, index };
	}
}

function rendererKind(renderer: WindowRenderer): "stock" | "extension" | "component" {
	return isComponent(renderer) ? "component" : renderer;
}

function snapshot(node: LayoutNode): LayoutSnapshot {
	if (node.type === "split") {
		return {
			split: node.direction,
			id: node.id,
			sizes: node.sizes ? [...node.sizes] : undefined,
			visible: node.visible,
			children: node.children.map(snapshot),
		};
	}
	const w = node.window;
	return {
		id: w.id,
		buffer: w.buffer,
		height: { ...w.height },
		visible: w.visible,
		focusable: w.focusable,
		rendererKind: rendererKind(w.renderer),
		owner: w.owner,
	};
}
