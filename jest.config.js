/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  transform: { '^.+\\.ts$': ['@swc/jest'] },
  testTimeout: 120_000,
  // The servers are shared machine resources: run files one at a time so a 2-core machine
  // does not starve the JVM test server or the dev server.
  maxWorkers: 1,
};
