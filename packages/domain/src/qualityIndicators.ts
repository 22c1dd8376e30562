/**
 * The visitatie indicators (issue 13): IQS's own, openly defined indicator set for a peer visit (no professional
 * society publishes one for diagnostic radiographers). The ONE place their names and definitions live: the page,
 * its CSV, `iqs report indicators` and the README use these; the figures come from quality_indicators (migration 36),
 * whose ids are these ids. Plain TypeScript: no React, no I/O.
 */
import { csvField } from './csv';

export const QUALITY_INDICATOR_IDS = [
  'self_evaluation_coverage',
  'peer_review_coverage',
  'evaluated_images',
  'criteria_met_share',
  'reject_rate',
  'reject_rate_change',
  'reject_reasons_recorded',
  'dose_medians_under_drn',
  'dose_medians_under_target',
  'actions_closed_on_time',
] as const;
export type QualityIndicatorId = (typeof QUALITY_INDICATOR_IDS)[number];

export const INDICATOR_PERIODS = ['all', 'year', 'quarter', 'month'] as const;
export type IndicatorPeriod = (typeof INDICATOR_PERIODS)[number];

type Text = { readonly nl: string; readonly en: string };

export interface QualityIndicatorDefinition {
  readonly id: QualityIndicatorId;
  readonly name: Text;
  /** what it says, and how it is computed */
  readonly definition: Text;
  readonly numerator: Text;
  readonly denominator: Text;
  /** share: value = numerator / denominator (0..1); difference: value = numerator − denominator */
  readonly kind: 'share' | 'difference';
}

