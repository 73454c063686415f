/**
 * Dialogs as focused overlays: weft's own (select, confirm, input…) anchored
 * at the bottom, and an extension's component dialog (`ui.tui.custom`)
 * floating where its options say. Either ends when it resolves, times out,
 * or its signal aborts (dialog-options.ts), and its overlay closes then.
 */
import { BUILTIN_OWNER } from "../../kernel/owner.js";
import type { DialogOptions } from "../../kernel/ui-port.js";
import type { OverlayOptions } from "../../kernel/ui-surface.js";
import type { Dialog } from "../chat/ui/dialog.js";
import { withDialogOptions } from "../chat/ui/dialog-options.js";
import type { OverlayStack } from "../chat/ui/overlay.js";
import type { Clock } from "../clock.js";
import type { Component } from "../primitives/window.js";

export interface DialogHost {
	overlays: OverlayStack;
	clock: Clock;
	requestRender(): void;
}

export function openDialog<T>(
	host: DialogHost,
	dialog: Dialog<T>,
	options: DialogOptions,
): Promise<T | undefined> {
	const handle = host.overlays.push(dialog, { anchor: "bottom", owner: BUILTIN_OWNER });
	const off = dialog.onChange(() => host.requestRender());
	return withDialogOptions(dialog, options, host.clock).finally(() => {
		off();
		handle.close();
	});
}

export function openCustom<T>(
	host: DialogHost,
	factory: (done: (value: T | undefined) => void) => Component,
	options: DialogOptions & OverlayOptions,
	owner: string,
): Promise<T | undefined> {
	let settle: (value: T | undefined) => void = () => {};
	const result = new Promise<T | undefined>((resolve) => {
		settle = resolve;
	});
	const component = factory((value) => settle(value));
	const handle = host.overlays.push(component, { anchor: "center", ...options, owner });
	return withDialogOptions({ result }, options, host.clock).finally(() => handle.close());
}
