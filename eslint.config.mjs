// ESLint flat config. Besides the usual TypeScript checks it enforces the layers
// (VS Code style): each environment folder may only import what its runtime has.
//   src-core      pure TypeScript: no Node, no Electron, no DOM, no other layer
//   src-renderer  the UI: no Node, no Electron, no src-main except the API contract's types
//   src-main      the Node side: never the renderer; only src-main/electron touches Electron
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import { builtinModules } from 'node:module';

const nodeBuiltins = ['node:*', ...builtinModules, ...builtinModules.map((m) => `${m}/*`)];

const noNode = { group: nodeBuiltins, message: 'This layer runs outside Node: no Node built-ins.' };
const noElectron = {
  group: ['electron', 'electron/*'],
  message: 'Only src-main/electron/ may touch Electron.',
};
const noSharp = { group: ['sharp'], message: 'sharp is used only in src-main/services.' };

export default tseslint.config(
  { ignores: ['app/**', 'node_modules/**', 'test-results/**', 'playwright-report/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.es2022 } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-constant-condition': ['error', { checkLoops: false }],
    },
  },
  {
    files: ['src-core/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            noNode,
            noElectron,
            noSharp,
            { group: ['react', 'react-dom', 'chart.js'], message: 'src-core has no UI.' },
            {
              group: ['**/src-main/**', '**/src-renderer/**'],
              message: 'src-core is the bottom layer: it imports no other layer.',
            },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        ...[
          'window',
          'document',
          'navigator',
          'self',
          'process',
          'Buffer',
          'require',
          'global',
        ].map((name) => ({ name, message: 'src-core is pure: no DOM and no Node globals.' })),
      ],
    },
  },
  {
    files: ['src-renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            noNode,
            noElectron,
            noSharp,
            {
              group: ['**/src-main/**', '!**/src-main/api/contract'],
              message: 'The renderer reaches the back end only through src-main/api/contract.',
            },
            {
              group: ['**/src-main/api/contract'],
              allowTypeImports: true,
              message: 'Import the API contract with `import type` only.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src-main/**/*.ts'],
    ignores: ['src-main/electron/**'],
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            noElectron,
            { group: ['**/src-renderer/**'], message: 'src-main never imports the renderer.' },
          ],
        },
      ],
    },
  },
  {
    files: ['src-main/electron/**/*.ts'],
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/src-renderer/**'], message: 'src-main never imports the renderer.' },
          ],
        },
      ],
    },
  },
  {
    files: ['test/**/*.{ts,mjs}', 'bench/**/*.{ts,mjs}', '*.config.{ts,mjs}', '.ci/**/*.mjs'],
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['electron', 'electron/*'],
              message: 'No test may import electron for real: it would download its binary.',
            },
          ],
        },
      ],
    },
  },
);
