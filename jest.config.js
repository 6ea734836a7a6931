/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  // Both packages of the repository: the constructs (test/) and cognito-admin (cognito-admin/test/).
  roots: ['<rootDir>/test', '<rootDir>/cognito-admin/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.tsx?$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' } }],
  },
  moduleFileExtensions: ['ts', 'js', 'json'],
  // Every template a test synthesizes goes through aws-cdk-lib's template validation (per test) and
  // cfn-lint (once per run, over the distinct templates): see test/template-checks.ts.
  globalSetup: '<rootDir>/test/template-checks.global-setup.ts',
  setupFilesAfterEnv: ['<rootDir>/test/template-checks.setup.ts'],
  globalTeardown: '<rootDir>/test/template-checks.global-teardown.ts',
  testTimeout: 60000,
  maxWorkers: 2,
  modulePathIgnorePatterns: [
    '<rootDir>/dist',
    '<rootDir>/cdk.out',
    '<rootDir>/.local',
    '<rootDir>/test/.tmp',
    '<rootDir>/cognito-admin/dist',
    '<rootDir>/cognito-admin/.local',
    '<rootDir>/cognito-admin/test/.tmp',
  ],
};
