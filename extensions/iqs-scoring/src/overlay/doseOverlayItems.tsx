import React from 'react';
import { type DicomDataset, extractImageFacts, formatMeasured, formatSigned, primaryDose } from '@iqs/domain';
import { detectLanguage } from '../i18n/detectLanguage';
import { createTranslator } from '../i18n/translator';
import { OVERLAY_ITEM_IDS } from '../ids';

/**
 * Viewport overlay items for the top-right corner: the image's dose (DAP, CTDIvol for CT, organ dose for MG)
 * with its unit, and the deviation index where there is one. OHIF calls contentF with the image's metadata in
 * `instance`; the conversion is the panel's (extractImageFacts), so the two can never disagree.
 *
 * The returned elements are plain DOM elements made with our React, which the host's React 18 renders as its
 * own; no hooks or components of ours run inside the host tree.
 */
interface OverlayProps {
  readonly instance?: DicomDataset;
}

function factsOf(props: OverlayProps) {
  try {
    return props.instance ? extractImageFacts(props.instance) : null;
  } catch (error) {
    console.warn('[IQS] dose overlay: unreadable metadata', error);
    return null;
  }
}

export function createDoseOverlayItems() {
  const { t, locale } = createTranslator(detectLanguage());

  const dose = {
    id: OVERLAY_ITEM_IDS.dose,
    title: t('doseOverlayTitle'),
    contentF: (props: OverlayProps) => {
      const facts = factsOf(props);
      const reading = facts ? primaryDose(facts) : null;
      if (!reading) return null;
      return React.createElement(
        'div',
        {
          className: 'overlay-item flex flex-row iqs-overlay-dose',
          title: t('doseOverlayTitle'),
          'data-iqs-overlay': 'dose',
          'data-iqs-quantity': reading.quantity,
          'data-iqs-value': String(reading.value),
        },
        `${t(`quantity.${reading.quantity}`)} ${formatMeasured(reading.value, locale)} ${reading.unit}`,
      );
    },
  };

  const deviationIndex = {
    id: OVERLAY_ITEM_IDS.deviationIndex,
    title: t('field.deviation_index'),
    contentF: (props: OverlayProps) => {
      const di = factsOf(props)?.deviation_index ?? null;
      if (di === null) return null;
      return React.createElement(
        'div',
        {
          className: 'overlay-item flex flex-row iqs-overlay-dose',
          title: t('field.deviation_index'),
          'data-iqs-overlay': 'deviation_index',
          'data-iqs-value': String(di),
        },
        `${t('quantity.DI')} ${formatSigned(di, locale)}`,
      );
    },
  };

  return [dose, deviationIndex];
}
