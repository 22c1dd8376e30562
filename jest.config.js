// One Jest run for every test. Projects split by environment:
//   unit     – domain core and Node tools (fast, no browser)
//   component – React components in jsdom
//   db       – the Supabase project and the local stand-in, on embedded PostgreSQL (PGlite) and PostgreSQL 15
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
      testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/e2e/', '<rootDir>/backend/test/db/'],
    },
    {
      ...common,
      displayName: 'db',
      testEnvironment: 'node',
      testMatch: ['<rootDir>/backend/test/db/**/*.test.ts'],
      // starts a temporary PostgreSQL 15 cluster for the suites that run on both engines
      globalSetup: '<rootDir>/backend/test/support/dbGlobalSetup.ts',
      globalTeardown: '<rootDir>/backend/test/support/dbGlobalTeardown.ts',
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
