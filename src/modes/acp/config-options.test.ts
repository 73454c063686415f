import { describe, expect, it } from "vitest";
import type { AgentSession } from "../../agent/session.js";
import type { ModelInfo, ThinkingLevel } from "../../kernel/provider.js";
import { configOptions, setConfigOption } from "./config-options.js";

function model(provider: string, id: string): ModelInfo {
	return {
		id,
		provider,
		api: "openai-completions",
		contextWindow: 1000,
		maxOutput: 100,
		cost: { input: 0, output: 0, cacheRead: 0, cacheWrite: 0 },
	} as ModelInfo;
}

/** The parts of a session the options read and set. */
function fakeSession() {
	const state = { model: model("mock", "a"), thinking: "off" as ThinkingLevel };
	const providers = [{ value: { models: [model("mock", "a"), model("mock", "b")] } }];
	return {
		state,
		session: {
			get model() {
				return state.model;
			},
			get thinking() {
				return state.thinking;
			},
			kernel: { providers: { list: () => providers } },
			setModel: (m: ModelInfo) => {
				state.model = m;
			},
			setThinking: (level: ThinkingLevel) => {
				state.thinking = level;
			},
		} as unknown as AgentSession,
	};
}

describe("ACP config options", () => {
	it("offers the registered providers' models and the thinking levels, with the current values", () => {
		const { session } = fakeSession();
		const [models, thinking] = configOptions(session);
		expect(models).toMatchObject({ id: "model", category: "model", type: "select", currentValue: "mock/a" });
		expect(models.type === "select" && models.options.map((o) => ("value" in o ? o.value : ""))).toEqual([
			"mock/a",
			"mock/b",
		]);
		expect(thinking).toMatchObject({ id: "thinking", category: "thought_level", currentValue: "off" });
	});

	it("switches model and thinking level, and names what it does not know", () => {
		const { session, state } = fakeSession();
		setConfigOption(session, "model", "mock/b");
		setConfigOption(session, "thinking", "high");
		expect(state.model.id).toBe("b");
		expect(state.thinking).toBe("high");
		expect(() => setConfigOption(session, "model", "other/x")).toThrow();
		expect(() => setConfigOption(session, "thinking", "max")).toThrow();
		expect(() => setConfigOption(session, "mode", "plan")).toThrow();
	});
});
