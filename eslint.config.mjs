import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      'dist/',
      'assets/',
      'cdk.out/',
      '.local/',
      'test/.tmp/',
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
    files: ['lib/**/*.ts'],
    ignores: ['lib/nag/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: ['cdk-nag', 'cdk-nag/*', '**/nag', '**/nag/*'] }],
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
    // Local mode reads the synthesized template; only its synth step loads the CDK app.
    files: ['lib/local/**/*.ts'],
    ignores: ['lib/local/synth.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            'aws-cdk-lib',
            'aws-cdk-lib/*',
            'constructs',
            'cdk-nag',
            '../cognito-auth',
            '../triggers/*',
            '../../bin/*',
          ],
        },
      ],
    },
  },
  {
    files: ['lib/admin/**/*.ts', 'bin/cognito-admin.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: ['aws-cdk-lib', 'aws-cdk-lib/*', 'constructs', 'cdk-nag'] },
      ],
    },
  },
);
