// Build-time stand-in for "zod/v3". The AI SDK's provider-utils imports only
// the ZodFirstPartyTypeKind enum from it, to convert zod 3 schemas that weft
// never passes; bundling zod 3 for that would add ~100 KB to every request's
// start-up. The enum's values are its member names.
export const ZodFirstPartyTypeKind = new Proxy({}, { get: (_target, name) => name });
