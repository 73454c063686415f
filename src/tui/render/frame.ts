/** What the renderer draws each frame: the live region, top to bottom. */
import type { UICursor } from "../../kernel/ui-surface.js";

/** Row within the frame's lines, column in terminal cells. */
export type CursorPosition = UICursor;

export interface Frame {
	lines: string[];
	/** Where the hardware cursor shows (the composer's caret); hidden when absent. */
	cursor?: CursorPosition;
}

export interface FrameSize {
	width: number;
	height: number;
}
