/**
 * The header at the top of the conversation, in the scrollback: weft's
 * start-up header, or an extension's header component in its place (pi's
 * `setHeader`), which scrolls away as the conversation grows. weft's lines
 * are ready before the first session starts, but that session's
 * `session_start` handlers are where extensions set their header; so what
 * is committed to the scrollback waits (the live region still draws) until
 * the session has started, and then the header goes first. A header set or
 * cleared after that goes where pi puts it, at the top: the conversation is
 * written again under it, as after the terminal got narrower (once the
 * changes settle: a reload takes a header down and sets it again).
 */
import type { Component } from "../primitives/window.js";
import { InlineRenderer } from "../render/inline-renderer.js";
import { type DrawFailureReport, renderOrReport } from "./draw-failure.js";

/** An InlineRenderer whose commits can wait behind the start-up header. */
export class HeaderFirstRenderer extends InlineRenderer {
	private held: string[][] | undefined;

	override commit(lines: readonly string[]): void {
		if (this.held) this.held.push([...lines]);
		else super.commit(lines);
	}

	/** Commits wait from now until `release`. */
	hold(): void {
		this.held ??= [];
	}

	/** Commits `first`, then what waited. */
	release(first: readonly string[]): void {
		const held = this.held ?? [];
		this.held = undefined;
		super.commit(first);
		for (const lines of held) super.commit(lines);
	}
}

export interface ConversationHeaderOptions {
	renderer: HeaderFirstRenderer;
	width(): number;
	/** Clears the terminal and writes the conversation again, header first, once changes settle. */
	rewrite(): void;
	report: DrawFailureReport;
}

export class ConversationHeader {
	private startup: string[] = [];
	private extension: { owner: string; component: Component } | undefined;
	private printed = false;

	constructor(private readonly options: ConversationHeaderOptions) {}

	/** weft's start-up header; the scrollback waits for `print`. */
	hold(lines: string[]): void {
		this.startup = lines;
		this.options.renderer.hold();
	}

	/** The first session has started: its header (an extension's, or weft's) goes first in the scrollback. */
	print(): void {
		if (this.printed) return;
		this.printed = true;
		this.options.renderer.release(this.lines(this.options.width()));
	}

	/** An extension's header, or undefined to put weft's back (only the owner's own header is cleared). */
	set(owner: string, component: Component | undefined): void {
		if (component) this.extension = { owner, component };
		else if (this.extension?.owner === owner) this.extension = undefined;
		else return;
		if (this.printed) this.options.rewrite();
	}

	/** `owner` unloaded: weft's header is back at the top. */
	removeOwner(owner: string): void {
		if (this.extension?.owner === owner) this.set(owner, undefined);
	}

	/** The header's lines at `width`; an extension's that throws is reported and weft's used. */
	lines(width: number): string[] {
		const extension = this.extension;
		if (!extension) return this.startup;
		const what = { part: "header", stock: "start-up header", owner: extension.owner };
		const lines = renderOrReport(() => extension.component.render(width), what, this.options.report);
		if (lines) return lines;
		this.extension = undefined;
		return this.startup;
	}
}
