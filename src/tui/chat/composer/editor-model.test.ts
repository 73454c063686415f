import { describe, expect, it } from "vitest";
import { EditorModel } from "./editor-model.js";

/** A model whose clock the test controls, so typing pauses are explicit. */
function editor(text = "", multiline = true) {
	let time = 0;
	const model = new EditorModel({ text, multiline, now: () => time });
	return { model, pause: (ms: number) => (time += ms) };
}

function typeText(model: EditorModel, text: string): void {
	for (const char of text) model.insert(char);
}

describe("EditorModel text and cursor", () => {
	it("starts with the given text and the cursor at its end", () => {
		const { model } = editor("one\ntwo");
		expect(model.lines).toEqual(["one", "two"]);
		expect(model.cursor).toEqual({ line: 1, col: 3 });
	});

	it("splits lines on newline when multiline, and turns newlines into spaces otherwise", () => {
		const multi = editor().model;
		multi.insert("a\r\nb\rc");
		expect(multi.lines).toEqual(["a", "b", "c"]);
		const single = editor("", false).model;
		single.insert("a\nb");
		expect(single.lines).toEqual(["a b"]);
	});

	it("drops control characters that would corrupt the screen but keeps tabs", () => {
		const { model } = editor();
		model.insert("a\x1b[31mb\x07\tc");
		expect(model.text).toBe("a[31mb\tc");
	});

	it("setText replaces everything, puts the cursor at the end and can be undone", () => {
		const { model } = editor("draft");
		model.move("home");
		model.setText("new\ntext");
		expect(model.cursor).toEqual({ line: 1, col: 4 });
		expect(model.undo()).toBe(true);
		expect(model.text).toBe("draft");
	});

	it("notifies listeners on text and cursor changes, not on no-ops", () => {
		const { model } = editor("ab");
		let calls = 0;
		const off = model.onChange(() => calls++);
		model.move("left");
		model.insert("x");
		expect(calls).toBe(2);
		model.move("end");
		model.move("end");
		expect(calls).toBe(3);
		off();
		model.insert("y");
		expect(calls).toBe(3);
	});
});

describe("EditorModel motion", () => {
	it("moves left and right over whole grapheme clusters", () => {
		// "e" + combining acute, a family emoji (ZWJ sequence), and a flag.
		const text = "ae\u0301👨‍👩‍👧🇫🇷";
		const { model } = editor(text);
		const stops: number[] = [model.cursor.col];
		while (model.move("left")) stops.push(model.cursor.col);
		expect(stops).toEqual([text.length, text.length - 4, 3, 1, 0]);
		expect(model.move("left")).toBe(false);
		model.move("right");
		model.move("right");
		expect(model.cursor.col).toBe(3);
	});

	it("crosses line ends with left and right", () => {
		const { model } = editor("ab\ncd");
		model.move("home");
		model.move("left");
		expect(model.cursor).toEqual({ line: 0, col: 2 });
		model.move("right");
		expect(model.cursor).toEqual({ line: 1, col: 0 });
	});

	it("moves up and down keeping the display column, and refuses past the first or last line", () => {
		const { model } = editor("long line here\nab\nanother line");
		model.setCursor({ line: 0, col: 8 });
		expect(model.move("down")).toBe(true);
		expect(model.cursor).toEqual({ line: 1, col: 2 });
		expect(model.move("down")).toBe(true);
		expect(model.cursor).toEqual({ line: 2, col: 8 });
		expect(model.move("down")).toBe(false);
		model.move("bufferStart");
		expect(model.move("up")).toBe(false);
	});

	it("measures the up/down column in cells, so wide characters line up", () => {
		const { model } = editor("日本語\nabcdef");
		model.setCursor({ line: 0, col: 2 });
		model.move("down");
		expect(model.cursor).toEqual({ line: 1, col: 4 });
	});

	it("moves by words, treating punctuation runs as words and skipping spaces", () => {
		const { model } = editor("foo.bar  baz");
		const stops: number[] = [];
		while (model.move("wordLeft")) stops.push(model.cursor.col);
		expect(stops).toEqual([9, 4, 3, 0]);
		const forward: number[] = [];
		while (model.move("wordRight")) forward.push(model.cursor.col);
		expect(forward).toEqual([3, 4, 7, 12]);
	});

	it("home, end, bufferStart and bufferEnd", () => {
		const { model } = editor("ab\ncd");
		model.move("home");
		expect(model.cursor).toEqual({ line: 1, col: 0 });
		expect(model.move("home")).toBe(false);
		model.move("bufferStart");
		expect(model.cursor).toEqual({ line: 0, col: 0 });
		model.move("end");
		expect(model.cursor).toEqual({ line: 0, col: 2 });
		model.move("bufferEnd");
		expect(model.cursor).toEqual({ line: 1, col: 2 });
	});

	it("setCursor snaps into the text and onto a grapheme boundary", () => {
		const { model } = editor("xe\u0301y");
		model.setCursor({ line: 0, col: 2 });
		expect(model.cursor.col).toBe(1);
		model.setCursor({ line: 9, col: 99 });
		expect(model.cursor).toEqual({ line: 0, col: 4 });
	});
});

