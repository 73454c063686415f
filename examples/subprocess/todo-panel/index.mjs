// A panel-driving todo list (protocol v1 panels, through the SDK).
//
//   /todo            opens the panel
//   /todo add TEXT   adds an item (and opens the panel)
//
// In the panel: ↑/↓ move, Enter or Space toggles done, d deletes, Esc closes.
// The list is kept in todo.json in the extension's data folder.
//
// Try it:  weft -e examples/subprocess/todo-panel   (then type /todo)
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const { createSubprocessExtension } = await import(process.env.WEFT_NODE_SDK ?? "weft/subprocess");

const ext = createSubprocessExtension({ name: "todo-panel", version: "1.0.0", protocol: 1 });
const PANEL = "todo";
let cursor = 0;

const file = () => join(ext.host.dataDir, "todo.json");
const load = () => (existsSync(file()) ? JSON.parse(readFileSync(file(), "utf8")) : []);
const save = (items) => writeFileSync(file(), JSON.stringify(items, null, 2));

function view(items) {
	cursor = Math.max(0, Math.min(cursor, items.length - 1));
	const lines =
		items.length === 0
			? ["Nothing to do. Add items with /todo add TEXT."]
			: items.map((item, i) => `${i === cursor ? "›" : " "} [${item.done ? "x" : " "}] ${item.text}`);
	const open = items.filter((item) => !item.done).length;
	return {
		id: PANEL,
		title: `Todo (${open} open)`,
		lines,
		footer: "↑↓ move · enter toggle · d delete · esc close",
	};
}

ext.command("todo", "Open the todo list (/todo add TEXT adds an item)", (args) => {
	const items = load();
	const added = args.match(/^add\s+(.+)$/);
	if (added) {
		items.push({ text: added[1].trim(), done: false });
		save(items);
		cursor = items.length - 1;
	} else if (args.trim() !== "") {
		return { error: `unknown /todo argument "${args}" (try /todo or /todo add TEXT)` };
	}
	return { openPanel: view(items) };
});

ext.onPanelKey(({ panelId, key, text }) => {
	if (panelId !== PANEL) return;
	const items = load();
	if (key === "up") cursor--;
	else if (key === "down") cursor++;
	else if ((key === "enter" || (key === "rune" && text === " ")) && items[cursor])
		items[cursor].done = !items[cursor].done;
	else if ((key === "delete" || (key === "rune" && text === "d")) && items[cursor]) items.splice(cursor, 1);
	else return;
	save(items);
	ext.renderPanel(view(items));
});

await ext.run();
