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

/** The query parameter that opens an evaluation in the mode: /iqs-evaluation?StudyInstanceUIDs=…&iqsEvaluation=<id> */
export const EVALUATION_PARAM = 'iqsEvaluation';
/** …&iqsItem=<evaluation item id>: open the evaluation at this image */
export const EVALUATION_ITEM_PARAM = 'iqsItem';

/** The lesson presentation (issue 13): /iqs-lesson?StudyInstanceUIDs=…&iqsLesson=<lesson id>[&iqsCase=<1-based>] */
export const LESSON_MODE_ROUTE = 'iqs-lesson';
export const LESSON_PARAM = 'iqsLesson';
export const LESSON_CASE_PARAM = 'iqsCase';

/** …&iqsReject=<SOP Instance UID>: open the reject worklist (the signed-in person's rejects to explain) at this image */
export const REJECT_PARAM = 'iqsReject';

export const PANEL_NAMES = {
  imageFacts: 'imageFacts',
  worklist: 'worklist',
  scoring: 'scoring',
} as const;

/** Panels are referenced by '<extension id>.panelModule.<name>'. */
export const PANEL_IDS = {
  imageFacts: `${EXTENSION_ID}.panelModule.${PANEL_NAMES.imageFacts}`,
  worklist: `${EXTENSION_ID}.panelModule.${PANEL_NAMES.worklist}`,
  scoring: `${EXTENSION_ID}.panelModule.${PANEL_NAMES.scoring}`,
} as const;

/** The IQS service, as OHIF's services manager holds it: servicesManager.services.iqsService. */
export const IQS_SERVICE_NAME = 'iqsService';
export const IQS_SERVICE_ALT_NAME = 'IqsService';

/** The commands of the extension's commands module (OHIF's commandsManager.runCommand), in OHIF's viewer context. */
export const COMMAND_NAMES = {
  /** from the viewer back to the scoring form */
  focusScoringForm: 'iqsFocusScoringForm',
} as const;
export const COMMANDS_CONTEXT = 'VIEWER';

/**
 * The IQS mode's hotkeys (OHIF's 'ohif.hotkeyBindings' customization; Mousetrap key syntax). OHIF tells a hotkey by
 * its command (and options), so the command name is its id. OHIF 3.13's own modes bind no plain `s`.
 */
export const HOTKEYS = {
  focusScoringForm: { commandName: COMMAND_NAMES.focusScoringForm, keys: ['s'] },
} as const;

export const OVERLAY_ITEM_IDS = {
  dose: 'iqs.overlay.dose',
  deviationIndex: 'iqs.overlay.deviationIndex',
  reject: 'iqs.overlay.reject',
} as const;

/** The modalities the IQS evaluation mode is offered for on the study list. */
export const IQS_MODALITIES: readonly string[] = ['CR', 'DX', 'MG', 'CT'];
