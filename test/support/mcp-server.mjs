// An MCP server written with the protocol's SDK, for weft's MCP tests:
// tools echo (text), picture (an image), fail (an error result) and crash
// (exits the process, as a crashing server would); the prompt greet
// (<name> [style]); the resource memo://notes. Over stdio by default;
// `--http` serves Streamable HTTP on a loopback port and prints
// `listening <url>`; `--exit-at-start` writes "boom" to stderr and exits 3;
// `--slow-start` waits 2.5 s before it answers (longer than weft waits);
// `--clash` adds tools get.data and get_data.
import { createServer } from "node:http";
import { Server } from "@modelcontextprotocol/sdk/server/index.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import {
	CallToolRequestSchema,
	GetPromptRequestSchema,
	ListPromptsRequestSchema,
	ListResourcesRequestSchema,
	ListToolsRequestSchema,
} from "@modelcontextprotocol/sdk/types.js";

if (process.argv.includes("--slow-start")) await new Promise((resolve) => setTimeout(resolve, 2500));
if (process.argv.includes("--exit-at-start")) {
	process.stderr.write("boom\n");
	process.exit(3);
}

const PIXEL =
	"iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==";
const TOOLS = [
	{
		name: "echo",
		description: "Echoes the text back",
		inputSchema: { type: "object", properties: { text: { type: "string" } }, required: ["text"] },
	},
	{
		name: "picture",
		description: "Returns a one-pixel image",
		inputSchema: { type: "object", properties: {} },
	},
	{ name: "fail", description: "Always fails", inputSchema: { type: "object", properties: {} } },
	{ name: "crash", description: "Exits the server", inputSchema: { type: "object", properties: {} } },
];

// Two names that become the same weft tool name.
if (process.argv.includes("--clash")) {
	for (const name of ["get.data", "get_data"])
		TOOLS.push({ name, description: "Clashes", inputSchema: { type: "object", properties: {} } });
}

function makeServer() {
	const server = new Server(
		{ name: "weft-test-server", version: "1.0.0" },
		{ capabilities: { tools: {}, prompts: {}, resources: {} } },
	);
	server.setRequestHandler(ListToolsRequestSchema, () => ({ tools: TOOLS }));
	server.setRequestHandler(CallToolRequestSchema, (request) => {
		const { name, arguments: args = {} } = request.params;
		if (name === "echo")
			return {
				content: [{ type: "text", text: `echo: ${args.text} (env ${process.env.MCP_TEST_TAG ?? "-"})` }],
			};
		if (name === "picture") return { content: [{ type: "image", data: PIXEL, mimeType: "image/png" }] };
		if (name === "fail") return { content: [{ type: "text", text: "it went wrong" }], isError: true };
		if (name === "crash") {
			process.stderr.write("crashing on purpose\n");
			process.exit(3);
		}
		throw new Error(`no tool ${name}`);
	});
	server.setRequestHandler(ListPromptsRequestSchema, () => ({
		prompts: [
			{
				name: "greet",
				description: "Greets someone",
				arguments: [
					{ name: "name", required: true },
					{ name: "style", required: false },
				],
			},
		],
	}));
	server.setRequestHandler(GetPromptRequestSchema, (request) => {
		const { name, style } = request.params.arguments ?? {};
		return {
			messages: [{ role: "user", content: { type: "text", text: `Greet ${name} ${style ?? "plainly"}.` } }],
		};
	});
	server.setRequestHandler(ListResourcesRequestSchema, () => ({
		resources: [{ name: "notes", uri: "memo://notes", mimeType: "text/plain" }],
	}));
	return server;
}

if (process.argv.includes("--http")) {
	// Stateless: a fresh server and transport per request, as the SDK's examples do.
	const http = createServer(async (req, res) => {
		if (req.headers["x-test-token"] !== "secret") {
			res.writeHead(401).end("missing x-test-token");
			return;
		}
		const chunks = [];
		for await (const chunk of req) chunks.push(chunk);
		const body = chunks.length > 0 ? JSON.parse(Buffer.concat(chunks).toString("utf8")) : undefined;
		const server = makeServer();
		const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
		res.on("close", () => {
			void transport.close();
			void server.close();
		});
		await server.connect(transport);
		await transport.handleRequest(req, res, body);
	});
	http.listen(0, "127.0.0.1", () => {
		process.stdout.write(`listening http://127.0.0.1:${http.address().port}/mcp\n`);
	});
} else {
	await makeServer().connect(new StdioServerTransport());
}