export const QUALITY_INDICATORS: readonly QualityIndicatorDefinition[] = [
  {
    id: 'self_evaluation_coverage',
    name: { nl: 'Dekking zelfevaluatie', en: 'Self-evaluation coverage' },
    definition: {
      nl: 'Het jaarplan: elke laborant evalueert elk onderzoekstype dat hij of zij maakte zelf. Gemaakt: geaccepteerde beelden met studiedatum in de periode van dat onderzoekstype, de (actieve) laborant als operator. Gedekt: genoeg gesloten zelfevaluaties (gesloten in de periode) met een gescoord beeld van dat onderzoekstype — het doel van de afdeling, standaard 1.',
      en: 'The coverage plan: each radiographer self-evaluates each procedure type they performed. Performed: accepted images with a study date in the period of that procedure, the (active) radiographer an operator. Covered: enough closed self-evaluations (closed in the period) holding a scored image of that procedure — the department’s target, default 1.',
    },
    numerator: { nl: 'paren (laborant, onderzoekstype) gedekt', en: '(radiographer, procedure type) pairs covered' },
    denominator: { nl: 'paren (laborant, onderzoekstype) gemaakt', en: '(radiographer, procedure type) pairs performed' },
    kind: 'share',
  },
  {
    id: 'peer_review_coverage',
    name: { nl: 'Dekking intercollegiale toetsing', en: 'Peer-review coverage' },
    definition: {
      nl: 'Laboranten in beeld (actief, minstens één geaccepteerd beeld in de periode) met genoeg gesloten intercollegiale toetsingen over hen (gesloten in de periode; doel van de afdeling, standaard 1).',
      en: 'Radiographers in scope (active, at least one accepted image in the period) with enough closed peer reviews about them (closed in the period; the department’s target, default 1).',
    },
    numerator: { nl: 'laboranten met genoeg toetsingen', en: 'radiographers with enough peer reviews' },
    denominator: { nl: 'laboranten in beeld', en: 'radiographers in scope' },
    kind: 'share',
  },
  {
    id: 'evaluated_images',
    name: { nl: 'Geëvalueerde beelden', en: 'Evaluated images' },
    definition: {
      nl: 'Verschillende beelden gescoord in evaluaties (zelfevaluatie, intercollegiale toetsing, kwaliteitsanalyse) die in de periode gesloten zijn, tegenover de geaccepteerde beelden gemaakt in de periode (alle modaliteiten).',
      en: 'Distinct images scored in evaluations (self-evaluation, peer review, quality analysis) closed in the period, against the accepted images acquired in the period (all modalities).',
    },
    numerator: { nl: 'beelden gescoord in gesloten evaluaties', en: 'images scored in closed evaluations' },
    denominator: { nl: 'geaccepteerde beelden in de periode', en: 'accepted images of the period' },
    kind: 'share',
  },
  {
    id: 'criteria_met_share',
    name: { nl: 'Aandeel criteria voldaan', en: 'Share of criteria met' },
    definition: {
      nl: 'Antwoorden die aan hun criterium voldoen, van kwaliteitsanalyses en intercollegiale toetsingen die in de periode gesloten zijn (overgeslagen beelden niet). Zelfevaluaties tellen niet mee: die zijn van de laborant zelf (privacyregels).',
      en: 'Answers that meet their criterion, of quality analyses and peer reviews closed in the period (skipped images left out). Self-evaluations do not count: they belong to the radiographer (privacy rules).',
    },
    numerator: { nl: 'antwoorden voldaan', en: 'answers met' },
    denominator: { nl: 'antwoorden met voldaan/niet voldaan', en: 'answers with a met-or-not meaning' },
    kind: 'share',
  },
  {
    id: 'reject_rate',
    name: { nl: 'Afkeurpercentage', en: 'Reject rate' },
    definition: {
      nl: 'Afgekeurde patiëntbeelden van alle patiëntbeelden met studiedatum in de periode, zoals de afkeuranalyse ze telt: radiografie zonder mammografie en CT, test/QC-afkeuringen niet meegeteld.',
      en: 'Rejected patient images of all patient images with a study date in the period, as the reject analysis counts them: radiography without mammography and CT, test/QC rejects left out.',
    },
    numerator: { nl: 'afgekeurde beelden', en: 'rejected images' },
    denominator: { nl: 'alle patiëntbeelden', en: 'all patient images' },
    kind: 'share',
  },
  {
    id: 'reject_rate_change',
    name: { nl: 'Verandering afkeurpercentage', en: 'Change in reject rate' },
    definition: {
      nl: 'Het afkeurpercentage van deze periode min dat van de periode ervoor van dezelfde lengte (hele maanden: evenveel maanden ervoor; anders evenveel dagen). Negatief: minder afkeuringen. Leeg als een van beide perioden geen beelden heeft.',
      en: 'This period’s reject rate minus that of the period before of the same length (whole months: as many months before; else as many days). Negative: fewer rejects. Empty when either period has no images.',
    },
    numerator: { nl: 'afkeurpercentage deze periode', en: 'reject rate this period' },
    denominator: { nl: 'afkeurpercentage vorige periode', en: 'reject rate previous period' },
    kind: 'difference',
  },
  {
    id: 'reject_reasons_recorded',
    name: { nl: 'Reden van afkeur vastgelegd', en: 'Reject reasons recorded' },
    definition: {
      nl: 'Afgekeurde patiëntbeelden waarvan de reden is vastgelegd (door een laborant of de modaliteit), van alle afgekeurde patiëntbeelden van de periode.',
      en: 'Rejected patient images whose reason is recorded (by a radiographer or the modality), of all rejected patient images of the period.',
    },
    numerator: { nl: 'afgekeurd met reden', en: 'rejected with a reason' },
    denominator: { nl: 'afgekeurde beelden', en: 'rejected images' },
    kind: 'share',
  },
  {
    id: 'dose_medians_under_drn',
    name: { nl: 'Mediane dosis onder DRN', en: 'Dose medians under the DRN' },
    definition: {
      nl: 'Typische doses (mediaan per kamer × onderzoek × opname, voor DAP, CTDIvol, DLP en orgaandosis) die niet boven het DRN liggen, van die met een DRN en genoeg beelden (instelling van de afdeling, standaard 20) — zoals de dosisanalyse per kamer: geaccepteerde beelden, volwassenen, de referentie die op de laatste dag van de periode geldt.',
      en: 'Typical doses (the median per room × procedure × view, for DAP, CTDIvol, DLP and organ dose) not above the DRN, of those with a DRN and enough images (the department’s setting, default 20) — as the dose analysis by room: accepted images, adults, the reference that applies on the period’s last day.',
    },
    numerator: { nl: 'medianen ≤ DRN', en: 'medians ≤ DRN' },
    denominator: { nl: 'medianen met DRN en genoeg beelden', en: 'medians with a DRN and enough images' },
    kind: 'share',
  },
  {
    id: 'dose_medians_under_target',
    name: { nl: 'Mediane dosis onder streefwaarde', en: 'Dose medians under the streefwaarde' },
    definition: {
      nl: 'Dezelfde medianen als bij het DRN, voor zover er een streefwaarde is: niet erboven, van die met een streefwaarde en genoeg beelden.',
      en: 'The same medians as for the DRN, where a streefwaarde (target) applies: not above it, of those with a streefwaarde and enough images.',
    },
    numerator: { nl: 'medianen ≤ streefwaarde', en: 'medians ≤ streefwaarde' },
    denominator: { nl: 'medianen met streefwaarde en genoeg beelden', en: 'medians with a streefwaarde and enough images' },
    kind: 'share',
  },
  {
    id: 'actions_closed_on_time',
    name: { nl: 'Acties op tijd afgerond', en: 'Actions closed on time' },
    definition: {
      nl: 'Verbeteracties met een deadline in de periode die afgerond zijn op of voor hun deadline, van alle acties met een deadline in de periode (geannuleerde niet meegeteld; een nog open actie telt als niet op tijd).',
      en: 'Follow-up actions due in the period that were done on or before their due date, of all actions due in the period (cancelled ones not counted; one still open counts as not on time).',
    },
    numerator: { nl: 'acties op tijd afgerond', en: 'actions done on time' },
    denominator: { nl: 'acties met deadline in de periode', en: 'actions due in the period' },
    kind: 'share',
  },
];

