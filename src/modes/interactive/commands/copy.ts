/** `/copy`: the text of the last answer to the system clipboard (thinking and tool calls left out). */
import type { CommandDefinition } from "../../../kernel/command.js";
import { type Message, textOf } from "../../../kernel/messages.js";
import type { InteractiveServices } from "../services.js";
import { noArguments } from "./arguments.js";

export function copyCommand(services: InteractiveServices): CommandDefinition {
	return {
		description: "Copy the last answer to the clipboard",
		handler: async (args) => {
			const { ui } = services;
			if (!noArguments(ui, "copy", args)) return;
			const text = lastAnswer(services.session().messages);
			if (text === undefined) {
				ui.notify("Nothing to copy yet: there is no answer in this session", "warning");
				return;
			}
			ui.notify(`Last answer ${await services.copyToClipboard(text)}`, "success");
		},
	};
}

function lastAnswer(messages: readonly Message[]): string | undefined {
	for (let i = messages.length - 1; i >= 0; i--) {
		const message = messages[i];
		if (message.role !== "assistant") continue;
		const text = textOf(message.content);
		if (text.trim() !== "") return text;
	}
	return undefined;
}
