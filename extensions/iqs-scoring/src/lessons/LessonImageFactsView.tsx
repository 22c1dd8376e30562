import type { Translator } from '../i18n/translator';
import { inLanguage, translated } from '../ui/display';
import { comparisonText, DOSE_STATUS_COLOURS, formatDose, statusText } from '../ui/doseDisplay';
import type { LessonImage } from './lessonPorts';

/** The first line of an image in a lesson: procedure (in the reader's language), view, age (never a name, an ID or a birth date). */
export function lessonImageHeadline(image: LessonImage, translator: Translator): string {
  const { t } = translator;
  return [
    inLanguage(translator.language, image.procedureLabelNl, image.procedureLabelEn) ?? image.procedureLabel ?? t('common.unknownProcedure'),
    image.viewPosition,
    image.patientAgeYears === null ? null : translated(translator, 'lesson.age', { age: image.patientAgeYears }),
  ]
    .filter((part): part is string => Boolean(part))
    .join(' · ');
}

/**
 * One image of a case as the lessons section lists it: procedure, view and age, then what IQS knows: accepted or
 * rejected (with the reason), the criteria not met in closed evaluations, the dose against the DRN and streefwaarde.
 */
export function LessonImageFactsView({ image, translator }: { image: LessonImage; translator: Translator }) {
  const { t, language, locale } = translator;
  const { facts } = image;
  const dose = facts.dose ? comparisonText(facts.dose, translator) : null;
  const target = facts.dose ? formatDose(facts.dose.target, locale) : null;
  return (
    <div className="iqs-lesson-image" data-iqs-lesson-image={image.sopInstanceUid} data-iqs-lesson-rejected={String(facts.rejected)}>
      <span className="iqs-lesson-image-head">{lessonImageHeadline(image, translator)}</span>
      <span className={facts.rejected ? 'iqs-lesson-status iqs-lesson-status-rejected' : 'iqs-lesson-status'}>
        {t(facts.rejected ? 'lesson.rejected' : 'lesson.accepted')}
      </span>
      <ul className="iqs-lesson-facts">
        {facts.rejected && (
          <li data-iqs-lesson-fact="reject-reason">
            <span className="iqs-muted">{t('lesson.rejectReason')}</span>{' '}
            {facts.rejectReason
              ? (inLanguage(language, facts.rejectReason.label_nl, facts.rejectReason.label_en) ?? facts.rejectReason.code)
              : t('lesson.noReason')}
          </li>
        )}
        {facts.faults.length > 0 && (
          <li data-iqs-lesson-fact="faults">
            <span className="iqs-muted">{t('lesson.faults')}</span>{' '}
            {facts.faults
              .map((fault) =>
                fault.count > 1
                  ? translated(translator, 'lesson.faultCount', {
                      label: inLanguage(language, fault.label_nl, fault.label_en) ?? fault.code,
                      n: fault.count,
                    })
                  : (inLanguage(language, fault.label_nl, fault.label_en) ?? fault.code),
              )
              .join(', ')}
          </li>
        )}
        {facts.dose && dose && (
          <li data-iqs-lesson-fact="dose" data-iqs-lesson-dose-status={facts.dose.status}>
            <span className="iqs-muted">{t('lesson.dose')}</span> {dose}
            {facts.dose.drl !== null && (
              <>
                {' '}
                <span style={{ color: DOSE_STATUS_COLOURS[facts.dose.status] }}>
                  {statusText(facts.dose.status, translator, facts.dose.target)}
                </span>
              </>
            )}
            {target !== null && <> · {translated(translator, 'lesson.target', { value: `${target} ${facts.dose.unit}` })}</>}
          </li>
        )}
      </ul>
    </div>
  );
}
