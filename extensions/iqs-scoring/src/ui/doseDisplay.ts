/**
 * How doses against their reference read for people, shared by the IQS panel, the viewport overlay and the IQS page:
 * "DAP 0.331 Gy·cm² · DRN 0.12 (276 %)", the band as a mark, a word and a colour (never colour alone), which
 * reference applies and why none does.
 */
import { compareWithReference, formatMeasured, NO_REFERENCE_REASONS } from '@iqs/domain';
import type { MessageKey } from '../i18n/messages';
import type { Translator } from '../i18n/translator';
import type { DoseQuantity, DoseStatus, ImageDoseReference } from '../ports';
import { translated } from './display';

export const QUANTITY_KEYS: Record<DoseQuantity, MessageKey> = {
  dap: 'dose.q.dap',
  ctdivol: 'dose.q.ctdivol',
  dlp: 'dose.q.dlp',
  organ_dose: 'dose.q.organ_dose',
};

export const QUANTITY_LONG_KEYS: Record<DoseQuantity, MessageKey> = {
  dap: 'dose.qLong.dap',
  ctdivol: 'dose.qLong.ctdivol',
  dlp: 'dose.qLong.dlp',
  organ_dose: 'dose.qLong.organ_dose',
};

export const DOSE_STATUS_KEYS: Record<DoseStatus, MessageKey> = {
  above_drl: 'dose.status.above_drl',
  above_target: 'dose.status.above_target',
  at_or_below_target: 'dose.status.at_or_below_target',
  too_few: 'dose.status.too_few',
  no_reference: 'dose.status.no_reference',
};

/** A shape per band, so the band reads without colour (print, colour blindness, screen readers). */
export const DOSE_STATUS_MARKS: Record<DoseStatus, string> = {
  above_drl: '▲',
  above_target: '△',
  at_or_below_target: '✓',
  too_few: '…',
  no_reference: '–',
};

/** The bands' colours on OHIF's dark background (the reject analysis's red and yellow, a green for "fine"). */
export const DOSE_STATUS_COLOURS: Record<DoseStatus, string> = {
  above_drl: '#ff8a80',
  above_target: '#fff176',
  at_or_below_target: '#7bd88f',
  too_few: '#b0bec5',
  no_reference: '#b0bec5',
};

/** A dose for people: three significant digits in the reader's locale ("0.331", "0,331"). */
export function formatDose(value: number | null, locale: string): string | null {
  return value === null || !Number.isFinite(value) ? null : formatMeasured(value, locale);
}

/** The value as a share of the DRN, in whole percent (276 for 0.331 against 0.12); null without a DRN. */
export function percentOfDrl(value: number | null, drl: number | null): number | null {
  if (value === null) return null;
  const { percentOfDrl: percent } = compareWithReference(value, drl, null);
  return percent === null ? null : Math.round(percent);
}

/** "276 %" in the reader's locale. */
export function formatPercentOf(percent: number | null, translator: Translator): string | null {
  if (percent === null) return null;
  return translated(translator, 'dose.percent', { percent: new Intl.NumberFormat(translator.locale).format(percent) });
}

/** "DAP 0.331 Gy·cm² · DRN 0.12 (276 %)"; "CTDIvol 8.1 mGy · no DRN" when none applies; null without a value. */
export function comparisonText(
  reference: Pick<ImageDoseReference, 'quantity' | 'value' | 'unit' | 'drl'>,
  translator: Translator,
): string | null {
  const { t, locale } = translator;
  const value = formatDose(reference.value, locale);
  if (value === null) return null;
  const head = `${t(QUANTITY_KEYS[reference.quantity])} ${value} ${reference.unit}`;
  const drl = formatDose(reference.drl, locale);
  if (drl === null) return `${head} · ${t('doseRef.noDrl')}`;
  const percent = formatPercentOf(percentOfDrl(reference.value, reference.drl), translator);
  return `${head} · ${t('doseRef.drl')} ${drl}${percent ? ` (${percent})` : ''}`;
}

/** Which reference applies ("nl-drn-2012: Thorax PA"; "Department value: …"), or why none does. */
export function referenceText(reference: ImageDoseReference, translator: Translator): string {
  if (reference.drl === null) {
    const reason = reference.reason ?? 'no_reference';
    const key = `doseRef.reason.${reason}` as MessageKey;
    return (NO_REFERENCE_REASONS as readonly string[]).includes(reason)
      ? translator.t(key)
      : translated(translator, 'doseRef.reason.other', { reason });
  }
  const label = reference.reference_label ?? '';
  return reference.reference_set
    ? translated(translator, 'doseRef.appliesSet', { set: reference.reference_set, label })
    : translated(translator, 'doseRef.appliesOwn', { label });
}

/** The streefwaarde line under a comparison: "streefwaarde 0.06"; null when there is none. */
export function targetText(reference: ImageDoseReference, translator: Translator): string | null {
  const target = formatDose(reference.target, translator.locale);
  return target === null ? null : `${translator.t('doseRef.target')} ${target} ${reference.unit}`;
}

/** A band in words with its mark: "▲ above the DRN". */
/**
 * The band's word. Where no streefwaarde exists (most sets but the Dutch and Belgian), "at or below the streefwaarde"
 * would name a value that is not there: the band then says "at or below the DRN".
 */
export function statusKey(status: DoseStatus, target: number | null | undefined): MessageKey {
  return status === 'at_or_below_target' && (target === null || target === undefined)
    ? 'dose.status.at_or_below_drl'
    : DOSE_STATUS_KEYS[status];
}

export function statusText(status: DoseStatus, translator: Translator, target?: number | null): string {
  return `${DOSE_STATUS_MARKS[status]} ${translator.t(statusKey(status, target))}`;
}
