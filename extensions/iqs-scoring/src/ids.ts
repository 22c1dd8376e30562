/** Every id IQS registers with OHIF, in one place: the extension and the mode both refer to these. */
export const EXTENSION_ID = '@iqs/extension-scoring';
export const MODE_ID = '@iqs/mode-evaluation';
/** The mode opens at /iqs-evaluation?StudyInstanceUIDs=…; /iqs stays free for the IQS page. */
export const MODE_ROUTE = 'iqs-evaluation';

/** The IQS page, a route of its own (registered through the extension's customization module). */
export const IQS_PAGE = {
  id: 'iqs.page',
  path: '/iqs',
} as const;

export const PANEL_NAMES = {
  imageFacts: 'imageFacts',
} as const;

/** Panels are referenced by '<extension id>.panelModule.<name>'. */
export const PANEL_IDS = {
  imageFacts: `${EXTENSION_ID}.panelModule.${PANEL_NAMES.imageFacts}`,
} as const;

export const OVERLAY_ITEM_IDS = {
  dose: 'iqs.overlay.dose',
  deviationIndex: 'iqs.overlay.deviationIndex',
} as const;

/** The modalities the IQS evaluation mode is offered for on the study list. */
export const IQS_MODALITIES: readonly string[] = ['CR', 'DX', 'MG', 'CT'];
