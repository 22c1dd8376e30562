import { MODE_ID } from '@iqs/extension-scoring';
import { createModeFactory } from './modeFactory';

/**
 * The IQS evaluation mode, as OHIF loads it: { id, modeFactory }. The extension module is built next to this one
 * (platform/viewer's build), and OHIF loads a mode's dependencies by these URLs.
 */
export default {
  id: MODE_ID,
  modeFactory: createModeFactory(new URL('./extension.mjs', import.meta.url).href),
};
