/**
 * The CLI keeps WebAssembly on V8's baseline compiler (Liftoff). The only
 * WebAssembly weft itself runs is Node's HTTP parser (llhttp, inside the
 * `fetch` every provider request goes through), and V8 re-compiles its one
 * large function with the optimising compiler as soon as a response has been
 * parsed: about 190 ms of CPU and 24 MB of compiler memory, which was most of
 * `weft -p`'s peak RSS (95 MiB with it, 66 without) and more CPU than
 * parsing a 64 KB streamed answer on the baseline code costs.
 *
 * Process-wide, so an extension's own WebAssembly in the CLI process also
 * stays on Liftoff. Only the CLI sets it: an embedding host (`createWeft`)
 * owns its process's V8 flags. V8 reads them whenever it decides whether to
 * tier a function up, so setting them at start-up covers every request.
 */
import { setFlagsFromString } from "node:v8";

export function keepWasmOnBaselineCompiler(): void {
	setFlagsFromString("--no-wasm-tier-up");
	setFlagsFromString("--no-wasm-dynamic-tiering");
}
