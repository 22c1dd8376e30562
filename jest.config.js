// One Jest run for every test. Projects split by environment:
//   unit     – domain core, DICOM, Node tools and stand-ins (fast, no browser)
//   component – React components in jsdom
//   db       – the Supabase project, the local stand-in and the extension's data layer, on embedded PostgreSQL
//              (PGlite) and PostgreSQL 15
//   e2e      – the real viewer in Debian's Chromium, driven by playwright-core
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', tsx: true },
      transform: { react: { runtime: 'automatic' } },
      target: 'es2022',
    },
    module: { type: 'commonjs' },
  },
];

// the suites that need a database: the Supabase project, the stand-in itself, the extension's data layer
const DB_TESTS = ['backend/test/db/**/*.test.ts', 'dev/supabase-local/test/**/*.test.ts', 'extensions/iqs-scoring/test/db/**/*.test.ts'];

const common = {
  transform: { '^.+\\.(t|j)sx?$': swc },
  moduleFileExtensions: ['ts', 'tsx', 'js', 'mjs', 'cjs', 'json'],
  // dcmjs and other ESM-only builds are transformed too
  transformIgnorePatterns: ['/node_modules/(?!(dcmjs)/)'],
};

export default {
  projects: [
    {
      ...common,
      displayName: 'unit',
      testEnvironment: 'node',
      testMatch: ['<rootDir>/**/test/**/*.test.ts', '!**/node_modules/**'],
      testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/e2e/', ...DB_TESTS.map((glob) => `<rootDir>/${glob.split('/**')[0]}/`)],
    },
    {
      ...common,
      displayName: 'db',
      testEnvironment: 'node',
      testMatch: DB_TESTS.map((glob) => `<rootDir>/${glob}`),
      // starts a temporary PostgreSQL 15 cluster for the suites that run on both engines
      globalSetup: '<rootDir>/test/support/dbGlobalSetup.ts',
      globalTeardown: '<rootDir>/test/support/dbGlobalTeardown.ts',
    },
    {
      ...common,
      displayName: 'component',
      testEnvironment: 'jsdom',
      testMatch: ['<rootDir>/**/test/**/*.test.tsx', '!**/node_modules/**'],
      testPathIgnorePatterns: ['/node_modules/'],
    },
    {
      ...common,
      displayName: 'e2e',
      testEnvironment: 'node',
      testMatch: ['<rootDir>/test/e2e/**/*.e2e.ts'],
      globalSetup: '<rootDir>/test/e2e/globalSetup.ts',
      globalTeardown: '<rootDir>/test/e2e/globalTeardown.ts',
    },
  ],
};
