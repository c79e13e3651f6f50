/**
 * ts-jest only transpiles (isolatedModules): `npm test` type-checks the whole tree once with `tsc --noEmit`
 * first, which is much faster than type-checking every test file separately.
 * @type {import('jest').Config}
 */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  transform: {
    "^.+\\.ts$": ["ts-jest", { tsconfig: "<rootDir>/tsconfig.jest.json" }],
  },
  testTimeout: 30000,
};
