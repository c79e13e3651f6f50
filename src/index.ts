export * from "./consts";
export * from "./errors";
