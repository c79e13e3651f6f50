export * from "./api-destination";
export * from "./event-bus";
export * from "./lambda-function";
export * from "./log-group";
export * from "./sns-topic";
export * from "./sqs-queue";
export * from "./target-base-props";
