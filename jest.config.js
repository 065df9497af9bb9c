/** Four projects: lint and type check, pure rules, workflows on the time-skipping server, HTTP against real servers. */
const base = {
  testEnvironment: 'node',
  // Type checking is the lint project's (scripts/check-code.ts); jest only transpiles, to CommonJS, so that the
  // generated Prisma client's dynamic imports become require() inside jest's module sandbox.
  transform: {
    '^.+\\.[tj]s$': ['@swc/jest', { swcrc: false, jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } }],
  },
  // jose is published as ES modules only: jest's CommonJS sandbox needs it transpiled.
  transformIgnorePatterns: ['/node_modules/(?!jose/)'],
  moduleFileExtensions: ['ts', 'js', 'json'],
  // The generated Prisma client imports its siblings as './x.js' (ESM style) from .ts files.
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
};
const stack = {
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
};

module.exports = {
  // Workflow and integration tests drive real servers: generous timeouts, no timing assertions.
  testTimeout: 120_000,
  // Most files wait on servers (Temporal, PostgreSQL, the api and worker, a browser), not on the
  // CPU: five files side by side on two cores finish far sooner than jest's default of one
  // (cores - 1); measured on 2 cores: 4 took 198 s, 5 took 189 s, 6 took 203 s (README, Tests).
  // Files keep their data apart by their own ids. JEST_WORKERS overrides.
  maxWorkers: Number(process.env.JEST_WORKERS) || 5,
  testSequencer: '<rootDir>/test/support/sequencer.js',
  projects: [
    { ...base, displayName: 'unit', testMatch: ['<rootDir>/test/unit/**/*.test.ts'] },
    { ...base, ...stack, displayName: 'workflows', testMatch: ['<rootDir>/test/workflows/**/*.test.ts'] },
    // Its own setup file (jest runs a setup file once, however many projects name it): it also starts the shared api and worker.
    { ...base, ...stack, globalSetup: '<rootDir>/test/support/global-setup-integration.ts', displayName: 'integration', testMatch: ['<rootDir>/test/integration/**/*.test.ts'] },
    // The type check, eslint and prettier (npm run check): no stack, but slow (type-aware linting), so not in `unit`.
    { ...base, displayName: 'lint', testMatch: ['<rootDir>/test/lint/**/*.test.ts'] },
  ],
};
