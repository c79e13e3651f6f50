export * from "./src/index";
