import { useEffect, useMemo } from 'react';
import { faultGradeAnswer, faultGradeCriterion, gradeDistributionTitle, showsShareMet } from '@iqs/domain';
import type { CriterionSummary, EvaluationSummary, EvaluationUse, FaultyItem } from '@iqs/domain';
import { createTranslator, type Language, type Translator } from '../i18n/translator';
import { countOf, formatPercent, formatPoints, inLanguage, translated, USE_KEYS } from './display';
import { navigateTo } from '../browser/navigation';
import { ensureStyles } from './styles';
import type { LessonData } from '../lessons/lessonPorts';
import { AddToLesson } from '../lessons/AddToLesson';
import { LessonPick, useLessonPicks } from '../lessons/LessonPicks';

export interface EvaluationSummaryViewProps {
  readonly summary: EvaluationSummary;
  /** open a faulty image in the viewer */
  readonly onOpenItem: (itemId: string) => void;
  readonly language: Language;
  /** the evaluation's name and use, for the heading */
  readonly evaluationName?: string;
  readonly use?: EvaluationUse;
  /** clinical lessons: the images with faults can be ticked and added to a lesson; none: not offered */
  readonly lessons?: LessonData | null;
  /** shown full width on its own page (/iqs?summary=…), the one place of its CSV and print; otherwise it links there */
  readonly wide?: boolean;
}

/** Up or down by at least half a percentage point counts as a change. */
const CHANGE_THRESHOLD = 0.005;

function Change({ criterion, translator }: { criterion: CriterionSummary; translator: Translator }) {
  const { t, locale } = translator;
  if (criterion.share_met === null || criterion.previous_share_met === null) return <span className="iqs-muted">–</span>;
  const difference = criterion.share_met - criterion.previous_share_met;
  const direction = difference >= CHANGE_THRESHOLD ? 'better' : difference <= -CHANGE_THRESHOLD ? 'worse' : 'same';
  const mark = direction === 'better' ? '▲' : direction === 'worse' ? '▼' : '=';
  return (
    <span className={`iqs-change iqs-change-${direction}`} data-iqs-difference={difference.toFixed(4)}>
      <span aria-hidden="true">{mark} </span>
      {formatPoints(difference, locale)} {t('summary.points')}
      <span className="iqs-sr-only">
        {' '}
        ({t(direction === 'better' ? 'summary.better' : direction === 'worse' ? 'summary.worse' : 'summary.same')})
      </span>
    </span>
  );
}

function ShareBar({ share, previous }: { share: number | null; previous: number | null }) {
  return (
    <span className="iqs-share-bar" aria-hidden="true">
      {share !== null && <span className="iqs-share-fill" style={{ width: `${Math.round(share * 100)}%` }} />}
      {previous !== null && <span className="iqs-share-previous" style={{ left: `${Math.round(previous * 100)}%` }} />}
    </span>
  );
}

/**
 * The summary of an evaluation: per criterion the share met against the earlier share, the overall grades, the
 * images with faults (each opens in the viewer) and what it is compared with. Its CSV and print are on its own page
 * (pages/EvaluationSummaryPage.tsx), which the narrow summary links to: one CSV and one print sheet per evaluation.
 */
