/**
 * The keys that move a list's highlight, the same in every list of the
 * stock chat (select lists, the session tree): up and down wrap around,
 * page up and down move by a page, home and end go to the ends.
 */

/**
 * The index `key` moves the highlight to from `selected` in a list of
 * `count` rows showing `page` of them, or undefined when `key` does not
 * move it. An empty list stays where it is; the index may be out of range
 * (-1 at the end of an empty list): the list clamps or ignores it.
 */
export function listMotion(key: string, selected: number, count: number, page: number): number | undefined {
	switch (key) {
		case "up":
		case "ctrl+p":
			return count > 0 ? (selected - 1 + count) % count : selected;
		case "down":
		case "ctrl+n":
			return count > 0 ? (selected + 1) % count : selected;
		case "pageup":
			return Math.max(0, selected - page);
		case "pagedown":
			return Math.min(count - 1, selected + page);
		case "home":
			return 0;
		case "end":
			return count - 1;
	}
	return undefined;
}
