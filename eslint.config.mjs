import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/',
      '**/dist/',
      'assets/',
      'cdk.out/',
      '.local/',
      'test/.tmp/',
      'cognito-admin/test/.tmp/',
      'coverage/',
      '**/*.js',
      '**/*.mjs',
    ],
  },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // The main entry point must load without cdk-nag: only the rule pack (cdk-cognito-auth/nag) imports it.
    // The constructs never import the CLI package or the reference app.
    files: ['lib/**/*.ts'],
    ignores: ['lib/nag/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            'cdk-nag',
            'cdk-nag/*',
            '**/nag',
            '**/nag/*',
            'cognito-admin',
            'cognito-admin/*',
            '**/cognito-admin/**',
            '**/bin/*',
          ],
        },
      ],
    },
  },
  {
    // Handlers import nothing from lib/ but the pure module of Cognito's rules (lib/shared).
    files: ['lambda-triggers/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['aws-cdk-lib', 'aws-cdk-lib/*', 'constructs'] },
            { regex: '^(\\.\\./)+lib/(?!shared/)', message: 'handlers import only lib/shared from lib/' },
          ],
        },
      ],
    },
  },
  {
    // Cognito's rules are pure: the CLI, local mode and the handlers load them without the CDK.
    files: ['lib/shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: ['aws-cdk-lib', 'aws-cdk-lib/*', 'constructs', 'cdk-nag', '../*'] },
      ],
    },
  },
  {
    // cognito-admin never loads aws-cdk-lib, the constructs or the reference app: it imports from the construct
    // package only its pure modules, which its build compiles in (see README, Development).
    files: ['cognito-admin/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                'aws-cdk-lib',
                'aws-cdk-lib/*',
                'constructs',
                'cdk-nag',
                'cdk-nag/*',
                'cdk-cognito-auth',
                'cdk-cognito-auth/*',
              ],
              message: 'cognito-admin never loads aws-cdk-lib, cdk-nag or the constructs.',
            },
            {
              group: [
                '**/lib/*',
                '!**/lib/client-config',
                '!**/lib/metadata',
                '!**/lib/shared',
                '!**/lib/shared/*',
                '**/bin/*',
                '!../bin/*',
              ],
              message:
                'cognito-admin imports from lib/ only the pure shared modules (client-config, metadata, shared/), and never the reference app.',
            },
          ],
        },
      ],
    },
  },
  {
    // Tests of cognito-admin may build the reference app and read the trigger configuration types.
    files: ['cognito-admin/test/**/*.ts', 'cognito-admin/bench/**/*.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
);
