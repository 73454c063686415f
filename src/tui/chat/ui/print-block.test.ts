import { describe, expect, it } from "vitest";
import { plain, visibleWidth } from "../../text/width.js";
import { DARK_THEME } from "../../theme/builtin-themes.js";
import { Styler } from "../../theme/style.js";
import { renderPrintBlock } from "./print-block.js";

const styler = new Styler(DARK_THEME);

describe("renderPrintBlock", () => {
	it("boxes the text with the title in the top border and the subtitle under it", () => {
		const lines = renderPrintBlock(
			{ kind: "info", title: "Deploy", subtitle: "staging", text: "Pushed 3 commits to the staging branch." },
			30,
			styler,
		);
		expect(lines.map(plain)).toEqual([
			"╭─ Deploy ───────────────────╮",
			"│ staging                    │",
			"│ Pushed 3 commits to the    │",
			"│ staging branch.            │",
			"╰────────────────────────────╯",
		]);
		expect(lines[1]).toContain(styler.sgr({ fg: "muted" }));
		for (const line of lines) expect(visibleWidth(line)).toBe(30);
	});

	it("colours the border by kind: red for errors, info for info", () => {
		const error = renderPrintBlock({ kind: "error", text: "failed" }, 20, styler);
		expect(error[0].startsWith(styler.sgr({ fg: "error" }))).toBe(true);
		const info = renderPrintBlock({ kind: "info", text: "note" }, 20, styler);
		expect(info[0].startsWith(styler.sgr({ fg: "info" }))).toBe(true);
	});

	it("uses a custom border colour given as a theme token or a hex colour", () => {
		const token = renderPrintBlock({ kind: "custom", text: "x", borderColor: "accentAlt" }, 20, styler);
		expect(token[0].startsWith(styler.sgr({ fg: "accentAlt" }))).toBe(true);
		const hex = renderPrintBlock({ kind: "custom", text: "x", borderColor: "#00ff00" }, 20, styler);
		expect(hex[0].startsWith(styler.sgr({ fg: "#00ff00" }))).toBe(true);
		const bogus = renderPrintBlock({ kind: "custom", text: "x", borderColor: "not-a-colour" }, 20, styler);
		expect(bogus[0].startsWith(styler.sgr({ fg: "border" }))).toBe(true);
	});

	it("renders the text as markdown when given a markdown renderer", () => {
		const lines = renderPrintBlock({ kind: "info", text: "# Hi" }, 20, styler, (text, width) => [
			`[${width}] ${text}`,
		]);
		expect(plain(lines[1])).toBe("│ [16] # Hi        │");
	});

	it("drops the box when there is no room for it", () => {
		expect(renderPrintBlock({ kind: "info", text: "abc def" }, 4, styler).map(plain)).toEqual(["abc", "def"]);
	});
});
