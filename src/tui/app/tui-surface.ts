/**
 * The terminal UI's primitives handed to one extension (`ui.tui`): the
 * layout, buffers, overlays, custom dialogs, editor replacement, mention
 * providers and component widgets — each tagged with the extension's name,
 * so what it made is taken down when it unloads and mistakes name it.
 */
import { BUILTIN_OWNER } from "../../kernel/owner.js";
import type { DialogOptions } from "../../kernel/ui-port.js";
import type {
	CompletionProvider,
	EditorFactory,
	MentionProvider,
	OverlayHandle,
	OverlayOptions,
	TUILayout,
	TUISurface,
	UIBuffer,
	UIComponent,
	UILayoutSpec,
} from "../../kernel/ui-surface.js";
import type { DrawOp } from "../primitives/draw-ops.js";
import { createTUIHelpers } from "../primitives/helpers.js";
import type { LayoutSpec } from "../primitives/layout.js";
import type { ChatApp } from "./chat-app.js";

/** Things an extension's surface registered, shared so the app can remove them when it unloads. */
export interface SurfaceRegistry {
	mentions: Set<MentionProvider & { owner: string }>;
	completions: Set<CompletionProvider & { owner: string }>;
	editorOwner: string | undefined;
}

function withOwner(spec: UILayoutSpec, owner: string): LayoutSpec {
	if ("split" in spec) return { ...spec, children: spec.children.map((c) => withOwner(c, owner)) };
	return { ...spec, owner };
}

export function createTUISurface(app: ChatApp, owner: string, registry: SurfaceRegistry): TUISurface {
	const layout: TUILayout = {
		read: () => app.layout.read(),
		insert: (spec, where) => app.layout.insert(withOwner(spec, owner), where),
		remove: (id) => app.layout.remove(id),
		move: (id, where) => app.layout.move(id, where),
		update: (id, patch) => app.layout.update(id, patch),
		replace: (specs) => app.layout.replace(specs.map((s) => withOwner(s, owner))),
		reset: () => app.resetLayout(),
		focus: (id) => app.layout.focus(id),
		draw: (id, ops) => {
			const window = app.layout.window(id);
			if (window && window.owner !== owner && window.owner !== BUILTIN_OWNER)
				throw new Error(`window "${id}" belongs to ${window.owner}; only its owner draws in it`);
			app.layout.draw(id, ops as DrawOp[]);
		},
	};
	const buffers = {
		create: (name: string, kind: "lines" | "blocks") => app.buffers.create(name, kind, owner),
		get: (name: string) => app.buffers.get(name),
		list: () => app.buffers.list().map((b) => b.name),
	};
	const helpers = createTUIHelpers(() => app.styler);
	return {
		layout,
		buffers,
		get size() {
			return app.size;
		},
		helpers,
		overlay: (component: UIComponent, options?: OverlayOptions): OverlayHandle =>
			app.overlays.push(component, { ...options, owner }),
		custom: <T>(
			factory: (done: (value: T | undefined) => void) => UIComponent,
			options: DialogOptions & OverlayOptions = {},
		): Promise<T | undefined> => app.openCustom(factory, options, owner),
		setEditor: (factory: EditorFactory | undefined) => {
			if (!factory) {
				if (registry.editorOwner === owner || registry.editorOwner === undefined) {
					registry.editorOwner = undefined;
					app.setEditor(undefined);
				}
				return;
			}
			registry.editorOwner = owner;
			app.setEditor(
				factory({
					buffer: app.buffers.get("composer") as UIBuffer,
					submit: (text) => app.submitText(text),
					requestRender: () => app.requestRender(),
				}),
				owner,
			);
		},
		registerMentionProvider: (provider) => {
			if (!provider || typeof provider.complete !== "function" || !provider.name)
				throw new Error("registerMentionProvider needs { name, complete(query, signal) }");
			const entry = { ...provider, owner };
			registry.mentions.add(entry);
			return () => registry.mentions.delete(entry);
		},
		registerCompletionProvider: (provider) => {
			if (!provider || typeof provider.suggest !== "function" || !provider.name)
				throw new Error("registerCompletionProvider needs { name, suggest(request), apply?(…) }");
			const entry = Object.assign(Object.create(provider) as CompletionProvider, { owner });
			registry.completions.add(entry);
			return () => registry.completions.delete(entry);
		},
		onInput: (listener) => app.inputListeners.add(owner, listener),
		releaseTerminal: () => app.releaseTerminal(),
		runInTerminal: async (run) => {
			const takeBack = app.releaseTerminal();
			try {
				return await run();
			} finally {
				takeBack();
			}
		},
		setWidgetComponent: (id, component, options = {}) => {
			const area = options.placement === "below" ? app.widgetsBelow : app.widgetsAbove;
			(options.placement === "below" ? app.widgetsAbove : app.widgetsBelow).remove(id);
			area.set({ id, owner, component, priority: options.priority ?? 0 });
			app.requestRender();
		},
		setHeaderComponent: (component) => {
			app.chrome.set("header", owner, component);
			app.requestRender();
		},
		setConversationHeader: (component) => app.conversationHeader.set(owner, component),
		setFooterComponent: (component) => {
			app.chrome.set("footer", owner, component);
			app.requestRender();
		},
		requestRender: () => app.requestRender(),
	};
}
