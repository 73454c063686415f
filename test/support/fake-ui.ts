/**
 * A UI port for tests that drive extensions as if a user were there: it
 * says it is interactive, draws nothing, dismisses every dialog and ignores
 * every other call, except what `overrides` replace (what the test watches
 * or answers). One place to grow when the port does.
 */
import { type UIPort, UndrawnAppearance } from "../../src/kernel/ui-port.js";

export function interactiveUI(overrides: Partial<UIPort> = {}): UIPort {
	// The appearance calls come from UndrawnAppearance's prototype; own properties (and overrides) win.
	return Object.assign(new UndrawnAppearance(), {
		interactive: true,
		notify: () => {},
		print: () => {},
		select: async () => undefined,
		multiSelect: async () => undefined,
		confirm: async () => false,
		input: async () => undefined,
		editor: async () => undefined,
		setStatus: () => {},
		setWidget: () => {},
		removeWidget: () => {},
		setHeader: () => {},
		setFooter: () => {},
		setTitle: () => {},
		...overrides,
	});
}
