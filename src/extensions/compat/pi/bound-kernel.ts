/**
 * The kernel pi's module-level functions work with (pi-ai's model calls,
 * pi's built-in tool factories): they are plain imports, not given a
 * context, so they use the kernel whose host loaded pi extensions last —
 * one per process in the terminal, RPC and print modes.
 */
import type { Kernel } from "../../../kernel/kernel.js";

let bound: Kernel | undefined;

export function bindKernel(kernel: Kernel): void {
	bound = kernel;
}

export function boundKernel(): Kernel {
	if (!bound) throw new Error("pi's module functions need a running weft session; none is loaded yet");
	return bound;
}
