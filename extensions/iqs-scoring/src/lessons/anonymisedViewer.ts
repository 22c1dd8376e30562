/**
 * What the lesson mode changes in OHIF so that nothing on screen names a patient or a radiographer: the header's
 * patient info (name, ID, birth date) and its way to the study list off, and the viewport overlay's four corners replaced with items that show
 * no identity (age and sex may show; the window/level and zoom stay). The rest is the mode's layout: no study
 * browser, no IQS image facts panel (it lists the operators), no tag browser (modes/iqs-evaluation/src/lessonMode.ts).
 */

/** OHIF's header shows the patient's name, ID and birth date unless the configuration says 'disabled'. */
const PATIENT_INFO_DISABLED = 'disabled';

/**
 * Turns the header's patient info off while a lesson is presented, and its way back to the study list (which lists
 * every patient by name: one click of a teacher ending the lesson would put it on the projector; the presentation
 * has its own "Back to IQS"); the returned function puts the configuration back. OHIF's header reads
 * appConfig.showPatientInfo and showStudyList each time it renders, and the lesson mode calls this from its layout
 * template, before OHIF renders the layout, so the name is never drawn, not even for a moment.
 */
export function hideHeaderPatientInfo(appConfig: unknown): () => void {
  if (appConfig === null || typeof appConfig !== 'object') {
    console.error('[IQS] no viewer configuration to turn the header patient info off with: the lesson mode may show it');
    return () => undefined;
  }
  const config = appConfig as Record<string, unknown>;
  const changes: Array<[key: string, value: unknown]> = [
    ['showPatientInfo', PATIENT_INFO_DISABLED],
    ['showStudyList', false],
  ];
  const before = changes.map(([key]) => [key, Object.prototype.hasOwnProperty.call(config, key), config[key]] as const);
  for (const [key, value] of changes) config[key] = value;
  return () => {
    for (const [key, had, value] of before) {
      if (had) config[key] = value;
      else delete config[key];
    }
  };
}

/** "F · 45 y" from PatientSex and PatientAge ('045Y'); null when neither is known. */
export function sexAndAge(instance: Readonly<Record<string, unknown>> | null | undefined): string | null {
  const sex = typeof instance?.['PatientSex'] === 'string' ? instance['PatientSex'].trim() : '';
  const age = typeof instance?.['PatientAge'] === 'string' ? /^0*(\d+)([DWMY])$/iu.exec(instance['PatientAge'].trim()) : null;
  const ageText = age ? `${age[1]} ${(age[2] ?? 'Y').toLowerCase()}` : '';
  const text = [sex, ageText].filter(Boolean).join(' · ');
  return text === '' ? null : text;
}

interface OverlayProps {
  readonly instance?: Readonly<Record<string, unknown>>;
  readonly referenceInstance?: Readonly<Record<string, unknown>>;
}

/**
 * The lesson mode's viewport overlay, all four corners set (not added to): top left the sex and age, bottom left
 * OHIF's window/level and zoom, the other corners empty. Study date, series description and instance number are
 * left out: they help recognise a patient and teach nothing.
 */
export function lessonOverlayCustomizations(): Record<string, unknown> {
  const sexAge = {
    id: 'IqsLessonSexAge',
    inheritsFrom: 'ohif.overlayItem',
    label: '',
    title: 'Sex and age',
    condition: (props: OverlayProps) => sexAndAge(props.instance ?? props.referenceInstance) !== null,
    contentF: (props: OverlayProps) => sexAndAge(props.instance ?? props.referenceInstance),
  };
  return {
    'viewportOverlay.topLeft': { $set: [sexAge] },
    'viewportOverlay.topRight': { $set: [] },
    'viewportOverlay.bottomLeft': {
      $set: [
        { id: 'WindowLevel', inheritsFrom: 'ohif.overlayItem.windowLevel' },
        { id: 'ZoomLevel', inheritsFrom: 'ohif.overlayItem.zoomLevel' },
      ],
    },
    'viewportOverlay.bottomRight': { $set: [] },
  };
}
