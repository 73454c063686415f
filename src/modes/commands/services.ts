/**
 * What the session commands (`/compact`, `/session`, `/name`) need from the
 * mode that runs them: where to report, and the session. The interactive
 * mode's services provide it (its session changes with /new and /resume);
 * print and JSON mode build it around their one session, and so will RPC.
 */
import type { AgentSession } from "../../agent/session.js";
import type { UIPort } from "../../kernel/ui-port.js";

export interface SessionCommandServices {
	readonly ui: UIPort;
	/** The session the commands act on now. */
	session(): AgentSession;
}
