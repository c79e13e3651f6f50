export { createHandler, type HandlerOptions, type InvocationResult } from "./handler";
export { parseInvocationPayload, type InvocationAction, type InvocationPayload } from "./invocation-payload";
export { cachedTokenSource, secretsManagerTokenSource, tokenFromSecret, type TokenSource } from "./token-source";
