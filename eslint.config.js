// Flat ESLint config. Besides type-aware rules it enforces the layering of ARCHITECTURE.md:
// the renderer and shared/ never touch Node or Electron, and engine folders never import electron.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import prettier from 'eslint-config-prettier';
import globals from 'globals';

const nodeBuiltins = [
  'assert',
  'buffer',
  'child_process',
  'crypto',
  'dns',
  'events',
  'fs',
  'fs/promises',
  'http',
  'https',
  'net',
  'os',
  'path',
  'process',
  'readline',
  'stream',
  'tls',
  'url',
  'util',
  'worker_threads',
  'zlib',
];

const noNodeNoElectron = {
  paths: ['electron', ...nodeBuiltins].map((name) => ({
    name,
    message: 'renderer/ and shared/ run without Node and Electron: go through the contract in shared/.',
  })),
  patterns: [
    {
      group: ['node:*'],
      message: 'renderer/ and shared/ run without Node: go through the contract in shared/.',
    },
  ],
};

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      'dist/**',
      'release/**',
      'coverage/**',
      'test-results/**',
      'playwright-report/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: {
          allowDefaultProject: ['*.js', '*.mjs', 'bin/*.mjs', '.ci/*.mjs'],
        },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/only-throw-error': 'error',
      eqeqeq: ['error', 'always'],
      'no-console': 'off',
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    languageOptions: { globals: globals.node },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        {
          ...noNodeNoElectron,
          patterns: [
            ...noNodeNoElectron.patterns,
            { group: ['**/electron/**', '../electron/*'], message: 'The renderer knows only shared/.' },
          ],
        },
      ],
    },
  },
  {
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          ...noNodeNoElectron,
          patterns: [
            ...noNodeNoElectron.patterns,
            {
              group: ['**/electron/**', '**/renderer/**'],
              message: 'shared/ imports nothing of ours but shared/.',
            },
          ],
        },
      ],
    },
  },
  {
    // Engine folders: plain Node, testable without Electron. Only the desktop shell may import it.
    files: ['electron/**/*.ts'],
    ignores: ['electron/main.ts', 'electron/preload.ts', 'electron/desktop/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'electron', message: 'Engine code never imports electron; only electron/desktop/ does.' },
          ],
          patterns: [{ group: ['**/renderer/**'], message: 'The engine does not import the renderer.' }],
        },
      ],
    },
  },
  prettier,
);
