const js = require('@eslint/js');
const tseslint = require('typescript-eslint');
const importX = require('eslint-plugin-import-x');

// The layers (docs/ARCHITECTURE.md): each folder of ours may import only the folders listed for it.
// Nothing lower imports anything higher, so every arrow runs down and no circle can form.
const LAYERS = {
  domain: [],
  config: ['domain'],
  wire: ['domain'],
  ledger: ['domain', 'config'],
  evidence: ['domain', 'config'],
  links: ['domain'],
  report: ['domain', 'config', 'evidence'],
  client: ['domain', 'wire'],
  // Workflow code runs in Temporal's sandbox: the domain, the wire and the activities' types only
  // (the type-only rule for activities is below).
  workflows: ['domain', 'wire'],
  activities: ['domain', 'wire', 'config', 'ledger', 'evidence', 'links', 'report', 'client'],
  worker: ['domain', 'wire', 'config', 'activities', 'client'],
  portal: ['domain', 'wire', 'config', 'evidence', 'links', 'report', 'client'],
  stack: ['domain', 'wire', 'config', 'client', 'worker'],
  preview: ['domain', 'wire', 'config', 'ledger', 'activities', 'client', 'worker', 'stack'],
  cli: ['domain', 'wire', 'config', 'ledger', 'evidence', 'links', 'report', 'client', 'stack', 'preview'],
  bench: ['domain', 'wire', 'config', 'ledger', 'activities', 'client', 'worker', 'stack', 'preview'],
  faults: ['domain', 'wire', 'config', 'ledger', 'activities', 'client', 'worker', 'stack', 'preview'],
};
const FOLDERS = Object.keys(LAYERS);

// Workflow code may name the activities' types; the rule on workflows/ below keeps that type-only.
const pathAllowed = (folder) => [...LAYERS[folder], ...(folder === 'workflows' ? ['activities'] : [])];
const layerZones = FOLDERS.map((folder) => ({
  target: `./${folder}`,
  from: FOLDERS.filter((other) => other !== folder && !pathAllowed(folder).includes(other)).map(
    (f) => `./${f}`,
  ),
  message: `${folder}/ may import only ${LAYERS[folder].join(', ') || 'nothing of ours'} (eslint.config.js, docs/ARCHITECTURE.md)`,
}));

const sourceFiles = FOLDERS.map((f) => `${f}/**/*.ts`);

module.exports = tseslint.config(
  { ignores: ['node_modules/**', 'data/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: {
        require: 'readonly',
        module: 'writable',
        process: 'readonly',
        __dirname: 'readonly',
        console: 'readonly',
      },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['**/*.ts'],
    plugins: { 'import-x': importX },
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: __dirname },
    },
    settings: {
      'import-x/extensions': ['.ts', '.js'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
      'import-x/resolver-next': [importX.createNodeResolver({ extensions: ['.ts', '.js', '.json'] })],
    },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', ignoreRestSiblings: true }],
      '@typescript-eslint/no-floating-promises': 'error',
      'import-x/no-cycle': 'error',
    },
  },
  {
    files: sourceFiles,
    rules: {
      'import-x/no-restricted-paths': ['error', { zones: layerZones }],
      // Short functions read in one screen; a longer one says why in an eslint-disable comment.
      'max-lines-per-function': ['error', { max: 80, IIFEs: true }],
    },
  },
  {
    files: ['workflows/**/*.ts'],
    rules: {
      // Deterministic sandbox: no Node built-ins, and the activities only as types (proxyActivities).
      'import-x/no-nodejs-modules': 'error',
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['../activities', '../activities/*'],
              allowTypeImports: true,
              message: 'workflow code imports the activities as types only (proxyActivities)',
            },
          ],
        },
      ],
    },
  },
);
