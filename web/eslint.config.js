// ESLint for the web UI (run by scripts/test-web.sh; `npm run lint`). Besides the TypeScript and React
// hook rules it keeps the layout of shared/STYLE.md §6 mechanical: a feature imports shared code
// (components/, lib/, theme/, testing/) and its own files, never another feature's; only app/ composes
// features. The zones are made from the folders under src/features, so a new feature is covered at once.
import { readdirSync } from 'node:fs';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import { createNodeResolver, flatConfigs as importX } from 'eslint-plugin-import-x';
import globals from 'globals';

const features = readdirSync(new URL('./src/features', import.meta.url), { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name);

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'e2e/screenshots/'] },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    files: ['src/**/*.{ts,tsx}'],
    languageOptions: { globals: globals.browser },
    plugins: { 'react-hooks': reactHooks, 'import-x': importX.recommended.plugins['import-x'] },
    settings: {
      'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.tsx', '.js', '.json'] })],
    },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'import-x/no-unresolved': 'error',
      'import-x/no-restricted-paths': [
        'error',
        {
          basePath: new URL('.', import.meta.url).pathname,
          zones: [
            ...features.map((f) => ({
              target: `./src/features/${f}`,
              from: './src/features',
              except: [`./${f}`],
              message: 'No imports across features: move what both need to components/ or lib/, or compose them in app/.',
            })),
            {
              target: ['./src/components', './src/lib', './src/theme', './src/layouts'],
              from: ['./src/features', './src/app'],
              message: 'Shared code sits below the features and app/.',
            },
          ],
        },
      ],
    },
  },
  {
    // e2e files run in Node; the callbacks they hand to page.evaluate/waitForFunction run in Chromium.
    files: ['e2e/**/*.mjs'],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
  },
  {
    files: ['*.config.{js,ts}'],
    languageOptions: { globals: globals.node },
  },
);
