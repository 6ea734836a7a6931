/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.tsx?$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' } }],
  },
  moduleFileExtensions: ['ts', 'js', 'json'],
  testTimeout: 60000,
  maxWorkers: 2,
  modulePathIgnorePatterns: [
    '<rootDir>/dist',
    '<rootDir>/cdk.out',
    '<rootDir>/.local',
    '<rootDir>/test/.tmp',
  ],
};