export function qualityIndicatorDefinition(id: string): QualityIndicatorDefinition | undefined {
  return QUALITY_INDICATORS.find((d) => d.id === id);
}

/** A row of quality_indicators (migration 36). */
export interface QualityIndicatorRow {
  readonly indicator: string;
  /** 'YYYY-MM-DD/YYYY-MM-DD' */
  readonly period: string;
  readonly period_from: string;
  readonly period_to: string;
  readonly numerator: number | null;
  readonly denominator: number | null;
  readonly value: number | null;
}

/** A value as the page and the CSV show it: a share as a percentage, the change in percentage points. */
export function indicatorValueText(row: Pick<QualityIndicatorRow, 'indicator' | 'value'>, language: 'nl' | 'en'): string {
  if (row.value === null || !Number.isFinite(row.value)) return '—';
  const points = row.value * 100;
  const text = points.toLocaleString(language === 'nl' ? 'nl-NL' : 'en-GB', { maximumFractionDigits: 1, minimumFractionDigits: 1 });
  // percentage points: 'pp' in both languages (Dutch: procentpunt)
  if (qualityIndicatorDefinition(row.indicator)?.kind === 'difference') return `${points > 0 ? '+' : ''}${text} pp`;
  return `${text}%`;
}

export const INDICATOR_CSV_HEADERS: Record<'nl' | 'en', readonly string[]> = {
  nl: ['Indicator', 'Periode van', 'Periode tot en met', 'Teller', 'Noemer', 'Waarde', 'Teller is', 'Noemer is', 'Definitie'],
  en: ['Indicator', 'Period from', 'Period to', 'Numerator', 'Denominator', 'Value', 'Numerator is', 'Denominator is', 'Definition'],
};

/** Round numbers for a spreadsheet: rates to 6 decimals (no float noise), counts as they are. */
function plain(value: number | null): number | null {
  return value === null || !Number.isFinite(value) ? null : Math.round(value * 1_000_000) / 1_000_000;
}

/**
 * The indicators as CSV (RFC 4180, CRLF, UTF-8 with a byte order mark), with the indicators' names and the columns'
 * labels in the language asked for, never internal keys; values as fractions with a decimal point (machine-readable
 * whatever the reader's locale), unknown empty.
 */
export function indicatorsCsv(rows: readonly QualityIndicatorRow[], language: 'nl' | 'en'): string {
  const lines = [INDICATOR_CSV_HEADERS[language].map(csvField).join(',')];
  for (const row of rows) {
    const definition = qualityIndicatorDefinition(row.indicator);
    lines.push(
      [
        definition ? definition.name[language] : row.indicator,
        row.period_from,
        row.period_to,
        plain(row.numerator),
        plain(row.denominator),
        plain(row.value),
        definition?.numerator[language] ?? '',
        definition?.denominator[language] ?? '',
        definition?.definition[language] ?? '',
      ]
        .map(csvField)
        .join(','),
    );
  }
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
