/**
 * Copying to the system clipboard from a terminal program: OSC 52 reaches
 * the user's clipboard even over SSH when the terminal allows it; a local
 * clipboard tool (pbcopy, wl-copy, xclip, xsel, clip.exe) is used as well
 * when one is installed. The result says which way(s) it went.
 */
import { spawn } from "node:child_process";

const TOOLS: ReadonlyArray<{ command: string; args: string[]; platforms?: NodeJS.Platform[] }> = [
	{ command: "pbcopy", args: [], platforms: ["darwin"] },
	{ command: "clip.exe", args: [], platforms: ["win32", "linux"] },
	{ command: "wl-copy", args: [] },
	{ command: "xclip", args: ["-selection", "clipboard"] },
	{ command: "xsel", args: ["--clipboard", "--input"] },
];

export function osc52(text: string): string {
	return `\x1b]52;c;${Buffer.from(text, "utf8").toString("base64")}\x07`;
}

function pipeTo(command: string, args: string[], text: string): Promise<boolean> {
	return new Promise((resolve) => {
		let child: ReturnType<typeof spawn>;
		try {
			child = spawn(command, args, { stdio: ["pipe", "ignore", "ignore"] });
		} catch {
			return resolve(false);
		}
		child.on("error", () => resolve(false));
		child.on("close", (code) => resolve(code === 0));
		child.stdin?.end(text);
	});
}

/** Copies `text`; `write` sends the OSC 52 sequence to the terminal. */
export async function copyToClipboard(
	text: string,
	write: (data: string) => void,
	env: NodeJS.ProcessEnv = process.env,
): Promise<string> {
	write(osc52(text));
	const local =
		env.DISPLAY || env.WAYLAND_DISPLAY || process.platform === "darwin" || process.platform === "win32";
	if (local) {
		for (const tool of TOOLS) {
			if (tool.platforms && !tool.platforms.includes(process.platform)) continue;
			if (await pipeTo(tool.command, tool.args, text)) return `copied (${tool.command} and OSC 52)`;
		}
	}
	return "copied through the terminal (OSC 52; your terminal must allow clipboard access)";
}
