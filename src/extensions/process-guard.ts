/**
 * The process-level guard: what happens to an exception nobody caught and a
 * rejection nobody handled. One that comes from an extension's code — its
 * owner's async context says so (owner-context.ts), or else its stack runs
 * through the extension's files — is that extension's failure: its host
 * logs it, counts it and tells the user once, and weft keeps running. One
 * that is weft's own still ends weft, with one line instead of a Node stack
 * trace, the terminal restored, and a non-zero exit code.
 *
 * The CLI installs the guard for every mode. The SDK does not install it: a
 * library must not take over the process-wide handlers of the program that
 * embeds it. An embedder whose process is weft's alone may install it too
 * (`installProcessGuard`); hosts report to whichever guard is installed.
 */
import { errorMessage } from "../base/error-message.js";
import { currentScope, type FaultOrigin } from "../kernel/owner-context.js";

export type { FaultOrigin } from "../kernel/owner-context.js";

/** Something that can tell, from an error's stack, that one of its extensions caused it (the hosts). */
export interface FaultClaimant {
	/** Takes the fault as one of its extensions' failures; false when none of them is in the stack. */
	claimFault(error: unknown, origin: FaultOrigin): boolean;
}

export interface ProcessGuardOptions {
	stderr: NodeJS.WritableStream;
	/** Print the stack of weft's own faults. */
	verbose: boolean;
	/** Ends the process (the CLI: process.exit); called once, after the message is written. */
	exit: (code: number) => void;
	/** The exit code for weft's own faults. */
	exitCode: number;
}

const claimants = new Set<FaultClaimant>();
const fatalHooks = new Set<() => void>();

/** Lets a host claim faults by stack until the returned function is called. */
export function addFaultClaimant(claimant: FaultClaimant): () => void {
	claimants.add(claimant);
	return () => claimants.delete(claimant);
}

/** Runs `hook` before weft ends on a fault of its own (the interactive mode restores the terminal). */
export function onFatalFault(hook: () => void): () => void {
	fatalHooks.add(hook);
	return () => fatalHooks.delete(hook);
}

/** Charges the fault to the extension it came from; false when it is weft's own. */
export function attributeFault(error: unknown, origin: FaultOrigin): boolean {
	const scope = currentScope();
	if (scope?.scopes.report({ owner: scope.owner, origin, error })) return true;
	for (const claimant of claimants) {
		try {
			if (claimant.claimFault(error, origin)) return true;
		} catch {
			// A claimant that fails cannot vouch for the fault; ask the others.
		}
	}
	return false;
}

/** Installs the handlers; returns a function that removes them. */
export function installProcessGuard(options: ProcessGuardOptions): () => void {
	let ending = false;
	const handle = (error: unknown, origin: FaultOrigin) => {
		if (attributeFault(error, origin) || ending) return;
		ending = true;
		endOnInternalFault(error, options);
	};
	const onException = (error: unknown) => handle(error, "uncaught exception");
	const onRejection = (reason: unknown) => handle(reason, "unhandled rejection");
	process.on("uncaughtException", onException);
	process.on("unhandledRejection", onRejection);
	return () => {
		process.off("uncaughtException", onException);
		process.off("unhandledRejection", onRejection);
	};
}

/** weft's own fault: the terminal back to normal, one line (the stack with --verbose), a non-zero exit. */
export function endOnInternalFault(error: unknown, options: ProcessGuardOptions): void {
	for (const hook of fatalHooks) {
		try {
			hook();
		} catch {
			// Ending anyway; a hook that fails must not hide the message below.
		}
	}
	const message = errorMessage(error);
	const line = message.replace(/\s*\n\s*/g, " ").trim() || "(no message)";
	const stack = error instanceof Error ? error.stack : undefined;
	options.stderr.write(
		options.verbose && stack
			? `weft: internal error: ${line}\n${stack}\n`
			: `weft: internal error: ${line}; run with --verbose for the stack\n`,
	);
	options.exit(options.exitCode);
}

/** Where one extension's code lives, for matching stack frames. */
export interface CodePlace {
	owner: string;
	/** The module weft imported. */
	file: string;
	/** The extension's own folder (a folder extension's), whose every file is its code. */
	folder?: string;
}

/**
 * The extension whose code the stack runs through, innermost frame first: a
 * frame in an extension's module file, or in its own folder.
 */
export function ownerFromStack(error: unknown, places: readonly CodePlace[]): string | undefined {
	const stack = error instanceof Error ? error.stack : undefined;
	if (!stack || places.length === 0) return undefined;
	for (const line of stack.split("\n")) {
		const path = framePath(line);
		if (!path) continue;
		const place =
			places.find((p) => p.file === path) ??
			places.find((p) => p.folder !== undefined && path.startsWith(`${p.folder}/`));
		if (place) return place.owner;
	}
	return undefined;
}

/** The file of one "    at fn (/path/file.ts:3:31)" or "    at file:///path/file.js:3:31" line. */
function framePath(line: string): string | undefined {
	const match = /^\s+at (?:.*\()?((?:file:\/\/)?\/[^():]*):\d+:\d+\)?\s*$/.exec(line);
	if (!match) return undefined;
	return match[1].startsWith("file://") ? decodeURIComponent(match[1].slice("file://".length)) : match[1];
}
