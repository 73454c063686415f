/** The SDK entry: what embedders and extension authors import from "weft". */
export * from "./kernel/index.js";
