// What a pi extension's import of typebox (or @sinclair/typebox) resolves to
// in weft: the TypeBox weft itself uses, published by the pi adapter
// (src/extensions/compat/pi/pi-modules.ts), so tool schemas are the objects
// weft validates with.
module.exports = globalThis[Symbol.for("weft.pi.modules")].typebox;
