/**
 * The start form's count when a filter matches multi-slice series (migration 38): "5 series (5 studies) match",
 * "80 images and 5 series (85 studies) match", and the "only … match" line when the sample asks for more. Null
 * when no series match: the form then says "N images match" as before.
 */
import type { CandidateCount } from '../ports';
import type { Translator } from '../i18n/translator';
import { translated } from '../ui/display';

const counted = (translator: Translator, what: 'Images' | 'Series' | 'Studies', n: number): string =>
  translated(translator, n === 1 ? `series.count${what}.one` : `series.count${what}.other`, { n });

export function seriesCountText(
  translator: Translator,
  count: CandidateCount,
  size: number | null,
): { readonly matches: string; readonly fewer: string | null } | null {
  if (count.series === 0) return null;
  const series = counted(translator, 'Series', count.series);
  const units =
    count.images === 0
      ? series
      : translated(translator, 'series.imagesAndSeries', { images: counted(translator, 'Images', count.images), series });
  const what = translated(translator, 'series.withStudies', { units, studies: counted(translator, 'Studies', count.studies) });
  const one = count.units === 1;
  const matches = translated(translator, one ? 'series.matches.one' : 'series.matches.other', { what });
  const fewer =
    size !== null && count.units < size
      ? translated(translator, one ? 'series.fewer.one' : 'series.fewer.other', { what, n: count.units, size })
      : null;
  return { matches, fewer };
}
