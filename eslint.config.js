// @ts-check
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** Package boundaries (STYLE.md): server → formats → core; cli → server; web → core. */
const forbid = (/** @type {string[]} */ groups, /** @type {string} */ message) => ({
  'no-restricted-imports': ['error', { patterns: [{ group: groups, message }] }],
});

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', 'data/**', 'test-output/**', 'fixtures/**'] },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
      globals: { ...globals.node },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-restricted-syntax': [
        'error',
        { selector: 'ExportDefaultDeclaration', message: 'Use named exports.' },
      ],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    // Tools that load their configuration through a default export.
    files: ['**/vite.config.ts', 'vitest.config.ts', 'eslint.config.js'],
    rules: { 'no-restricted-syntax': 'off' },
  },
  {
    files: ['packages/core/src/**'],
    ignores: ['**/*.test.ts'],
    rules: forbid(
      [
        'node:*',
        'fs',
        'path',
        '@duban/formats',
        '@duban/server',
        '@duban/web',
        '@duban/cli',
        'react',
      ],
      'core is pure: no IO, no framework, no other package.',
    ),
  },
  {
    files: ['packages/formats/src/**'],
    ignores: ['**/*.test.ts'],
    rules: forbid(['@duban/server', '@duban/web', '@duban/cli'], 'formats depends on core only.'),
  },
  {
    files: ['packages/server/src/**'],
    rules: forbid(['@duban/web', '@duban/cli'], 'server depends on core and formats.'),
  },
  {
    files: ['packages/web/src/**'],
    languageOptions: { globals: { ...globals.browser } },
    rules: forbid(
      ['@duban/server', '@duban/formats', '@duban/cli', 'node:*'],
      'web talks to the server over HTTP and uses core for types and contracts only.',
    ),
  },
);
