/**
 * The architecture as rules, checked by `npm test` (npm run lint:deps): no import circles, and each layer imports
 * only what it stands on. See the README, "How it fits together".
 */
const PURE_PACKAGES = '^packages/(domain|dicom|database)/';
const UI_LIBRARIES = '^node_modules/(react|react-dom|zustand|chart\\.js)/';

module.exports = {
  forbidden: [
    {
      name: 'resolvable',
      severity: 'error',
      comment: 'An import that does not resolve: a missing dependency or a stale path.',
      from: {},
      to: { couldNotResolve: true },
    },
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'An import circle: split the shared part out, or invert one of the imports.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'packages-stand-alone',
      severity: 'error',
      comment: 'packages/ is what everything else stands on: it imports no extension, mode, launcher, backend tool or stand-in.',
      from: { path: '^packages/' },
      to: { path: '^(extensions|modes|platform|backend|dev)/' },
    },
    {
      name: 'packages-no-ui',
      severity: 'error',
      comment: 'The domain, DICOM and database packages are free of React and browser state.',
      from: { path: PURE_PACKAGES },
      to: { path: UI_LIBRARIES },
    },
    {
      name: 'domain-no-io',
      severity: 'error',
      comment: 'The domain core is plain TypeScript: no Node built-ins, no network or database clients.',
      from: { path: '^packages/domain/src/' },
      to: { dependencyTypes: ['core', 'npm', 'npm-dev', 'npm-optional', 'npm-peer', 'npm-no-pkg', 'npm-unknown'] },
    },
    {
      name: 'backend-not-on-the-viewer',
      severity: 'error',
      comment:
        'The production tools do not depend on the OHIF extension, the mode or the launcher (the settings, platform/config, they share).',
      from: { path: '^backend/' },
      to: { path: '^(extensions|modes|platform/viewer)/' },
    },
    {
      name: 'backend-only-the-supabase-stand-in',
      severity: 'error',
      comment: 'Of the stand-ins, the production tools use only the local Supabase (their embedded default, loaded on demand).',
      from: { path: '^backend/src/' },
      to: { path: '^dev/(?!supabase-local/)' },
    },
    {
      name: 'dev-not-on-the-product',
      severity: 'error',
      comment: 'The stand-ins stand in for real parts: they do not import the extension, the mode or the launcher.',
      from: { path: '^dev/' },
      to: { path: '^(extensions|modes|platform)/' },
    },
    {
      name: 'browser-code-stays-in-the-browser',
      severity: 'error',
      comment: 'The extension and the mode run in the browser: no backend tools, stand-ins, launcher or Node built-ins.',
      from: { path: '^(extensions|modes)/[^/]+/src/' },
      to: { path: '^(backend|dev|platform)/|^packages/(dicom|database/src/serviceClient)' },
    },
    {
      name: 'browser-code-no-node',
      severity: 'error',
      from: { path: '^(extensions|modes)/[^/]+/src/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'pages-and-panels-apart',
      severity: 'error',
      comment: 'The IQS page and the viewer panels share through ports.ts and ui/, never through each other.',
      from: { path: '^extensions/iqs-scoring/src/(pages|panels)/' },
      to: { path: '^extensions/iqs-scoring/src/(pages|panels)/', pathNot: '^extensions/iqs-scoring/src/$1/' },
    },
    {
      name: 'data-below-the-interface',
      severity: 'error',
      comment: 'The data layer serves the interface through the ports: it imports no page, panel, shared UI, session or service.',
      from: { path: '^extensions/iqs-scoring/src/data/' },
      to: { path: '^extensions/iqs-scoring/src/(pages|panels|ui|evaluation|service)/' },
    },
    {
      name: 'shared-ui-shared',
      severity: 'error',
      comment: 'ui/ is what pages and panels share: it imports neither.',
      from: { path: '^extensions/iqs-scoring/src/ui/' },
      to: { path: '^extensions/iqs-scoring/src/(pages|panels)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(dist|\\.data)/|^platform/viewer/ohif/' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.tsx', '.mjs', '.js', '.cjs', '.json', '.d.ts'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
