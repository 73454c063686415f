/**
 * A minimal npm registry for tests: serves a packument per package and its
 * tarballs, with the sha512 integrity and sha1 shasum npm checks, on a
 * loopback port. Tarballs are made by `npm pack` from folders the test
 * writes, so they are what a real publish would upload. Point npm at it with
 * the environment `registryEnv` returns.
 */
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

interface Version {
	manifest: Record<string, unknown>;
	tarball: Buffer;
	integrity: string;
	shasum: string;
}

export interface TestRegistry {
	url: string;
	/** Packs `files` (package.json included) with npm and publishes the result; returns its integrity. */
	publish(files: Record<string, string>, tag?: string): string;
	/** The environment for npm: this registry, a private cache, no update notices. */
	env(base: NodeJS.ProcessEnv): NodeJS.ProcessEnv;
	/** Every request path it answered, in order. */
	requests: string[];
	close(): Promise<void>;
}

export async function startTestRegistry(): Promise<TestRegistry> {
	const work = mkdtempSync(join(tmpdir(), "weft-registry-"));
	const packages = new Map<string, { versions: Map<string, Version>; tags: Map<string, string> }>();
	const requests: string[] = [];
	let url = "";
	const server: Server = createServer((req, res) => {
		const path = decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname);
		requests.push(path);
		const tarball = /^\/(.+)\/-\/[^/]+-(\d[^/]*)\.tgz$/.exec(path);
		if (tarball) {
			const version = packages.get(tarball[1])?.versions.get(tarball[2]);
			if (!version) return notFound(res);
			res.writeHead(200, { "content-type": "application/octet-stream" });
			return res.end(version.tarball);
		}
		const pkg = packages.get(path.slice(1));
		if (!pkg) return notFound(res);
		const name = path.slice(1);
		const versions = Object.fromEntries(
			[...pkg.versions].map(([v, version]) => [
				v,
				{
					...version.manifest,
					dist: {
						integrity: version.integrity,
						shasum: version.shasum,
						tarball: `${url}/${name}/-/${name.split("/").pop()}-${v}.tgz`,
					},
				},
			]),
		);
		res.writeHead(200, { "content-type": "application/json", "cache-control": "no-cache" });
		res.end(JSON.stringify({ name, "dist-tags": Object.fromEntries(pkg.tags), versions }));
	});
	await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
	url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	let packed = 0;
	return {
		url,
		requests,
		publish(files, tag = "latest") {
			const dir = join(work, `pkg-${++packed}`);
			for (const [file, text] of Object.entries(files)) {
				mkdirSync(dirname(join(dir, file)), { recursive: true });
				writeFileSync(join(dir, file), text);
			}
			const manifest = JSON.parse(files["package.json"]) as { name: string; version: string };
			const out = execFileSync(
				"npm",
				["pack", dir, "--json", "--ignore-scripts", "--pack-destination", work],
				{
					cwd: work,
					encoding: "utf8",
					env: { ...process.env, npm_config_update_notifier: "false" },
				},
			);
			const info = (JSON.parse(out) as Array<{ filename: string }>)[0];
			const tarball = readFileSync(join(work, info.filename));
			const version: Version = {
				manifest,
				tarball,
				integrity: `sha512-${createHash("sha512").update(tarball).digest("base64")}`,
				shasum: createHash("sha1").update(tarball).digest("hex"),
			};
			const pkg = packages.get(manifest.name) ?? { versions: new Map(), tags: new Map() };
			pkg.versions.set(manifest.version, version);
			pkg.tags.set(tag, manifest.version);
			packages.set(manifest.name, pkg);
			return version.integrity;
		},
		env(base) {
			return {
				...base,
				npm_config_registry: `${url}/`,
				npm_config_cache: join(work, "npm-cache"),
				npm_config_update_notifier: "false",
				npm_config_audit: "false",
				npm_config_fund: "false",
			};
		},
		close: () =>
			new Promise<void>((resolve) => {
				server.close(() => {
					rmSync(work, { recursive: true, force: true });
					resolve();
				});
				server.closeAllConnections();
			}),
	};
}

function notFound(res: import("node:http").ServerResponse): void {
	res.writeHead(404, { "content-type": "application/json" });
	res.end(JSON.stringify({ error: "not found" }));
}
