/**
 * ts-jest only transpiles (isolatedModules): `npm test` type-checks the whole tree once with `tsc --noEmit`
 * first, which is much faster than type-checking every test file separately.
 *
 * Two projects: everything runs against the bindings of hashicorp/aws 5.x (`@cdktf/provider-aws` 20.x, what real
 * Terraform applies here), and `test/compat/` synthesizes again with the 6.x bindings (21.x, installed under the
 * alias `@cdktf/provider-aws-v6`) so that users of either generation stay covered.
 * @type {import('jest').Config}
 */
const transform = { "^.+\\.ts$": ["ts-jest", { tsconfig: "<rootDir>/tsconfig.jest.json" }] };

module.exports = {
  testTimeout: 30000,
  projects: [
    {
      displayName: "provider-aws-5",
      testEnvironment: "node",
      roots: ["<rootDir>/test"],
      testMatch: ["**/*.test.ts"],
      testPathIgnorePatterns: ["/node_modules/", "<rootDir>/test/compat/"],
      transform,
    },
    {
      displayName: "provider-aws-6",
      testEnvironment: "node",
      roots: ["<rootDir>/test/compat"],
      testMatch: ["**/*.test.ts"],
      moduleNameMapper: { "^@cdktf/provider-aws/lib/(.*)$": "@cdktf/provider-aws-v6/lib/$1" },
      transform,
    },
  ],
};
