import React from 'react';
import { detectLanguage } from '../i18n/detectLanguage';
import { createTranslator, type Translator } from '../i18n/translator';
import { OVERLAY_ITEM_IDS } from '../ids';
import type { ImageRejectStatus, RejectState } from '../ports';
import { formatDate, translated } from '../ui/display';
import { iocmTitle, isQualityTitle } from '../ui/rejectDisplay';
import type { StoreApi } from 'zustand/vanilla';
import { getIqsService } from '../service/IqsService';
import type { ServicesManager } from '../viewer/ohifTypes';

/**
 * The viewport overlay's Rejected mark (top right, above the dose): "REJECTED · 113001 Rejected for quality reasons
 * · 12 Mar 2026", or "REJECTED · marked in IQS · 3 Dec 2026"; an image named only by another IOCM title
 * (113037/113038/113039) shows that title, never as a quality reject.
 *
 * The status comes from the backend after OHIF has drawn the overlay, and OHIF redraws its overlay only on its own
 * changes: so the element is plain DOM made with our React, and its ref follows the IQS service's reject store and
 * writes the text itself (no hooks or components of ours run in the host's tree).
 */
interface OverlayProps {
  readonly instance?: { readonly SOPInstanceUID?: string };
  readonly servicesManager?: { readonly services?: Record<string, unknown> };
}

/** What the overlay needs of the IQS service. */
export interface RejectOverlaySource {
  readonly stores: { readonly rejects: StoreApi<RejectState> };
  rejectStatusOf(sopInstanceUid: string): ImageRejectStatus | null;
}

/** What the overlay shows for a status: a headline (REJECTED and the date) and the note's title; null: nothing. */
export interface RejectOverlayText {
  readonly headline: string;
  readonly detail: string;
  /** a quality reject (else another IOCM title, shown as such) */
  readonly rejected: boolean;
}

export function rejectOverlayText(status: ImageRejectStatus | null, translator: Translator): RejectOverlayText | null {
  if (!status) return null;
  const date = formatDate(status.noted_on, translator.locale);
  if (status.rejected) {
    const detail =
      status.reject_source === 'iqs'
        ? translator.t('reject.markedInIqs')
        : `${status.iocm_title ?? '113001'} ${iocmTitle(status.iocm_title ?? '113001', translator) ?? ''}`.trim();
    return { headline: [translator.t('reject.rejected').toUpperCase(), date].filter(Boolean).join(' · '), detail, rejected: true };
  }
  if (status.iocm_title && !isQualityTitle(status.iocm_title)) {
    return {
      headline: [translated(translator, 'reject.iocmNote', { code: status.iocm_title }), date].filter(Boolean).join(' · '),
      detail: `${iocmTitle(status.iocm_title, translator) ?? ''} (${translator.t('reject.notCounted')})`,
      rejected: false,
    };
  }
  return null;
}

function write(element: HTMLElement, shown: RejectOverlayText | null): void {
  const doc = element.ownerDocument;
  const headline = doc.createElement('div');
  headline.textContent = shown?.headline ?? '';
  headline.style.fontWeight = shown?.rejected ? '700' : '600';
  const detail = doc.createElement('div');
  detail.textContent = shown?.detail ?? '';
  detail.style.fontSize = '0.9em';
  element.replaceChildren(...(shown ? [headline, detail] : []));
  element.style.display = shown ? '' : 'none';
  element.style.flexDirection = 'column';
  element.style.alignItems = 'flex-end';
  element.style.whiteSpace = 'nowrap';
  element.style.color = shown?.rejected ? '#ff6b5e' : '#ffd54f';
  element.dataset['iqsRejectMark'] = shown ? (shown.rejected ? 'rejected' : 'note') : '';
  element.title = shown ? `${shown.headline} — ${shown.detail}` : '';
}

/** The overlay items, reading the IQS service of the viewer the overlay is drawn in (by default). */
export function createRejectOverlayItems(
  getSource: (props: OverlayProps) => RejectOverlaySource | null = (props) =>
    getIqsService(props.servicesManager as ServicesManager | undefined),
) {
  const translator = createTranslator(detectLanguage());
  const item = {
    id: OVERLAY_ITEM_IDS.reject,
    title: translator.t('reject.rejected'),
    contentF: (props: OverlayProps) => {
      const sop = props.instance?.SOPInstanceUID;
      const source = getSource(props);
      if (!sop || !source) return null;
      let stop: (() => void) | null = null;
      const follow = (element: HTMLElement | null): void => {
        stop?.();
        stop = null;
        if (!element) return;
        const render = (): void => write(element, rejectOverlayText(source.rejectStatusOf(sop), translator));
        render();
        stop = source.stores.rejects.subscribe(render);
      };
      return React.createElement('div', {
        className: 'overlay-item flex iqs-overlay-reject',
        'data-iqs-overlay': 'reject',
        'data-cy': 'reject-overlay',
        'data-iqs-image': sop,
        style: { display: 'none' },
        ref: follow,
      });
    },
  };
  return [item];
}
