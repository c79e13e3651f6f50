export * from "./src/sandbox/index";
