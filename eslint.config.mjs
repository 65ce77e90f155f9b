// @ts-check
import eslint from '@eslint/js';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

const NODE_BUILTINS = [
  'assert',
  'buffer',
  'child_process',
  'cluster',
  'crypto',
  'dgram',
  'dns',
  'events',
  'fs',
  'fs/promises',
  'http',
  'http2',
  'https',
  'net',
  'os',
  'path',
  'perf_hooks',
  'process',
  'readline',
  'stream',
  'timers',
  'tls',
  'url',
  'util',
  'v8',
  'vm',
  'worker_threads',
  'zlib',
];

const restricted = (...patterns) => ['error', { patterns }];

/** Workflow code is a pure, deterministic leaf: no I/O, no framework, no activities (their types are in the contract). */
const workflowBoundaries = [
  { group: ['node:*', ...NODE_BUILTINS], message: 'Workflow code is deterministic: no Node built-ins.' },
  { group: ['@nestjs/*', 'typeorm', 'pg', 'nodemailer'], message: 'Workflow code must not load the framework or I/O.' },
  {
    group: ['@temporalio/client', '@temporalio/worker', '@temporalio/activity', '@temporalio/testing'],
    message: 'Workflow code imports only @temporalio/workflow from the SDK.',
  },
  { group: ['**/src/**', '@/*'], message: 'workflows/ never imports src/ (relative imports inside workflows/ only).' },
  {
    group: ['**/activities/**'],
    message: "workflows/ never imports activities/: the activities' request types live in the flow's contract.",
  },
];

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'coverage/', '.tools/', '.data/', 'eslint.config.mjs', 'jest.config.js'] },
  eslint.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ['scripts/*.js'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      eqeqeq: ['error', 'always'],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': [
        'error',
        { considerDefaultExhaustiveForUnions: true, requireDefaultForNonUnion: false },
      ],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['scripts/**/*.js'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: { require: 'readonly', module: 'writable', __dirname: 'readonly', process: 'readonly' },
    },
    rules: {
      '@typescript-eslint/no-require-imports': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
  {
    files: ['workflows/**/*.ts'],
    ignores: ['workflows/**/*.spec.ts'],
    rules: { '@typescript-eslint/no-restricted-imports': restricted(...workflowBoundaries) },
  },
  {
    // A flow's contract is shared by the API, the worker and the workflow: it depends on nothing but the SDK's
    // definitions (@temporalio/workflow, and @temporalio/common for what workflow does not re-export, such as
    // defineSearchAttributeKey) and other contract-side modules of its own flow.
    files: ['workflows/**/*.contract.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': restricted({
        regex: '^(?!@temporalio/(workflow|common)$|\\./)',
        message: 'A contract imports nothing but @temporalio/workflow, @temporalio/common and files of its own flow.',
      }),
    },
  },
  {
    // A flow's policy module is pure data and pure functions (defaults, compressed policies), like its contract; so is
    // its eligibility rule, which the staff workspace shows before a referral is submitted.
    files: ['src/**/*.ts', 'src/**/*.tsx', 'activities/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': restricted(
        {
          regex: '(^|/)workflows/(?!.*(\\.contract|/policy|/eligibility)$)',
          allowTypeImports: true,
          message: 'Outside workflows/, import a flow through its contract (workflow functions as types only).',
        },
        {
          group: ['**/activities/**', '!**/activities/**/*.types'],
          message: 'Only the worker composition root (src/worker/worker.module.ts) imports activities/.',
        },
      ),
    },
  },
  {
    files: ['activities/**/*.ts', 'src/worker/worker.module.ts', 'src/**/*.spec.ts', 'activities/**/*.spec.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': restricted({
        regex: '(^|/)workflows/(?!.*(\\.contract|/policy)$)',
        allowTypeImports: true,
        message: 'Outside workflows/, import a flow through its contract (workflow functions as types only).',
      }),
    },
  },
  {
    files: ['test/**/*.ts', '**/*.spec.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/unbound-method': 'off',
    },
  },
  prettier,
);
