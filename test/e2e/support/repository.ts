import path from 'node:path';

export const REPOSITORY_ROOT = path.resolve(__dirname, '../../..');
/** Browser tests write screenshots and server logs here (git-ignored). */
export const RESULTS_DIR = path.join(REPOSITORY_ROOT, 'test-results');
export const DEMO_DIR = path.join(REPOSITORY_ROOT, '.data', 'demo');
