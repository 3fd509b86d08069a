// Lint: recommended JS + type-aware TypeScript rules; generated and built output is ignored.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'dist-bench/', 'node_modules/', 'coverage/', 'bench/**/*.js', 'examples/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-syntax': [
        'error',
        { selector: 'TSEnumDeclaration', message: 'Use a string-literal union or an as-const table (STYLE.md §3).' },
        { selector: 'TSModuleDeclaration', message: 'No namespaces (STYLE.md §3).' },
        { selector: 'TSParameterProperty', message: 'No constructor parameter properties (STYLE.md §3).' },
      ],
    },
  },
);
