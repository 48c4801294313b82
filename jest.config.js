// Packages published only as ES modules. Jest runs tests as CommonJS, so these are compiled to CommonJS
// like our own TypeScript; every other package in node_modules is loaded as it is.
const ESM_ONLY_PACKAGES = [
  'file-type',
  'strtok3',
  'token-types',
  '@tokenizer',
  '@borewit',
  'uint8array-extras',
  'jose',
  // cookie@2, which light-my-request (fastify.inject) uses.
  'cookie',
];

// Three suites: `npm test` (the developer's loop, within about 6 minutes on 2 cores), `npm run
// test:long` (CIV_TESTS=long: the *.long.test.ts files, whole simulated years of every plan) and
// `npm run test:cluster` (test/cluster, against the Temporal server on PostgreSQL). CI runs all three.
const LONG = /\.long\.test\.ts$/.source;
const suite = process.env.CIV_TESTS ?? 'default';
if (!['default', 'long'].includes(suite))
  throw new Error(`CIV_TESTS must be "long" or unset, not "${suite}"`);

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  ...(suite === 'long' ? { testRegex: LONG } : {}),
  // test/cluster runs against a running Temporal cluster only, through `npm run test:cluster`.
  testPathIgnorePatterns: ['/node_modules/', '/test/cluster/', ...(suite === 'long' ? [] : [LONG])],
  transform: {
    '^.+\\.ts$': ['@swc/jest'],
    // Explicit options rather than .swcrc (which parses TypeScript): these are plain JavaScript, and the
    // output must be CommonJS whatever the package's own "type" says.
    '^.+\\.m?js$': [
      '@swc/jest',
      {
        swcrc: false,
        jsc: { parser: { syntax: 'ecmascript' }, target: 'es2022' },
        module: { type: 'commonjs' },
      },
    ],
  },
  // Ignored: a package that is not listed, unless a listed one is nested deeper inside it.
  transformIgnorePatterns: [`/node_modules/(?!(${ESM_ONLY_PACKAGES.join('|')})/)(?!.*/node_modules/)`],
  moduleNameMapper: {
    // file-type's export map offers its Node entry only under "import" and "module-sync", conditions
    // Jest's CommonJS resolver does not use; Node itself loads it through require(esm).
    '^file-type$': '<rootDir>/node_modules/file-type/index.js',
  },
  testTimeout: 120_000,
  // The servers are shared machine resources: run files one at a time so a 2-core machine
  // does not starve the JVM test server or the dev server.
  maxWorkers: 1,
};
