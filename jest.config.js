/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/__tests__"],
  testMatch: ["**/*.test.ts"],
  reporters: ["default", "<rootDir>/__tests__/support/summary-reporter.js"],
  setupFilesAfterEnv: ["<rootDir>/__tests__/support/setup-jest.ts"],
  transform: {
    "^.+\\.ts$": "ts-jest",
  },
};
