export * from "./src/runtime";
