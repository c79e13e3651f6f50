export * from "./doctor-check";
export * from "./run-doctor";