describe("EditorModel deletion", () => {
	it("deletes whole graphemes backward and forward", () => {
		const { model } = editor("a👍🏽e\u0301b");
		model.move("left");
		model.deleteBackward();
		expect(model.text).toBe("a👍🏽b");
		model.move("left");
		model.deleteForward();
		expect(model.text).toBe("ab");
	});

	it("joins lines when deleting at a line boundary", () => {
		const { model } = editor("ab\ncd");
		model.move("home");
		model.deleteBackward();
		expect(model.lines).toEqual(["abcd"]);
		expect(model.cursor).toEqual({ line: 0, col: 2 });
		model.insert("\n");
		model.move("left");
		model.deleteForward();
		expect(model.lines).toEqual(["abcd"]);
	});

	it("deletes words backward and forward", () => {
		const { model } = editor("hello big world");
		model.deleteWordBackward();
		expect(model.text).toBe("hello big ");
		model.move("bufferStart");
		model.deleteWordForward();
		expect(model.text).toBe(" big ");
	});

	it("swaps the characters around the cursor, or the last two at the end of a line", () => {
		const { model } = editor("abc");
		model.transposeChars();
		expect(model.text).toBe("acb");
		model.setCursor({ line: 0, col: 1 });
		model.transposeChars();
		expect(model.text).toBe("cab");
		expect(model.cursor.col).toBe(2);
		const emoji = editor("x👍🏽").model;
		emoji.transposeChars();
		expect(emoji.text).toBe("👍🏽x");
	});
});

describe("EditorModel kill ring", () => {
	it("kills to the line end, then the line break, and yanks both back at once", () => {
		const { model } = editor("one two\nthree");
		model.move("bufferStart");
		model.move("wordRight");
		model.killToLineEnd();
		model.killToLineEnd();
		expect(model.text).toBe("onethree");
		model.move("bufferEnd");
		model.yank();
		expect(model.text).toBe("onethree two\n");
	});

	it("prepends backward kills to the previous kill when they follow each other", () => {
		const { model } = editor("alpha beta gamma");
		model.killWordBackward();
		model.killWordBackward();
		expect(model.text).toBe("alpha ");
		model.yank();
		expect(model.text).toBe("alpha beta gamma");
	});

	it("a kill after another command starts a new entry that yank-pop can cycle past", () => {
		const { model } = editor("first second");
		model.killWordBackward();
		model.move("left");
		model.killToLineStart();
		expect(model.text).toBe(" ");
		model.yank();
		expect(model.text).toBe("first ");
		model.yankPop();
		expect(model.text).toBe("second ");
		model.yankPop();
		expect(model.text).toBe("first ");
	});

	it("yank-pop does nothing unless it follows a yank", () => {
		const { model } = editor("a b");
		model.killWordBackward();
		model.insert("x");
		model.yankPop();
		expect(model.text).toBe("a x");
	});

	it("killToLineStart at the start of a line kills the line break before it", () => {
		const { model } = editor("ab\ncd");
		model.move("home");
		model.killToLineStart();
		expect(model.text).toBe("abcd");
	});
});

describe("EditorModel undo", () => {
	it("undoes typing one word at a time", () => {
		const { model } = editor();
		typeText(model, "hello world");
		expect(model.undo()).toBe(true);
		expect(model.text).toBe("hello ");
		expect(model.undo()).toBe(true);
		expect(model.text).toBe("");
		expect(model.undo()).toBe(false);
	});

	it("starts a new undo step after a pause in typing", () => {
		const { model, pause } = editor();
		typeText(model, "ab");
		pause(2000);
		typeText(model, "cd");
		model.undo();
		expect(model.text).toBe("ab");
	});

	it("starts a new undo step when the cursor moved between edits", () => {
		const { model } = editor();
		typeText(model, "abc");
		model.move("left");
		typeText(model, "X");
		model.undo();
		expect(model.text).toBe("abc");
		expect(model.cursor.col).toBe(2);
	});

	it("groups a run of backspaces into one step", () => {
		const { model } = editor("hello");
		model.deleteBackward();
		model.deleteBackward();
		model.deleteBackward();
		model.undo();
		expect(model.text).toBe("hello");
	});

	it("redoes what was undone, until a new edit", () => {
		const { model } = editor();
		typeText(model, "one two");
		model.undo();
		expect(model.redo()).toBe(true);
		expect(model.text).toBe("one two");
		expect(model.redo()).toBe(false);
		model.undo();
		model.insert("!");
		expect(model.redo()).toBe(false);
		expect(model.text).toBe("one !");
	});

	it("undoes a paste-sized insert and a kill as single steps", () => {
		const { model } = editor("keep ");
		model.insert("pasted\ntext");
		model.killToLineStart();
		model.undo();
		expect(model.text).toBe("keep pasted\ntext");
		model.undo();
		expect(model.text).toBe("keep ");
	});
});