export function EvaluationSummaryView(props: EvaluationSummaryViewProps) {
  const { summary, onOpenItem, language, evaluationName, use, lessons = null, wide = false } = props;
  const translator = useMemo(() => createTranslator(language), [language]);
  const { t, locale } = translator;
  useEffect(() => ensureStyles(), []);

  const criteria = useMemo(() => [...summary.criteria].sort((a, b) => a.position - b.position), [summary.criteria]);
  // comments are not met or not; a grade is when its form marks which grades meet (PGMI), else only its distribution
  const scoredCriteria = criteria.filter(showsShareMet);
  const labelOf = useMemo(() => {
    const labels = new Map(
      summary.criteria.map((c) => [c.criterion_code, inLanguage(language, c.label_nl, c.label_en) ?? c.criterion_code]),
    );
    return (code: string): string => labels.get(code) ?? code;
  }, [summary.criteria, language]);
  // one distribution per grade criterion that was given (a chest's 1–3 and a mammogram's PGMI are different scales)
  const gradeCriteria = useMemo(
    () => summary.grade_criteria.filter((d) => d.options.some((option) => option.count > 0)),
    [summary.grade_criteria],
  );
  const faults = useMemo(() => [...summary.faults].sort((a, b) => a.position - b.position), [summary.faults]);
  // a fault's grade named once, by its own criterion and answer: "Not met: PGMI grade: M (Moderate)" where the grade
  // itself fails by its form's marks, else after the criteria not met, "Overall grade: 2 (Diagnostic, with faults)"
  const faultDetail = (fault: FaultyItem): string => {
    const answer = faultGradeAnswer(fault, language);
    const gradeCriterion = faultGradeCriterion(fault, summary.grade_criteria);
    const gradeCode = gradeCriterion?.criterion_code ?? null;
    const notMet = fault.criteria.map((code) => (code === gradeCode ? `${labelOf(code)}: ${answer}` : labelOf(code)));
    const parts = notMet.length > 0 ? [`${t('summary.notMet')} ${notMet.join(', ')}`] : [];
    if (answer !== null && (gradeCode === null || !fault.criteria.includes(gradeCode))) {
      parts.push(
        gradeCriterion
          ? `${inLanguage(language, gradeCriterion.label_nl, gradeCriterion.label_en) ?? gradeCriterion.criterion_code}: ${answer}`
          : `${t('summary.grade')} ${answer}`,
      );
    }
    return parts.join(' · ');
  };
  const faultImages = useMemo(() => faults.map((fault) => fault.sop_instance_uid), [faults]);
  const picks = useLessonPicks(faultImages, summary.evaluation_id);
  // the summary's own page (pages/EvaluationSummaryPage.tsx summaryAddress)
  const fullSummary = `/iqs?summary=${encodeURIComponent(summary.evaluation_id)}`;

  return (
    <section
      className={`iqs-panel iqs-summary${wide ? ' iqs-e-summary-wide-view' : ''}`}
      data-iqs-panel="summary"
      data-iqs-evaluation={summary.evaluation_id}
      lang={language}
    >
      <header className="iqs-summary-header">
        {use && <p className="iqs-eyebrow">{t(USE_KEYS[use])}</p>}
        <h2>{evaluationName ?? t('summary.title')}</h2>
        {evaluationName && <p className="iqs-summary-subtitle">{t('summary.title')}</p>}
        <p data-iqs-totals={`${summary.scored}/${summary.items}/${summary.skipped}`}>
          {translated(translator, 'summary.images', { scored: summary.scored, items: summary.items, skipped: summary.skipped })}
        </p>
        <p className="iqs-compared" data-iqs-compared-with={summary.compared_with ?? ''}>
          {summary.compared_with ? (
            <>
              {t('summary.comparedWith')} {summary.compared_with}
            </>
          ) : (
            t('summary.nothingToCompare')
          )}
        </p>
        {/* on its own page the page's toolbar has the CSV and print */}
        {!wide && (
          <div className="iqs-summary-actions">
            <a
              href={fullSummary}
              className="iqs-e-open-wide"
              data-iqs-action="open-wide"
              onClick={(event) => {
                event.preventDefault();
                navigateTo(fullSummary);
              }}
            >
              {t('summary.openFull')}
            </a>
          </div>
        )}
      </header>

      <h3>{t('summary.criteria')}</h3>
      <div className="iqs-table-scroll">
        <table className="iqs-table iqs-summary-criteria">
          <thead>
            <tr>
              <th scope="col">{t('summary.criterion')}</th>
              <th scope="col" className="iqs-num">
                {t('summary.met')}
              </th>
              <th scope="col" className="iqs-num">
                {t('summary.previous')}
              </th>
              <th scope="col" className="iqs-num">
                {t('summary.difference')}
              </th>
            </tr>
          </thead>
          <tbody>
            {scoredCriteria.map((criterion) => (
              <tr key={criterion.criterion_code} data-iqs-criterion={criterion.criterion_code}>
                <th scope="row">
                  {labelOf(criterion.criterion_code)}
                  <ShareBar share={criterion.share_met} previous={criterion.previous_share_met} />
                </th>
                <td className="iqs-num" data-iqs-share={criterion.share_met ?? ''}>
                  {criterion.share_met === null ? (
                    <span className="iqs-muted">{t('summary.noAnswers')}</span>
                  ) : (
                    <>
                      <strong>{formatPercent(criterion.share_met, locale)}</strong>
                      <span className="iqs-muted iqs-fraction">
                        {' '}
                        {translated(translator, 'summaryPage.answersOf', {
                          met: criterion.met,
                          answers: countOf(translator, 'answers', criterion.answered),
                        })}
                      </span>
                    </>
                  )}
                  {criterion.not_applicable > 0 && (
                    <span className="iqs-muted iqs-na">
                      {' '}
                      {translated(translator, 'summary.notApplicable', { n: criterion.not_applicable })}
                    </span>
                  )}
                </td>
                <td className="iqs-num" data-iqs-previous={criterion.previous_share_met ?? ''}>
                  {criterion.previous_share_met === null ? (
                    <span className="iqs-muted">–</span>
                  ) : (
                    formatPercent(criterion.previous_share_met, locale)
                  )}
                </td>
                <td className="iqs-num">
                  <Change criterion={criterion} translator={translator} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <h3>{t(gradeCriteria.length > 1 ? 'summary.gradesPerCriterion' : 'summary.grades')}</h3>
      {gradeCriteria.length === 0 ? (
        <p className="iqs-message">{t('summary.noGrades')}</p>
      ) : (
        gradeCriteria.map((distribution) => {
          const total = distribution.options.reduce((sum, option) => sum + option.count, 0);
          return (
            <div
              key={distribution.criterion_id}
              data-iqs-grade-criterion={distribution.criterion_code}
              data-iqs-form={distribution.form_code}
            >
              {gradeCriteria.length > 1 && (
                <h4 className="iqs-grade-criterion">{gradeDistributionTitle(distribution, gradeCriteria, language)}</h4>
              )}
              <ul className="iqs-grades">
                {distribution.options.map((grade) => (
                  <li key={grade.value} data-iqs-grade={grade.value} data-iqs-count={grade.count} data-iqs-met={grade.met ?? ''}>
                    <span className="iqs-grade-label">
                      {inLanguage(language, grade.label_nl, grade.label_en)}
                      {grade.met === true && <span className="iqs-muted"> ({t('summary.gradeMeets')})</span>}
                    </span>
                    <span className="iqs-grade-bar" aria-hidden="true">
                      <span style={{ width: `${(100 * grade.count) / total}%` }} />
                    </span>
                    <span className="iqs-num iqs-grade-count">
                      {countOf(translator, 'images', grade.count)}{' '}
                      <span className="iqs-muted">({formatPercent(grade.count / total, locale)})</span>
                    </span>
                  </li>
                ))}
              </ul>
            </div>
          );
        })
      )}

      <h3>{t('summary.faults')}</h3>
      {faults.length === 0 ? (
        <p className="iqs-message">{t('summary.noFaults')}</p>
      ) : (
        <ul className="iqs-faults">
          {faults.map((fault) => (
            <li key={fault.item_id} className={lessons ? 'iqs-lesson-pickable' : undefined}>
              {lessons && (
                <LessonPick
                  sopInstanceUid={fault.sop_instance_uid}
                  what={translated(translator, 'common.image', { n: fault.position })}
                  checked={picks.picked.has(fault.sop_instance_uid)}
                  onToggle={picks.toggle}
                  translator={translator}
                />
              )}
              <button type="button" className="iqs-fault" data-iqs-item={fault.item_id} onClick={() => onOpenItem(fault.item_id)}>
                <span className="iqs-fault-title">{translated(translator, 'common.image', { n: fault.position })}</span>
                <span className="iqs-fault-detail">{faultDetail(fault)}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      {lessons && faults.length > 0 && (
        <AddToLesson lessons={lessons} images={picks.images} origin="evaluation" translator={translator} onAdded={picks.clear} />
      )}
    </section>
  );
}
