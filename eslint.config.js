// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import noDecimalComparison from './eslint-rules/no-decimal-comparison.js';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'coverage/', 'report/', '**/*.d.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    plugins: { 'flat-channels': { rules: { 'no-decimal-comparison': noDecimalComparison } } },
    rules: {
      'flat-channels/no-decimal-comparison': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['**/*.js'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
  },
);
