/**
 * The labels of a lesson presented in the viewer (lessons/LessonPresentation.tsx, the lesson mode). Kept apart from
 * messages.ts so they read as one block; messages.ts spreads them into its catalogues.
 */
export const lessonPresentationEn = {
  'lessonShow.windowTitle': 'IQS lesson',
  'lessonShow.region': 'Lesson presentation',
  'lessonShow.caseOf': 'Case {n} of {m}',
  'lessonShow.imageOf': 'image {n} of {m}',
  'lessonShow.previous': 'Previous',
  'lessonShow.next': 'Next',
  'lessonShow.teachingPoint': 'Teaching point',
  'lessonShow.showTeachingPoint': 'Show teaching point (T)',
  'lessonShow.hideTeachingPoint': 'Hide teaching point (T)',
  'lessonShow.noTeachingPoint': 'This case has no teaching point.',
  'lessonShow.fullScreen': 'Full screen (F)',
  'lessonShow.start': 'Start full screen',
  'lessonShow.startInWindow': 'Present in this window',
  'lessonShow.cases': '{n} cases',
  'lessonShow.keys':
    'Keys: → or Page Down next, ← or Page Up previous, T teaching point, F full screen. Window/level, zoom and pan as in the viewer.',
  'lessonShow.loading': 'Loading the lesson…',
  'lessonShow.showing': 'Loading the image…',
  'lessonShow.end': 'End of the lesson.',
  'lessonShow.signIn': 'Sign in to IQS to present this lesson.',
  'lessonShow.error.no-backend': 'IQS is not connected to its database: lessons cannot be presented.',
  'lessonShow.error.no-lesson': 'The address names no lesson. Open a lesson on the IQS page and choose Present.',
  'lessonShow.error.not-found':
    'This lesson does not exist or is not shared with you. Its owner can share it with the department on the IQS page.',
  'lessonShow.error.empty': 'This lesson has no cases with images yet.',
  'lessonShow.error.failed': 'The lesson could not be loaded: {detail}',
  'lessonShow.notInPacs':
    'This image is not in the PACS (it may have been deleted or moved); IQS still knows it. Go on with the next image.',
  'lessonShow.toIqs': 'Back to IQS',
} as const;

export const lessonPresentationNl: Record<keyof typeof lessonPresentationEn, string> = {
  'lessonShow.windowTitle': 'IQS-les',
  'lessonShow.region': 'Presentatie van de les',
  'lessonShow.caseOf': 'Casus {n} van {m}',
  'lessonShow.imageOf': 'opname {n} van {m}',
  'lessonShow.previous': 'Vorige',
  'lessonShow.next': 'Volgende',
  'lessonShow.teachingPoint': 'Leerpunt',
  'lessonShow.showTeachingPoint': 'Leerpunt tonen (T)',
  'lessonShow.hideTeachingPoint': 'Leerpunt verbergen (T)',
  'lessonShow.noTeachingPoint': 'Deze casus heeft geen leerpunt.',
  'lessonShow.fullScreen': 'Volledig scherm (F)',
  'lessonShow.start': 'Start op volledig scherm',
  'lessonShow.startInWindow': 'Presenteren in dit venster',
  'lessonShow.cases': '{n} casussen',
  'lessonShow.keys':
    'Toetsen: → of Page Down volgende, ← of Page Up vorige, T leerpunt, F volledig scherm. Venster/niveau, zoomen en verschuiven zoals in de viewer.',
  'lessonShow.loading': 'De les wordt geladen…',
  'lessonShow.showing': 'De opname wordt geladen…',
  'lessonShow.end': 'Einde van de les.',
  'lessonShow.signIn': 'Meld je aan bij IQS om deze les te presenteren.',
  'lessonShow.error.no-backend': 'IQS is niet verbonden met zijn database: lessen kunnen niet worden gepresenteerd.',
  'lessonShow.error.no-lesson': 'Het adres noemt geen les. Open een les op de IQS-pagina en kies Presenteren.',
  'lessonShow.error.not-found':
    'Deze les bestaat niet of is niet met je gedeeld. De eigenaar kan haar op de IQS-pagina met de afdeling delen.',
  'lessonShow.error.empty': 'Deze les heeft nog geen casussen met opnamen.',
  'lessonShow.error.failed': 'De les kon niet worden geladen: {detail}',
  'lessonShow.notInPacs':
    'Deze opname staat niet in het PACS (misschien verwijderd of verplaatst); IQS kent haar nog wel. Ga verder met de volgende opname.',
  'lessonShow.toIqs': 'Terug naar IQS',
};
