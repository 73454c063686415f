// What `import … from "weft"` resolves to inside an extension: the running
// weft's public values, published by the extension loader before any
// extension is imported. Loading through this global (instead of a second
// copy of weft) keeps `instanceof` checks and shared state consistent.
module.exports = globalThis[Symbol.for("weft.runtime")];
