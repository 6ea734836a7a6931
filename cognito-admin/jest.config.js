/** @type {import('jest').Config} The cognito-admin tests alone (`npm test --workspace cognito-admin`); `npm test` at the root runs them with the others. */
module.exports = {
  ...require('../jest.config.js'),
  rootDir: '..',
  roots: ['<rootDir>/cognito-admin/test'],
};
