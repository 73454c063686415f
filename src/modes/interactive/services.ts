/**
 * What the interactive mode's built-in commands need from the running app:
 * the current session (which `/new` and `/resume` replace), the extension
 * host, settings and paths, and a few UI actions beyond the UI port. The
 * interactive mode implements it; commands receive it when registered, so
 * they can be tested with a fake.
 */
import type { AgentSession } from "../../agent/session.js";
import type { Settings } from "../../ai/settings.js";
import type { ExtensionHost } from "../../extensions/host.js";
import type { Kernel } from "../../kernel/kernel.js";
import type { ModelInfo, ThinkingLevel } from "../../kernel/provider.js";
import type { UIPort } from "../../kernel/ui-port.js";
import type { TreeChoice, TreeDialogRow } from "../../tui/chat/ui/tree-dialog.js";

export interface InteractiveServices {
	readonly kernel: Kernel;
	readonly ui: UIPort;
	readonly cwd: string;
	/** weft's home folder (~/.weft or WEFT_HOME). */
	readonly home: string;
	readonly env: NodeJS.ProcessEnv;
	/** Settings as loaded at start-up (reloaded by `reloadSettings`). */
	settings(): Settings;
	reloadSettings(): Settings;
	/** The session the user is talking to now. */
	session(): AgentSession;
	/** Models the user can pick: the catalog, configured and extension providers. */
	models(): ModelInfo[];
	/** Switches the model of the current session (and remembers it as the session's model). */
	setModel(model: ModelInfo): void;
	/** Sets the session's thinking level (remembered in the session), shows it in the status line and says so. */
	setThinking(level: ThinkingLevel): void;
	/** The name of the theme the terminal UI draws with now. */
	themeName(): string;
	/**
	 * Replaces the current session: a fresh one, one resumed from a file, or a
	 * fork of the current one cut before the user message `entryId` (whose
	 * text is then put in the composer). Emits session_before_switch first
	 * (session_before_fork for a fork); resolves false when an extension
	 * cancelled it (the reason was shown to the user).
	 */
	switchSession(
		target:
			| { kind: "new"; parentSession?: string }
			| { kind: "resume"; file: string }
			| { kind: "fork"; entryId: string },
	): Promise<boolean>;
	/** Shows the session tree full-height (`/tree`); undefined when the user closed it. */
	pickInTree(rows: readonly TreeDialogRow[]): Promise<TreeChoice | undefined>;
	/** Replaces what the composer holds (text to edit and send again). */
	setComposerText(text: string): void;
	/** Undefined when no extensions are configured. */
	readonly host: ExtensionHost | undefined;
	/** Reloads extensions (fresh module instances), reporting what loaded and what failed. */
	reloadExtensions(): Promise<void>;
	/** Copies text to the system clipboard (OSC 52, plus a platform tool when present); says how. */
	copyToClipboard(text: string): Promise<string>;
	/** Ends the interactive session: the terminal is restored and weft exits 0. */
	exit(): void;
}
