import { spawn } from "node:child_process";
import { describe, expect, it } from "vitest";
import { endGroup, groupAlive } from "./process-group.js";

/** A process group of its own: a shell leading it, running `script`; resolves once it printed "ready". */
async function group(script: string): Promise<number> {
	const child = spawn("bash", ["-c", script], { detached: true, stdio: ["ignore", "pipe", "ignore"] });
	let out = "";
	child.stdout.on("data", (chunk) => {
		out += chunk;
	});
	for (let i = 0; i < 1_000 && !out.includes("ready"); i++) await new Promise((r) => setTimeout(r, 20));
	return child.pid!;
}

describe("ending a process group", () => {
	it("needs only SIGTERM for processes that heed it", async () => {
		const pgid = await group("echo ready; exec sleep 1000");
		expect(groupAlive(pgid)).toBe(true);
		// A grace far longer than SIGTERM takes: the group is empty long before it passes.
		expect(await endGroup(pgid, 20_000)).toBe("SIGTERM");
		expect(groupAlive(pgid)).toBe(false);
	});

	it("sends SIGKILL after the grace period to what ignores SIGTERM, also once the leader is gone", async () => {
		const pgid = await group("( trap '' TERM; echo ready; exec sleep 1000 >/dev/null ) & wait");
		expect(await endGroup(pgid, 200)).toBe("SIGKILL");
		for (let i = 0; i < 1_000 && groupAlive(pgid); i++) await new Promise((r) => setTimeout(r, 20));
		expect(groupAlive(pgid)).toBe(false);
	});

	it("reports an empty group as such", async () => {
		const pgid = await group("echo ready");
		for (let i = 0; i < 1_000 && groupAlive(pgid); i++) await new Promise((r) => setTimeout(r, 20));
		expect(await endGroup(pgid, 200)).toBe("empty");
	});
});
