import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import type { UIPort } from "../kernel/ui-port.js";
import { NonInteractiveUI } from "./non-interactive-ui.js";
import { uiForExtension } from "./ui-scope.js";

function capture() {
	const stderr = new PassThrough();
	let text = "";
	stderr.on("data", (d) => {
		text += d;
	});
	return { stderr, text: () => text };
}

describe("the non-interactive UI", () => {
	it("writes notifications as one stderr line naming the extension, with the level for warnings and errors", () => {
		const out = capture();
		const ui = new NonInteractiveUI({ stderr: out.stderr });
		const guard = uiForExtension(ui, "guard");
		guard.notify("watching bash");
		guard.notify("careful", "warning");
		ui.notify("plain");
		expect(out.text()).toBe("weft: [guard] watching bash\nweft: [guard] warning: careful\nweft: plain\n");
		expect(ui.notifications.map((n) => n.extension)).toEqual(["guard", "guard", undefined]);
	});

	it("answers every dialog as cancelled at once", async () => {
		const ui = uiForExtension(new NonInteractiveUI(), "x");
		expect(ui.interactive).toBe(false);
		expect(await ui.select("pick", ["a", "b"])).toBeUndefined();
		expect(await ui.multiSelect("pick", ["a"])).toBeUndefined();
		expect(await ui.confirm("sure?")).toBe(false);
		expect(await ui.input("name")).toBeUndefined();
		expect(await ui.editor("text", "x")).toBeUndefined();
	});

	it("keeps status, widgets, header and footer in memory without drawing them", () => {
		const out = capture();
		const ui = new NonInteractiveUI({ stderr: out.stderr });
		const scoped = uiForExtension(ui, "x");
		scoped.setStatus("mode", "plan");
		scoped.setWidget({ id: "todo", content: ["a", "b"] });
		scoped.setHeader(["top"]);
		scoped.setFooter(["bottom"]);
		scoped.setStatus("gone", "soon");
		scoped.setStatus("gone", undefined);
		expect([...ui.statuses]).toEqual([["mode", "plan"]]);
		expect(ui.widgets.get("todo")?.content).toEqual(["a", "b"]);
		expect([ui.header, ui.footer]).toEqual([["top"], ["bottom"]]);
		scoped.removeWidget("todo");
		expect(ui.widgets.size).toBe(0);
		expect(out.text()).toBe("");
	});

	it("prefixes notes with the extension name on a port that cannot scope itself", () => {
		const notes: string[] = [];
		const port = {
			...new NonInteractiveUI(),
			notify: (m: string) => void notes.push(m),
		} as unknown as UIPort;
		uiForExtension(port, "mine").notify("hello");
		expect(notes).toEqual(["[mine] hello"]);
	});
});
