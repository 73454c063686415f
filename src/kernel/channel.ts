/**
 * The channel primitive: an input surface that drives sessions from outside
 * (the terminal, RPC, ACP, an HTTP endpoint, a chat bot). The kernel only
 * holds channels, owner-tagged like everything else; what a channel is
 * started with (sessions to create and drive) exists only where sessions do,
 * so the context's type is a parameter here and is fixed by the extension
 * API (`ChannelContext`, src/extensions/channel.ts).
 */

export interface ChannelDefinition<Context = unknown> {
	/** Unique among channels; the registry's name for it ("http", "rpc", "acp"). */
	id: string;
	/** One line for listings (`weft.channels.list()`). */
	description?: string;
	/** Begins serving; resolves once the channel accepts input. A throw means it did not start. */
	start(ctx: Context): void | Promise<void>;
	/** Stops serving and releases what `start` opened (sockets, streams); called once per start. */
	stop(): void | Promise<void>;
}
