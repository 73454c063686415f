import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { InteractiveServices } from "../services.js";
import { extCommand } from "./ext.js";

let root: string;
beforeEach(() => {
	root = mkdtempSync(join(tmpdir(), "weft-ext-ui-"));
	mkdirSync(join(root, "home"));
	mkdirSync(join(root, "project"));
	return () => rmSync(root, { recursive: true, force: true });
});

function services(answers: boolean[]) {
	const ui = {
		notify: vi.fn(),
		print: vi.fn(),
		confirm: vi.fn(async () => answers.shift() ?? false),
	};
	const reloadExtensions = vi.fn(async () => {});
	const made = {
		ui,
		home: join(root, "home"),
		cwd: join(root, "project"),
		host: undefined,
		reloadSettings: vi.fn(),
		reloadExtensions,
	} as unknown as InteractiveServices;
	return { made, ui, reloadExtensions };
}

const run = (s: InteractiveServices, args: string) => extCommand(s).handler(args, {} as never);

describe("/ext ACTION: the extension manager in the terminal UI", () => {
	it("installs as weft ext install does, shows the same lines and offers a reload", async () => {
		const src = join(root, "guard");
		mkdirSync(src);
		writeFileSync(join(src, "index.js"), "export default function () {}\n");
		const { made, ui, reloadExtensions } = services([true]);
		await run(made, `install ${src}`);
		expect(ui.print).toHaveBeenCalledWith({
			kind: "info",
			title: "/ext install",
			text: expect.stringMatching(
				/^Installed guard \(copied from .*guard\) into .*packages\/guard\.\nListed in /,
			),
		});
		expect(ui.confirm).toHaveBeenCalledWith("Reload the extensions now?", expect.any(String));
		expect(reloadExtensions).toHaveBeenCalledTimes(1);
		expect(existsSync(join(root, "home", "packages", "guard", "index.js"))).toBe(true);
	});

	it("asks before sync and does nothing when declined", async () => {
		writeFileSync(
			join(root, "home", "settings.json"),
			JSON.stringify({ extensions: ["git:file:///nowhere"] }),
		);
		const { made, ui } = services([false]);
		await run(made, "sync");
		expect(ui.confirm).toHaveBeenCalledWith(
			"Install the extensions your settings list but are missing?",
			expect.any(String),
		);
		expect(ui.print).not.toHaveBeenCalled();
		expect(ui.notify).not.toHaveBeenCalled();
	});

	it("reports an unknown action, a usage mistake and a failure as error notices", async () => {
		const { made, ui } = services([]);
		await run(made, "frob");
		await run(made, "remove");
		await run(made, "remove ghost");
		expect(ui.notify.mock.calls).toEqual([
			[expect.stringMatching(/^\/ext: unknown action "frob"; .*install, remove, enable/), "error"],
			["/ext remove: usage: /ext remove NAME [--project]", "error"],
			[expect.stringMatching(/^\/ext remove: no extension named "ghost" is installed/), "error"],
		]);
	});
});
