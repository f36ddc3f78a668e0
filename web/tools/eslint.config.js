// ESLint (flat config) for the dashboard's ES modules in web/src, run from the
// repository root by `make format-check`:
//   web/tools/node_modules/.bin/eslint --config web/tools/eslint.config.js web/src
// Formatting is Prettier's business; this catches mistakes (unused or undefined
// names, unreachable code) and keeps a few habits of the code base.
import js from '@eslint/js';
import globals from 'globals';

export default [
  js.configs.recommended,
  {
    files: ['web/src/**/*.js'],
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: 'module',
      globals: { ...globals.browser },
    },
    rules: {
      eqeqeq: ['error', 'always'],
      'no-var': 'error',
      'prefer-const': 'error',
      'no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['tests/browser/**/*.mjs'],
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: 'module',
      // page.evaluate callbacks run in the page, hence the browser's names too.
      globals: { ...globals.node, ...globals.browser },
    },
  },
];
