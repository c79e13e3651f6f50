export * from "./provisioner";
export * from "./snyk";
export * from "./aws";
export * from "./lambda";
export * from "./redact";
export * from "./doctor";
