// ESLint (flat config): JavaScript's and typescript-eslint's recommended rules over the TypeScript of src/ and test/; formatting is not linted.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', '.tmp/', 'coverage/', 'test/fixtures/', 'specs/', 'contracts/', '**/*.js', '**/*.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      // `catch {}` and `() => undefined` placeholders say "nothing to do" on purpose.
      'no-empty': ['error', { allowEmptyCatch: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true }],
      // Control characters are matched on purpose: XML/HTML escaping and NUL-separated keys.
      'no-control-regex': 'off',
    },
  },
  // Tests read JSON reports and HTTP answers of any shape.
  { files: ['test/**/*.ts'], rules: { '@typescript-eslint/no-explicit-any': 'off' } },
);
