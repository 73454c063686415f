/**
 * What the model sees of skills: the system prompt lists each one's name,
 * description and file only (progressive disclosure — the model reads the
 * file with its read tool when a task matches), and `/skill:name args`
 * sends one skill's body as the user's message.
 */
import { dirname } from "node:path";
import type { Skill } from "./discover.js";

/** The system prompt section; empty when no skill is offered to the model. */
export function skillsSection(skills: readonly Skill[]): string {
	const offered = skills.filter((s) => !s.manualOnly);
	if (offered.length === 0) return "";
	const entries = offered.map((s) =>
		[
			"  <skill>",
			`    <name>${escapeXml(s.name)}</name>`,
			`    <description>${escapeXml(s.description)}</description>`,
			`    <location>${escapeXml(s.file)}</location>`,
			"  </skill>",
		].join("\n"),
	);
	return [
		"# Skills",
		"",
		"Skills are instructions for particular tasks. When a task matches a skill's description, read its file",
		"with the read tool before you start, and follow it; paths in a skill are relative to its folder.",
		"",
		"<available_skills>",
		...entries,
		"</available_skills>",
	].join("\n");
}

/** The user message `/skill:name args` sends: the skill's body, where it lives, then the arguments. */
export function skillMessage(skill: Skill, body: string, args: string): string {
	const text = [
		`<skill name="${escapeXml(skill.name)}" location="${escapeXml(skill.file)}">`,
		`References are relative to ${dirname(skill.file)}.`,
		"",
		body.trim(),
		"</skill>",
	].join("\n");
	return args.trim() === "" ? text : `${text}\n\n${args.trim()}`;
}

function escapeXml(text: string): string {
	return text
		.replaceAll("&", "&amp;")
		.replaceAll("<", "&lt;")
		.replaceAll(">", "&gt;")
		.replaceAll('"', "&quot;");
}
