/**
 * How evaluation data reads for people, shared by the panels and the IQS page: names in the reader's language (the
 * one place that names procedures, rooms and groups), dates, counts with what they count, shares as percentages and
 * changes in percentage points, in the reader's locale.
 */
import {
  type EvaluationUse,
  formatCalendarDate,
  type ItemState,
  SERVICE_YEARS_BANDS,
  type StatisticsDimension,
  type StatisticsPeriod,
} from '@iqs/domain';
import { fillMessage, type MessageKey } from '../i18n/messages';
import type { Language, Translator } from '../i18n/translator';

/** Text in the reader's language from a pair of columns (label_nl / label_en and the like). */
export function inLanguage(language: Language, nl: string | null | undefined, en: string | null | undefined): string | null {
  return (language === 'nl' ? (nl ?? en) : (en ?? nl)) ?? null;
}

export function translated(translator: Translator, key: MessageKey, values?: Readonly<Record<string, string | number>>): string {
  const text = translator.t(key);
  return values ? fillMessage(text, values) : text;
}

/** A calendar date (YYYY-MM-DD) as "14 Mar 2026" / "14 mrt 2026"; the text as given when it is not a date. */
export const formatDate = formatCalendarDate;

/** A share 0..1 as a whole percentage: "75%" (en), "75%" (nl). */
export function formatPercent(share: number | null, locale: string): string | null {
  if (share === null || !Number.isFinite(share)) return null;
  return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 }).format(share);
}

/** A change between two shares in whole percentage points with its sign: "+5", "−3", "0". */
export function formatPoints(difference: number, locale: string): string {
  return new Intl.NumberFormat(locale, { maximumFractionDigits: 0, signDisplay: 'exceptZero' }).format(Math.round(difference * 100));
}

/**
 * One name per thing, on every page and in every export (issue 14): a procedure by its name in the reader's language
 * (the other language's, else its code), a room by the name the department gave it (else the name the modality
 * sends), a group of radiographers by years of service with what the band means ("10 years or more").
 */
export function procedureName(
  language: Language,
  procedure: { readonly name_nl?: string | null; readonly name_en?: string | null; readonly code?: string | null } | null | undefined,
): string | null {
  if (!procedure) return null;
  const name = inLanguage(language, procedure.name_nl || null, procedure.name_en || null);
  return name ?? procedure.code ?? null;
}

export function roomName(
  station: { readonly display_name?: string | null; readonly station_name?: string | null } | null | undefined,
): string | null {
  if (!station) return null;
  return station.display_name || station.station_name || null;
}

/** A years-of-service band as its meaning: "2–5 years of service" / "2–5 jaar in dienst"; other keys as given. */
export function bandName(translator: Translator, band: string): string {
  return (SERVICE_YEARS_BANDS as readonly string[]).includes(band)
    ? translated(translator, 'names.band', { band: translator.t(`band.${band}` as MessageKey) })
    : band;
}

/** What a count counts, said with it: "12 images", "1 answer", "3 series". */
export type Counted = 'images' | 'answers' | 'series' | 'studies';
export function countOf(translator: Translator, what: Counted, n: number): string {
  const number = new Intl.NumberFormat(translator.locale).format(n);
  return translated(translator, (n === 1 ? `names.count.${what}.one` : `names.count.${what}`) as MessageKey, { n: number });
}

/**
 * What a worklist counts: images, series (a CT, MR or PET series is one item, migration 38), or items when it holds
 * both. Items made before migration 38 carry no unit: an image.
 */
export type WorklistUnits = 'images' | 'series' | 'items';
export function worklistUnits(items: readonly { readonly unit?: 'image' | 'series' }[]): WorklistUnits {
  const series = items.filter((i) => i.unit === 'series').length;
  return series === 0 ? 'images' : series === items.length ? 'series' : 'items';
}

/** An item's place in its worklist, said as what the worklist counts: "Image 3 of 20", "Series 1 of 5", "Item 4 of 7". */
export function positionOf(translator: Translator, units: WorklistUnits, n: number, total: number): string {
  const key: MessageKey = units === 'series' ? 'series.positionSeries' : units === 'items' ? 'series.positionItems' : 'scoring.imageOf';
  return translated(translator, key, { n, total });
}

/** How far a worklist is, said as what it counts: "3 of 20 images done", "1 of 5 series done", "3 of 4 images and 2 series done". */
export function progressOf(translator: Translator, items: readonly { readonly unit?: 'image' | 'series' }[], done: number): string {
  const series = items.filter((i) => i.unit === 'series').length;
  if (series === 0) return translated(translator, 'worklist.progress', { done, total: items.length });
  const what =
    series === items.length
      ? countOf(translator, 'series', series)
      : translated(translator, 'series.imagesAndSeries', {
          images: countOf(translator, 'images', items.length - series),
          series: countOf(translator, 'series', series),
        });
  return translated(translator, 'series.progress', { done, what });
}

export const USE_KEYS: Record<EvaluationUse, MessageKey> = { self: 'use.self', peer: 'use.peer', quality: 'use.quality' };
export const STATE_KEYS: Record<ItemState, MessageKey> = { to_do: 'state.to_do', scored: 'state.scored', skipped: 'state.skipped' };
export const DIMENSION_KEYS: Record<StatisticsDimension, MessageKey> = {
  radiographer: 'dimension.radiographer',
  procedure: 'dimension.procedure',
  modality: 'dimension.modality',
  room: 'dimension.room',
  group: 'dimension.group',
  criterion: 'dimension.criterion',
};
export const PERIOD_KEYS: Record<StatisticsPeriod, MessageKey> = {
  month: 'period.month',
  quarter: 'period.quarter',
  year: 'period.year',
  all: 'period.all',
};

/**
 * The marks of an item's state: a shape and a word, never colour alone (readable in print, by colour-blind
 * users and by screen readers).
 */
export const STATE_MARKS: Record<ItemState, string> = { to_do: '○', scored: '✓', skipped: '⤼' };
