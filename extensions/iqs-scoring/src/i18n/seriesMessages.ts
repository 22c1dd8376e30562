/**
 * A multi-slice series (CT, MR, PT) sampled and scored as one (migration 38): what the start form's count says when
 * a filter matches series ("5 series (5 studies) match"), and how the worklist shows a series item. Kept apart from
 * messages.ts; messages.ts spreads them into its catalogues.
 *
 * Dutch: a CT slice is a "coupe", as Dutch radiology says it; a series is a "serie" (plural "series").
 */
export const seriesEn = {
  'series.countImages.one': '1 image',
  'series.countImages.other': '{n} images',
  'series.countSeries.one': '1 series',
  'series.countSeries.other': '{n} series',
  'series.countStudies.one': '1 study',
  'series.countStudies.other': '{n} studies',
  'series.imagesAndSeries': '{images} and {series}',
  'series.withStudies': '{units} ({studies})',
  'series.matches.one': '{what} matches',
  'series.matches.other': '{what} match',
  'series.fewer.one': 'Only {what} matches: the sample will hold 1 instead of {size}.',
  'series.fewer.other': 'Only {what} match: the sample will hold {n} instead of {size}.',
  'series.sampleHint': 'A CT, MR or PET series counts as one: it is scored as a whole.',
  'series.item': 'Series · {n} images',
  'series.itemHint': 'Scored as one series: scroll through its slices in the viewer.',
  // the scoring panel's header and the worklist's progress say what the worklist counts (ui/display.ts positionOf)
  'series.positionSeries': 'Series {n} of {total}',
  'series.positionItems': 'Item {n} of {total}',
  'series.position': 'Series {n}',
  'series.progress': '{done} of {what} done',
} as const;

export const seriesNl: Record<keyof typeof seriesEn, string> = {
  'series.countImages.one': '1 beeld',
  'series.countImages.other': '{n} beelden',
  'series.countSeries.one': '1 serie',
  'series.countSeries.other': '{n} series',
  'series.countStudies.one': '1 onderzoek',
  'series.countStudies.other': '{n} onderzoeken',
  'series.imagesAndSeries': '{images} en {series}',
  'series.withStudies': '{units} ({studies})',
  'series.matches.one': '{what} voldoet',
  'series.matches.other': '{what} voldoen',
  'series.fewer.one': 'Er voldoet maar {what}: de steekproef bevat er 1 in plaats van {size}.',
  'series.fewer.other': 'Er voldoen maar {what}: de steekproef bevat er {n} in plaats van {size}.',
  'series.sampleHint': 'Een CT-, MR- of PET-serie telt als één: die wordt als geheel beoordeeld.',
  'series.item': 'Serie · {n} beelden',
  'series.itemHint': 'Beoordeeld als één serie: blader in de viewer door de coupes.',
  'series.positionSeries': 'Serie {n} van {total}',
  'series.positionItems': 'Item {n} van {total}',
  'series.position': 'Serie {n}',
  'series.progress': '{done} van {what} klaar',
};
