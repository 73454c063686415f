/**
 * HostSessions as the terminal uses it: a channel sees the session before
 * `session_start`, a close says why, settings and trust are read for each
 * session (they change at runtime), and which session code serves is known
 * only where an extension host may ask.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { mockProviderSettings } from "../../../test/support/weft-cli.js";
import type { AgentSession } from "../../agent/session.js";
import type { Settings } from "../../ai/settings.js";
import type { ExtensionHost } from "../../extensions/host.js";
import { Kernel } from "../../kernel/kernel.js";
import { HostSessions, type SessionPoolOptions } from "./session-pool.js";

let dir: string;
beforeEach(() => {
	dir = mkdtempSync(join(tmpdir(), "weft-pool-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const settings = mockProviderSettings("http://127.0.0.1:9/v1", "openai-completions") as Settings;

function pool(options: Partial<SessionPoolOptions> = {}) {
	const kernel = options.kernel ?? new Kernel();
	const sessions = new HostSessions({
		cwd: dir,
		home: dir,
		env: {},
		kernel,
		settings,
		projectTrusted: true,
		host: () => undefined,
		warn: () => {},
		...options,
	});
	return { kernel, sessions };
}

describe("HostSessions", () => {
	it("hands a channel the session before session_start, and closes it with the reason given", async () => {
		const { kernel, sessions } = pool();
		const seen: string[] = [];
		kernel.bus.on("session_start", (e) => void seen.push(`session_start ${e.sessionId}`), { owner: "probe" });
		kernel.bus.on("session_shutdown", (e) => void seen.push(`session_shutdown ${e.reason}`), {
			owner: "probe",
		});

		const session = await sessions.create({
			session: { persist: false },
			beforeStart: (s) => void seen.push(`shown ${s.id}`),
		});
		await kernel.bus.idle();
		expect(await sessions.close(session.id, "new")).toBe(true);

		expect(seen).toEqual([`shown ${session.id}`, `session_start ${session.id}`, "session_shutdown new"]);
		expect(sessions.list()).toEqual([]);
	});

	it("reads settings and trust for each session, so a change at runtime applies to the next one", async () => {
		let current: Settings = settings;
		let trusted = false;
		const { sessions } = pool({ settings: () => current, projectTrusted: () => trusted });

		const first = await sessions.create({ session: { persist: false } });
		current = { ...settings, thinking: "high" };
		trusted = true;
		const second = await sessions.create({ session: { persist: false } });

		expect(first.thinking).not.toBe("high");
		expect(second.thinking).toBe("high");
		await sessions.closeAll("exit");
	});

	it("tells code which session it serves only when an extension host may ask", async () => {
		const kernel = new Kernel();
		let host: ExtensionHost | undefined;
		const { sessions } = pool({ kernel, host: () => host });
		const served: Array<string | undefined> = [];
		kernel.bus.on("session_start", () => void served.push(sessions.current()?.id), { owner: "probe" });

		const alone = await sessions.create({ session: { persist: false } });
		await kernel.bus.idle();
		host = { bind: (_session: AgentSession) => {} } as ExtensionHost;
		const hosted = await sessions.create({ session: { persist: false } });
		await kernel.bus.idle();

		expect(served).toEqual([undefined, hosted.id]);
		expect(alone.id).not.toBe(hosted.id);
		await sessions.closeAll("exit");
	});
});
