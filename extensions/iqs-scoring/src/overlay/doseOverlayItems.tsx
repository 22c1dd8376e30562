import React from 'react';
import type { StoreApi } from 'zustand/vanilla';
import { type DicomDataset, extractImageFacts, formatMeasured, formatSigned, primaryDose } from '@iqs/domain';
import { detectLanguage } from '../i18n/detectLanguage';
import { createTranslator, type Translator } from '../i18n/translator';
import { OVERLAY_ITEM_IDS } from '../ids';
import type { DoseReferenceState, ImageDoseReference } from '../ports';
import { getIqsService } from '../service/IqsService';
import { comparisonText, DOSE_STATUS_COLOURS, referenceText, statusText } from '../ui/doseDisplay';
import type { ServicesManager } from '../viewer/ohifTypes';

/**
 * Viewport overlay items for the top-right corner: the image's dose (DAP, CTDIvol for CT, organ dose for MG)
 * with its unit, and the deviation index where there is one. OHIF calls contentF with the image's metadata in
 * `instance`; the conversion is the panel's (extractImageFacts), so the two can never disagree.
 *
 * The returned elements are plain DOM elements made with our React, which the host's React 18 renders as its
 * own; no hooks or components of ours run inside the host tree.
 *
 * In the IQS mode, signed in, the dose is also compared with its reference (image_dose_reference, read by the IQS
 * service for the image the user stays on): "DAP 0.331 Gy·cm² · DRN 0.12 (276 %)", a line per quantity (CT:
 * CTDIvol and DLP), coloured by its band. That answer comes after OHIF has drawn the overlay, so the dose element's
 * ref follows the service's store and writes the lines itself, as the Rejected mark does.
 */
interface OverlayProps {
  readonly instance?: DicomDataset;
  readonly servicesManager?: { readonly services?: Record<string, unknown> };
}

/** What the dose overlay needs of the IQS service to compare the dose with its reference. */
export interface DoseOverlaySource {
  readonly stores: { readonly doseReference: StoreApi<DoseReferenceState> };
  doseReferenceOf(sopInstanceUid: string): readonly ImageDoseReference[] | null;
}

/** Writes the comparison lines into the overlay element; without any, the dose as the metadata has it. */
export function writeDoseComparison(
  element: HTMLElement,
  rows: readonly ImageDoseReference[] | null,
  plain: string,
  translator: Translator,
): void {
  const doc = element.ownerDocument;
  const lines = (rows ?? [])
    .map((row) => ({ row, text: comparisonText(row, translator) }))
    .filter((line): line is { row: ImageDoseReference; text: string } => line.text !== null);
  if (lines.length === 0) {
    element.replaceChildren(doc.createTextNode(plain));
    element.style.color = '';
    element.dataset['iqsDoseStatus'] = '';
    element.title = translator.t('doseOverlayTitle');
    return;
  }
  element.replaceChildren(
    ...lines.map(({ row, text }) => {
      const line = doc.createElement('div');
      line.textContent = text;
      line.style.color = DOSE_STATUS_COLOURS[row.status];
      line.dataset['iqsQuantity'] = row.quantity;
      line.dataset['iqsStatus'] = row.status;
      line.dataset['cy'] = 'dose-overlay-line';
      return line;
    }),
  );
  element.style.flexDirection = 'column';
  element.style.alignItems = 'flex-end';
  element.dataset['iqsDoseStatus'] = lines[0]!.row.status;
  element.title = lines
    .map(({ row, text }) => `${text} — ${statusText(row.status, translator, row.target)}; ${referenceText(row, translator)}`)
    .join('\n');
}

function factsOf(props: OverlayProps) {
  try {
    return props.instance ? extractImageFacts(props.instance) : null;
  } catch (error) {
    console.warn('[IQS] dose overlay: unreadable metadata', error);
    return null;
  }
}

function safely<T>(read: () => T | null): T | null {
  try {
    return read();
  } catch {
    return null;
  }
}

export function createDoseOverlayItems(
  getSource: (props: OverlayProps) => DoseOverlaySource | null = (props) =>
    getIqsService(props.servicesManager as ServicesManager | undefined),
) {
  const translator = createTranslator(detectLanguage());
  const { t, locale } = translator;

  const dose = {
    id: OVERLAY_ITEM_IDS.dose,
    title: t('doseOverlayTitle'),
    contentF: (props: OverlayProps) => {
      const facts = factsOf(props);
      const reading = facts ? primaryDose(facts) : null;
      if (!reading) return null;
      const plain = `${t(`quantity.${reading.quantity}`)} ${formatMeasured(reading.value, locale)} ${reading.unit}`;
      const sop = facts?.sop_instance_uid ?? null;
      const source = sop ? safely(() => getSource(props)) : null;
      let stop: (() => void) | null = null;
      const follow =
        source && sop
          ? (element: HTMLElement | null): void => {
              stop?.();
              stop = null;
              if (!element) return;
              const render = (): void => writeDoseComparison(element, source.doseReferenceOf(sop), plain, translator);
              render();
              stop = source.stores.doseReference.subscribe(render);
            }
          : undefined;
      return React.createElement(
        'div',
        {
          className: 'overlay-item flex flex-row iqs-overlay-dose',
          title: t('doseOverlayTitle'),
          'data-iqs-overlay': 'dose',
          'data-cy': 'dose-overlay',
          'data-iqs-quantity': reading.quantity,
          'data-iqs-value': String(reading.value),
          ...(sop ? { 'data-iqs-image': sop } : {}),
          ...(follow ? { ref: follow } : {}),
        },
        // followed: the ref writes the content (React must not own children it would later find replaced)
        follow ? undefined : plain,
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
