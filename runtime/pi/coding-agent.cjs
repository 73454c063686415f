// What a pi extension's import of @mariozechner/pi-coding-agent resolves to in weft: weft's own
// implementation of the part of pi's interface extensions use, published by
// the pi adapter (src/extensions/compat/pi/pi-modules.ts) before the
// extension is imported. No code of pi's is shipped with weft.
module.exports = globalThis[Symbol.for("weft.pi.modules")]["coding-agent"];
