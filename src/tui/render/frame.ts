/** What the renderer draws each frame: the live region, top to bottom. */

export interface CursorPosition {
	/** Row within the frame's lines. */
	row: number;
	/** Column in terminal cells. */
	col: number;
}

export interface Frame {
	lines: string[];
	/** Where the hardware cursor shows (the composer's caret); hidden when absent. */
	cursor?: CursorPosition;
}

export interface FrameSize {
	width: number;
	height: number;
}
