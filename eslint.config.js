// ESLint flat config: typescript-eslint's type-checked rules for every package (STYLE.md 18).
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      '**/.swc/**',
      '.data/**',
      '.cache/**',
      '.artifacts/**',
      'coverage/**',
      'miniapp/babel.config.js',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: {
          allowDefaultProject: ['*.js', '*.mjs', 'miniapp/*.mts', 'miniapp/scripts/*.mjs', 'scripts/*.mjs'],
          // files outside every package's tsconfig get the strict base options
          defaultProject: 'tsconfig.json',
        },
        tsconfigRootDir: import.meta.dirname,
      },
      globals: { ...globals.node },
    },
    rules: {
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-non-null-assertion': 'error',
      // flags every mongoose schema definition object; mongoose's own types already check them
      '@typescript-eslint/no-unsafe-class-instance-assignment': 'off',
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      '@typescript-eslint/no-confusing-void-expression': ['error', { ignoreArrowShorthand: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // only the BFF's config module reads the environment (STYLE.md 11)
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: 'Read settings through bff/src/config.ts.' },
      ],
    },
  },
  {
    // where reading the environment is the point: config, launch scripts, build config, tests
    files: [
      'bff/src/config.ts',
      'bff/src/db/embedded.ts',
      'scripts/**',
      'miniapp/config/**',
      'test/**',
      '**/*.test.ts',
      '**/*.test.tsx',
      '**/vitest.*.mts',
      'vitest.config.mts',
    ],
    rules: { 'no-restricted-properties': 'off' },
  },
  {
    files: ['miniapp/src/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    languageOptions: { globals: { ...globals.browser } },
    rules: { ...reactHooks.configs.recommended.rules },
  },
  {
    files: ['**/*.test.ts', '**/*.test.tsx', 'test/**'],
    rules: {
      // tests read fields of JSON bodies they then assert on
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
  },
);
