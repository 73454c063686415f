/**
 * `weft ext init [--lang ts|node|python|shell] NAME`: a working extension
 * in `./NAME/` with a test that passes, ready for `weft -e ./NAME` and
 * `weft ext install ./NAME`.
 */
import { chmodSync, existsSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { displayPath } from "../../base/paths.js";
import { InstallError } from "./install.js";
import { SKELETON_LANGUAGES, type SkeletonLanguage, skeletonFiles } from "./skeletons.js";

const NAME = /^[a-z][a-z0-9-]{0,49}$/;

export function initExtension(name: string, lang: string, cwd: string): string[] {
	if (!NAME.test(name)) {
		throw new InstallError(
			`"${name}" cannot name an extension: use lowercase letters, digits and "-", starting with a letter`,
		);
	}
	if (!SKELETON_LANGUAGES.includes(lang as SkeletonLanguage)) {
		throw new InstallError(`unknown language "${lang}"; choose one of ${SKELETON_LANGUAGES.join(", ")}`);
	}
	const dir = resolve(cwd, name);
	if (existsSync(dir) && readdirSync(dir).length > 0) {
		throw new InstallError(
			`${displayPath(dir)} already exists and is not empty; choose another name or folder`,
		);
	}
	mkdirSync(dir, { recursive: true });
	const files = skeletonFiles(lang as SkeletonLanguage, name);
	for (const file of files) {
		writeFileSync(join(dir, file.path), file.text);
		if (file.executable) chmodSync(join(dir, file.path), 0o755);
	}
	return [
		`Created ${displayPath(dir)} (${lang}): ${files.map((f) => f.path).join(", ")}.`,
		`Try it: weft -e ${name}    Install it: weft ext install ./${name}`,
	];
}
