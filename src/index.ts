export * from "./consts";
export * from "./errors";
export * from "./events";
export * from "./events/input-transformer";
export * from "./provisioner/integration-spec";
