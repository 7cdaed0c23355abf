// ESLint flat config (`npm run lint`). TypeScript is linted with type information (typescript-eslint's
// recommendedTypeChecked, through the project service reading tsconfig.json); the plain .mjs scripts have no
// types to read, so they get the untyped rules and Node's globals.
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

/** Node's globals for the .mjs scripts (listed here rather than adding the `globals` package for a dozen names). */
const nodeGlobals = Object.fromEntries(
  [
    'process',
    'console',
    'Buffer',
    'URL',
    'URLSearchParams',
    'setTimeout',
    'clearTimeout',
    'setInterval',
    'clearInterval',
    'setImmediate',
    'clearImmediate',
    'queueMicrotask',
    'structuredClone',
    'fetch',
    'AbortController',
    'AbortSignal',
    'TextEncoder',
    'TextDecoder',
    'performance',
    'globalThis',
  ].map((name) => [name, 'readonly']),
);

export default defineConfig(
  {
    ignores: ['node_modules/', 'dist/', 'dist-cli/', 'demo-output/', 'test-results/', 'playwright-report/', '.tmp/', 'release/', 'bench/out/'],
  },
  js.configs.recommended,
  {
    rules: {
      // Matching control characters is this code's job (escaping hostile text for terminals, HTML, Markdown, and the
      // tests proving none gets through): every such regex is deliberate, so the rule could only be disabled line by line.
      'no-control-regex': 'off',
    },
  },
  {
    files: ['**/*.ts', '**/*.tsx'],
    extends: [tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // Function-typed members as properties (`onClose: () => void`), not methods (`onClose(): void`): tsc checks a
      // property's parameters strictly (strictFunctionTypes; a method's only bivariantly), and a property can be passed
      // around (`onClick={props.onClose}`) without unbound-method treating it as needing its `this`.
      '@typescript-eslint/method-signature-style': ['error', 'property'],
      // tsc's convention (noUnusedParameters): a leading underscore marks a parameter kept for its position or a
      // destructured property dropped on purpose ({ body: _dropped, ...rest }).
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
    },
  },
  {
    files: ['**/*.mjs', '**/*.js'],
    languageOptions: { globals: nodeGlobals },
  },
);
