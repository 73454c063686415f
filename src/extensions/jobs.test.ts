import { describe, expect, it } from "vitest";
import { Jobs } from "./jobs.js";

function alive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch {
		return false;
	}
}

async function until(condition: () => boolean, ceilingMs = 20_000): Promise<void> {
	for (const end = Date.now() + ceilingMs; Date.now() < end; ) {
		if (condition()) return;
		await new Promise((resolve) => setTimeout(resolve, 25));
	}
	throw new Error("condition not met within the ceiling");
}

describe("an extension's jobs", () => {
	it("unloading ends what a job left behind, even a process that ignores SIGTERM after the job itself exited", async () => {
		const jobs = new Jobs({ onError: () => {} });
		const lines: string[] = [];
		// The job starts a grandchild that ignores SIGTERM, prints its pid and exits itself.
		const job = jobs.spawn(
			"stubborn",
			"bash",
			["-c", "(trap '' TERM; exec sleep 1000 >/dev/null 2>&1) & echo $!"],
			{
				onLine: (line) => lines.push(line),
			},
		);
		expect(await job.done).toBe(0);
		await until(() => lines.length > 0);
		const grandchild = Number(lines[0]);
		expect(alive(grandchild)).toBe(true);
		expect(jobs.count("stubborn")).toBe(0);

		jobs.killOwner("stubborn");
		// SIGTERM is ignored; SIGKILL follows after the grace period.
		await until(() => !alive(grandchild));
	});

	it("kill() on a running job ends its whole group", async () => {
		const jobs = new Jobs({ onError: () => {} });
		const lines: string[] = [];
		const job = jobs.spawn("plain", "bash", ["-c", "sleep 1000 & echo $!; wait"], {
			onLine: (line) => lines.push(line),
		});
		await until(() => lines.length > 0);
		const child = Number(lines[0]);
		job.kill();
		await job.done;
		await until(() => !alive(child));
	});
});
