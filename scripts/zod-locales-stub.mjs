// Build-time stand-in for zod 4's locale index. zod registers English itself
// (classic/schemas.js imports locales/en.js directly); the index would bundle
// every other language (~360 KB) that weft never selects.
export { default as en } from "../node_modules/zod/v4/locales/en.js";
