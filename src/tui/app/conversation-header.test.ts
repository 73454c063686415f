import { describe, expect, it } from "vitest";
import { ConversationHeader, HeaderFirstRenderer } from "./conversation-header.js";

/** A renderer writing into a string; frames are drawn only when the test says so. */
function setup() {
	let written = "";
	const renderer = new HeaderFirstRenderer(
		{ write: (data: string) => (written += data), columns: 40, rows: 10 },
		() => ({ lines: [] }),
		{ clock: { now: () => 0, setTimer: () => () => {} } },
	);
	const reports: string[] = [];
	let rewrites = 0;
	const header = new ConversationHeader({
		renderer,
		width: () => 40,
		rewrite: () => rewrites++,
		report: (message) => reports.push(message),
	});
	const draw = () => {
		renderer.renderNow();
		const out = written;
		written = "";
		return out;
	};
	return { renderer, header, draw, reports, rewrites: () => rewrites };
}

describe("ConversationHeader", () => {
	it("holds the scrollback until printed, then writes the header first: an extension's in place of weft's", () => {
		const { renderer, header, draw } = setup();
		header.hold(["weft start-up header"]);
		renderer.commit(["a resumed block"]);
		header.set("ext", { render: (width) => [`EXT HEADER ${width}`] });
		expect(draw()).not.toContain("a resumed block");
		header.print();
		const out = draw();
		expect(out).not.toContain("weft start-up header");
		expect(out.indexOf("EXT HEADER 40")).toBeGreaterThanOrEqual(0);
		expect(out.indexOf("EXT HEADER 40")).toBeLessThan(out.indexOf("a resumed block"));
	});

	it("asks for a rewrite when a header is set or cleared after it was printed, and only for its owner's", () => {
		const { header, rewrites } = setup();
		header.hold(["weft"]);
		header.set("ext", { render: () => ["EXT"] });
		expect(rewrites()).toBe(0);
		header.print();
		header.set("other", undefined);
		expect(rewrites()).toBe(0);
		expect(header.lines(40)).toEqual(["EXT"]);
		header.removeOwner("ext");
		expect(rewrites()).toBe(1);
		expect(header.lines(40)).toEqual(["weft"]);
	});

	it("falls back to weft's header, with a report, when the extension's throws", () => {
		const { header, reports } = setup();
		header.hold(["weft"]);
		header.set("ext", {
			render: () => {
				throw new Error("boom");
			},
		});
		expect(header.lines(40)).toEqual(["weft"]);
		expect(reports).toEqual(["ext's header failed to draw (boom); weft's start-up header is back"]);
	});
});
