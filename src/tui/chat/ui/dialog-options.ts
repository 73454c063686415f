/**
 * Timeouts and abort signals for dialogs (DialogOptions in the UI port): a
 * dialog with a timeout shows "(closes in Ns)" in its footer, counting down
 * on the given clock, and is cancelled when it runs out; an abort cancels it
 * at once — before it is even shown, when the signal has already fired.
 */
import type { DialogOptions } from "../../../kernel/ui-port.js";
import { type Clock, systemClock } from "../../clock.js";

/** What a timeout needs of a dialog; custom dialogs may have only `result`. */
export interface TimedDialog<T> {
	readonly result: Promise<T | undefined>;
	cancel?(): void;
	setNote?(note: string | undefined): void;
}

/** The dialog's answer, or undefined once the timeout runs out or the signal aborts (the dialog is cancelled then). */
export function withDialogOptions<T>(
	dialog: TimedDialog<T>,
	options: DialogOptions = {},
	clock: Clock = systemClock,
): Promise<T | undefined> {
	const { timeoutMs, signal } = options;
	return new Promise<T | undefined>((resolve, reject) => {
		const cleanups: Array<() => void> = [];
		const cleanup = () => {
			for (const fn of cleanups.splice(0)) fn();
		};
		const giveUp = () => {
			cleanup();
			resolve(undefined);
			dialog.cancel?.();
		};
		dialog.result.then(
			(value) => {
				cleanup();
				resolve(value);
			},
			(error: unknown) => {
				cleanup();
				reject(error);
			},
		);
		if (signal?.aborted || (timeoutMs !== undefined && timeoutMs <= 0)) {
			giveUp();
			return;
		}
		if (signal) {
			signal.addEventListener("abort", giveUp, { once: true });
			cleanups.push(() => signal.removeEventListener("abort", giveUp));
		}
		if (timeoutMs !== undefined) {
			const deadline = clock.now() + timeoutMs;
			let cancelTimer = () => {};
			const tick = () => {
				const remaining = deadline - clock.now();
				if (remaining <= 0) {
					giveUp();
					return;
				}
				const seconds = Math.ceil(remaining / 1000);
				dialog.setNote?.(`(closes in ${seconds}s)`);
				// Wake when the shown number changes, not on a fixed beat, so the count never lags.
				cancelTimer = clock.setTimer(tick, remaining - (seconds - 1) * 1000);
			};
			cleanups.push(() => cancelTimer());
			tick();
		}
	});
}
