import { it } from "vitest";
import { startInteractive } from "../../support/tui-harness.js";
const dump = async (h: any, label: string) => console.log(`--- ${label}\n` + (await h.screen.screen()).join("\n"));

it("explore queue", async () => {
	const h = await startInteractive({
		script: [
			{ text: "one two three four five six seven eight nine ten", delayMs: 100 },
			{ text: "steered answer" },
			{ text: "follow answer" },
		],
	});
	try {
		await h.waitFor("mock-model");
		h.type("slow please"); h.press("enter");
		await h.waitFor("one");
		h.type("steer me"); h.press("enter");
		h.type("follow me"); h.press("alt+enter");
		await h.waitFor("follow-up");
		await dump(h, "queued");
		await h.waitForAll("follow answer");
		await new Promise((r) => setTimeout(r, 200));
		console.log((await h.screen.allLines()).join("\n"));
		for (const r of h.requests()) console.log(JSON.stringify(r.body.messages.filter((m: any) => m.role === "user")));
	} finally {
		await h.dispose();
	}
});
