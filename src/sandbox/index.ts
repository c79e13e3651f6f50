export * from "./sandbox";
export * from "./snyk-api";
export * from "./eventbridge";
export * from "./partner-source-registry";
export * from "./apply";
export * from "./terraform";
