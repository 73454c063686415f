/**
 * The built-in owner: the tag of everything weft itself registers, opens or
 * draws (tools, handlers, windows, buffers, overlays). One constant, so
 * "is this weft's own?" is asked the same way in every layer.
 */

/** Owner tag of everything weft itself registers. Built-ins win registry conflicts. */
export const BUILTIN_OWNER = "builtin";
