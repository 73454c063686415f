/** The deadline of an async handler: how long the bus waits for its promise before giving up on it. */

export type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown; timedOut: boolean };

/**
 * Settles with the handler's result, its rejection, or a timeout after
 * `deadlineMs`. While `held()` is true (the handler waits on the user, e.g. a
 * dialog) the deadline is renewed instead of expiring. A result that comes
 * after the timeout is ignored.
 */
export function settleWithin(
	value: PromiseLike<unknown>,
	deadlineMs: number,
	held: () => boolean,
): Promise<Outcome> {
	return new Promise<Outcome>((resolve) => {
		let done = false;
		const expire = () => {
			if (done) return;
			if (held()) {
				timer = setTimeout(expire, deadlineMs);
				return;
			}
			done = true;
			resolve({
				ok: false,
				error: new Error(`handler did not finish within ${deadlineMs} ms`),
				timedOut: true,
			});
		};
		// Deliberately not unref'd: the deadline must fire even when the handler
		// waits on nothing that keeps Node's event loop alive.
		let timer = setTimeout(expire, deadlineMs);
		Promise.resolve(value).then(
			(v) => {
				if (done) return;
				done = true;
				clearTimeout(timer);
				resolve({ ok: true, value: v });
			},
			(error: unknown) => {
				if (done) return;
				done = true;
				clearTimeout(timer);
				resolve({ ok: false, error, timedOut: false });
			},
		);
	});
}
