export * from "./src/index";
export * from "./modules/index";
