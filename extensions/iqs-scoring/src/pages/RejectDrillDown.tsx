import { useMemo } from 'react';
import type { RejectImage } from '@iqs/domain';
import type { Translator } from '../i18n/translator';
import type { ImageToOpen, LessonData } from '../ports';
import { AddToLesson } from '../lessons/AddToLesson';
import { LessonPick, useLessonPicks } from '../lessons/LessonPicks';
import { formatDate, inLanguage, translated } from '../ui/display';
import { formatDap, formatDi } from './rejectAnalysisView';

export type DrillKind = 'rejected' | 'total' | 'without';

export type DrillState =
  | { readonly status: 'loading' }
  | { readonly status: 'done'; readonly images: readonly RejectImage[]; readonly capped: boolean }
  | { readonly status: 'error'; readonly message: string };

export interface Drill {
  /** the figure drilled into: row id and figure, for the data-cy attributes */
  readonly id: string;
  readonly kind: DrillKind;
  /** what the figure is, in words ("Kamer 1 · Mar 2026") */
  readonly what: string;
  readonly state: DrillState;
}

const KIND_KEYS = { rejected: 'ra.drillRejectedOnly', total: 'ra.drillAll', without: 'ra.drillWithoutReason' } as const;

/**
 * The images behind one figure, each opening in the viewer. With lessons, the images (rejected, and accepted ones in
 * the "all images" drill-down) can be ticked and added to a clinical lesson as one case.
 */
export function RejectDrillDown({
  drill,
  translator,
  maxRows,
  onOpen,
  onClose,
  lessons = null,
}: {
  drill: Drill;
  translator: Translator;
  maxRows: number;
  onOpen: (image: ImageToOpen) => void;
  onClose: () => void;
  lessons?: LessonData | null;
}) {
  const { t, language, locale } = translator;
  const images = drill.state.status === 'done' ? drill.state.images : [];
  const order = useMemo(
    () => (drill.state.status === 'done' ? drill.state.images.map((image) => image.sop_instance_uid) : []),
    [drill.state],
  );
  const picks = useLessonPicks(order, `${drill.id}|${drill.kind}|${drill.state.status}`);
  return (
    <section
      className="iqs-reject-drill iqs-no-print"
      data-cy="reject-drill"
      data-drill={drill.id}
      data-kind={drill.kind}
      data-status={drill.state.status}
      data-count={drill.state.status === 'done' ? images.length : ''}
      aria-label={translated(translator, 'ra.drillTitle', { what: drill.what })}
    >
      <header>
        <h3>
          {translated(translator, 'ra.drillTitle', { what: drill.what })} <span className="iqs-muted">({t(KIND_KEYS[drill.kind])})</span>
        </h3>
        {drill.state.status === 'done' && (
          <span className="iqs-muted">
            {images.length === 1 ? t('ra.drillCountOne') : translated(translator, 'ra.drillCount', { n: images.length })}
          </span>
        )}
        <button type="button" className="iqs-secondary" onClick={onClose} data-cy="reject-drill-close">
          {t('ra.drillClose')}
        </button>
      </header>
      {drill.state.status === 'loading' && <p className="iqs-message">{t('common.loading')}</p>}
      {drill.state.status === 'error' && (
        <p className="iqs-error" role="alert">
          {t('common.loadFailed')} {drill.state.message}
        </p>
      )}
      {drill.state.status === 'done' && images.length === 0 && <p className="iqs-message">{t('ra.drillNone')}</p>}
      {drill.state.status === 'done' && drill.state.capped && (
        <p className="iqs-hint">{translated(translator, 'ra.drillMax', { n: maxRows })}</p>
      )}
      {lessons && images.length > 0 && (
        <AddToLesson lessons={lessons} images={picks.images} origin="reject_analysis" translator={translator} onAdded={picks.clear} />
      )}
      {images.length > 0 && (
        <div className="iqs-table-scroll">
          <table className="iqs-table">
            <thead>
              <tr>
                {lessons && (
                  <th scope="col">
                    <span className="iqs-sr-only">{t('lesson.pick')}</span>
                  </th>
                )}
                <th scope="col">{t('ra.col.date')}</th>
                <th scope="col">{t('ra.col.procedure')}</th>
                <th scope="col">{t('ra.col.view')}</th>
                <th scope="col">{t('ra.col.room')}</th>
                <th scope="col">{t('ra.col.status')}</th>
                <th scope="col">{t('ra.col.reason')}</th>
                <th scope="col" className="iqs-num">
                  {t('ra.col.di')}
                </th>
                <th scope="col" className="iqs-num">
                  {t('ra.col.dap')}
                </th>
                <th scope="col">
                  <span className="iqs-sr-only">{t('ra.open')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {images.map((image) => {
                const reason = inLanguage(language, image.reason_nl, image.reason_en) ?? image.reason_code;
                return (
                  <tr
                    key={image.image_id}
                    data-cy="reject-image"
                    data-sop-instance-uid={image.sop_instance_uid}
                    data-rejected={String(image.rejected)}
                    data-reason={image.reason_code ?? ''}
                  >
                    {lessons && (
                      <td>
                        <LessonPick
                          sopInstanceUid={image.sop_instance_uid}
                          what={`${formatDate(image.study_date, locale) ?? ''} ${image.view_position ?? ''} (${image.rejected ? t('ra.rejectedMark') : t('ra.acceptedMark')})`}
                          checked={picks.picked.has(image.sop_instance_uid)}
                          onToggle={picks.toggle}
                          translator={translator}
                        />
                      </td>
                    )}
                    <td>{formatDate(image.study_date, locale) ?? t('common.unknownDate')}</td>
                    <td>{inLanguage(language, image.procedure_nl, image.procedure_en) ?? t('common.unknownProcedure')}</td>
                    <td>{image.view_position ?? '–'}</td>
                    <td>{image.room_label ?? image.station_name ?? t('common.unknownRoom')}</td>
                    <td>{image.rejected ? t('ra.rejectedMark') : t('ra.acceptedMark')}</td>
                    <td>
                      {image.rejected ? (
                        reason ? (
                          <>
                            {reason}
                            {image.reason_source && (
                              <span className="iqs-muted">
                                {' '}
                                ({t(image.reason_source === 'modality' ? 'ra.source.modality' : 'ra.source.person')})
                              </span>
                            )}
                          </>
                        ) : (
                          <span className="iqs-muted">{t('ra.noReason')}</span>
                        )
                      ) : (
                        ''
                      )}
                    </td>
                    <td className="iqs-num">{formatDi(image.deviation_index, locale) ?? '–'}</td>
                    <td className="iqs-num">{formatDap(image.dap_gy_cm2, locale) ?? '–'}</td>
                    <td>
                      <button
                        type="button"
                        className="iqs-secondary"
                        onClick={() => onOpen(image)}
                        aria-label={`${t('ra.openImage')}: ${formatDate(image.study_date, locale) ?? ''} ${image.view_position ?? ''}`}
                        data-cy="reject-image-open"
                      >
                        {t('ra.open')}
                      </button>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
