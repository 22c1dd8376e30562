/**
 * The labels of the visitatie indicators section on /iqs (indicators/IndicatorsSection.tsx). The indicators' own
 * names and definitions are not here: they live with their ids in @iqs/domain (QUALITY_INDICATORS), the one source
 * the page, the CSV, the CLI and the README share. messages.ts spreads these into its catalogues.
 */
export const indicatorEn = {
  'indicators.title': 'Visitatie indicators',
  'indicators.intro':
    'The department’s figures for the peer visit, each with its definition, numerator and denominator, per period. IQS defines these indicators itself (no professional society publishes a set for radiographers) and shows how each is computed. They name nobody.',
  'indicators.year': 'Year',
  'indicators.per': 'Per',
  'indicators.per.year': 'year',
  'indicators.per.quarter': 'quarter',
  'indicators.per.month': 'month',
  'indicators.loading': 'Computing the indicators…',
  'indicators.failed': 'The indicators could not be computed:',
  'indicators.retry': 'Try again',
  'indicators.indicator': 'Indicator',
  'indicators.caption': 'Value per period (numerator / denominator); the arrow compares with the period before',
  'indicators.showDefinition': 'Definition',
  'indicators.hideDefinition': 'Hide definition',
  'indicators.numeratorIs': 'Numerator:',
  'indicators.denominatorIs': 'Denominator:',
  'indicators.noValue': 'no value: the denominator is 0 (nothing to count in this period)',
  'indicators.noChange': 'no value: this period or the one before has no images',
  'indicators.up': 'higher than the period before',
  'indicators.down': 'lower than the period before',
  'indicators.same': 'the same as the period before',
  'indicators.ofTotal': '{numerator} of {denominator}',
  'indicators.changeOf': 'now {now}, before {before}',
  'indicators.note':
    '— means no value: the denominator is 0, nothing was there to count in that period. Shares are percentages; the change in reject rate is in percentage points (negative: fewer rejects).',
  'indicators.csv': 'Download CSV',
  'indicators.csvFile': 'iqs-visitatie-indicators-{year}-per-{per}.csv',
  'indicators.quarterLabel': 'Q{quarter} {year}',
} as const;

export const indicatorNl: Record<keyof typeof indicatorEn, string> = {
  'indicators.title': 'Visitatie-indicatoren',
  'indicators.intro':
    'De cijfers van de afdeling voor de visitatie, elk met zijn definitie, teller en noemer, per periode. IQS definieert deze indicatoren zelf (geen beroepsvereniging publiceert een set voor laboranten) en laat zien hoe elk wordt berekend. Ze noemen niemand bij naam.',
  'indicators.year': 'Jaar',
  'indicators.per': 'Per',
  'indicators.per.year': 'jaar',
  'indicators.per.quarter': 'kwartaal',
  'indicators.per.month': 'maand',
  'indicators.loading': 'De indicatoren worden berekend…',
  'indicators.failed': 'De indicatoren konden niet worden berekend:',
  'indicators.retry': 'Opnieuw proberen',
  'indicators.indicator': 'Indicator',
  'indicators.caption': 'Waarde per periode (teller / noemer); de pijl vergelijkt met de periode ervoor',
  'indicators.showDefinition': 'Definitie',
  'indicators.hideDefinition': 'Definitie verbergen',
  'indicators.numeratorIs': 'Teller:',
  'indicators.denominatorIs': 'Noemer:',
  'indicators.noValue': 'geen waarde: de noemer is 0 (niets te tellen in deze periode)',
  'indicators.noChange': 'geen waarde: deze periode of de vorige heeft geen beelden',
  'indicators.up': 'hoger dan de periode ervoor',
  'indicators.down': 'lager dan de periode ervoor',
  'indicators.same': 'gelijk aan de periode ervoor',
  'indicators.ofTotal': '{numerator} van {denominator}',
  'indicators.changeOf': 'nu {now}, ervoor {before}',
  'indicators.note':
    '— betekent geen waarde: de noemer is 0, er was in die periode niets te tellen. Aandelen zijn percentages; de verandering van het afkeurpercentage is in procentpunten (negatief: minder afkeuringen).',
  'indicators.csv': 'CSV downloaden',
  'indicators.csvFile': 'iqs-visitatie-indicatoren-{year}-per-{per}.csv',
  'indicators.quarterLabel': 'K{quarter} {year}',
};
