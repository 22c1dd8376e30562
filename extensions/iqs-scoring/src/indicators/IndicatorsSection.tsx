import { Fragment, useEffect, useState } from 'react';
import { indicatorsCsv, indicatorValueText, QUALITY_INDICATORS, type QualityIndicatorDefinition } from '@iqs/domain';
import type { Translator } from '../i18n/translator';
import type { IndicatorData, IndicatorGrouping, IndicatorRow } from './indicatorsPorts';

/** The years the chooser offers: this one and the four before. */
const YEARS_BACK = 4;
const GROUPINGS: readonly Exclude<IndicatorGrouping, 'all'>[] = ['quarter', 'month', 'year'];

export interface IndicatorsSectionProps {
  readonly data: IndicatorData;
  readonly translator: Translator;
  /** today (YYYY-MM-DD): the year shown first */
  readonly today: string;
  /** save the CSV */
  readonly onDownload: (fileName: string, text: string) => void;
}

type Load =
  | { status: 'loading' }
  | { status: 'ready'; year: number; per: IndicatorGrouping; rows: readonly IndicatorRow[] }
  | { status: 'error'; message: string };

const fill = (text: string, values: Record<string, string | number>): string =>
  text.replace(/\{(\w+)\}/g, (whole, key: string) => (key in values ? String(values[key]) : whole));

/** A period's column heading: the year, its quarter, or its month in the page's language. */
export function periodHeading(row: Pick<IndicatorRow, 'period_from'>, per: IndicatorGrouping, translator: Translator): string {
  const [year, month] = row.period_from.split('-').map(Number) as [number, number];
  if (per === 'quarter') return fill(translator.t('indicators.quarterLabel'), { quarter: Math.floor((month - 1) / 3) + 1, year });
  if (per === 'month')
    return new Date(Date.UTC(year, month - 1, 1)).toLocaleDateString(translator.locale, {
      month: 'short',
      year: 'numeric',
      timeZone: 'UTC',
    });
  return String(year);
}

/** A count as the page shows it (a rate, the change's two parts, as a percentage). */
function countText(value: number | null, definition: QualityIndicatorDefinition, locale: string): string {
  if (value === null) return '—';
  if (definition.kind === 'difference')
    return `${(value * 100).toLocaleString(locale, { maximumFractionDigits: 1, minimumFractionDigits: 1 })}%`;
  return value.toLocaleString(locale);
}

type Trend = 'up' | 'down' | 'same' | null;
function trendOf(value: number | null, before: number | null | undefined): Trend {
  if (value === null || before === null || before === undefined) return null;
  const difference = value - before;
  if (Math.abs(difference) < 1e-9) return 'same';
  return difference > 0 ? 'up' : 'down';
}
const ARROWS: Record<Exclude<Trend, null>, string> = { up: '▲', down: '▼', same: '=' };

/**
 * The visitatie indicators on /iqs: a year and how to split it (per quarter, month or year), a table with each
 * indicator's name, its definition on demand, and per period the value with its numerator and denominator, an arrow
 * against the period before (so the trend reads along the row), and the CSV of what is shown (labels, not keys).
 * Department figures that name nobody: shown to everyone signed in.
 */
export function IndicatorsSection({ data, translator, today, onDownload }: IndicatorsSectionProps) {
  const { t, language, locale } = translator;
  const thisYear = Number.parseInt(today.slice(0, 4), 10);
  const [year, setYear] = useState(thisYear);
  const [per, setPer] = useState<IndicatorGrouping>('quarter');
  const [reload, setReload] = useState(0);
  const [load, setLoad] = useState<Load>({ status: 'loading' });
  const [open, setOpen] = useState<ReadonlySet<string>>(new Set());

  useEffect(() => {
    let live = true;
    setLoad({ status: 'loading' });
    data
      .indicators(`${year}-01-01`, `${year}-12-31`, per)
      .then((rows) => live && setLoad({ status: 'ready', year, per, rows }))
      .catch((error: unknown) => live && setLoad({ status: 'error', message: error instanceof Error ? error.message : String(error) }));
    return () => {
      live = false;
    };
  }, [data, year, per, reload]);

  const toggle = (id: string) =>
    setOpen((before) => {
      const next = new Set(before);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  const ready = load.status === 'ready' ? load : null;
  const periods = ready ? [...new Map(ready.rows.map((r) => [r.period, r])).values()] : [];
  const cell = (id: string, period: string) => ready?.rows.find((r) => r.indicator === id && r.period === period) ?? null;

  return (
    <div className="iqs-card iqs-card-wide" data-iqs-section="indicators">
      <div className="iqs-panel">
        <h2>{t('indicators.title')}</h2>
        <p className="iqs-muted">{t('indicators.intro')}</p>
        <div className="iqs-indicator-controls">
          <label>
            {t('indicators.year')}{' '}
            <select
              className="iqs-indicator-year"
              aria-label={t('indicators.year')}
              value={year}
              onChange={(e) => setYear(Number.parseInt(e.target.value, 10))}
            >
              {Array.from({ length: YEARS_BACK + 1 }, (_, n) => thisYear - n).map((y) => (
                <option key={y} value={y}>
                  {y}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('indicators.per')}{' '}
            <select aria-label={t('indicators.per')} value={per} onChange={(e) => setPer(e.target.value as IndicatorGrouping)}>
              {GROUPINGS.map((g) => (
                <option key={g} value={g}>
                  {t(`indicators.per.${g}`)}
                </option>
              ))}
            </select>
          </label>
          <button
            type="button"
            disabled={!ready}
            onClick={() =>
              ready &&
              onDownload(
                fill(t('indicators.csvFile'), {
                  year: ready.year,
                  per: t(`indicators.per.${ready.per as Exclude<IndicatorGrouping, 'all'>}`),
                }),
                indicatorsCsv(ready.rows, language),
              )
            }
          >
            {t('indicators.csv')}
          </button>
        </div>
        {load.status === 'loading' && <p role="status">{t('indicators.loading')}</p>}
        {load.status === 'error' && (
          <p role="alert" className="iqs-error">
            {t('indicators.failed')} {load.message}{' '}
            <button type="button" onClick={() => setReload((n) => n + 1)}>
              {t('indicators.retry')}
            </button>
          </p>
        )}
        {ready && (
          <div className="iqs-indicator-scroll">
            <table className="iqs-table iqs-indicator-table">
              <caption>{t('indicators.caption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('indicators.indicator')}</th>
                  {periods.map((p) => (
                    <th scope="col" key={p.period} title={p.period}>
                      {periodHeading(p, ready.per, translator)}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {QUALITY_INDICATORS.map((definition) => (
                  <Fragment key={definition.id}>
                    <tr data-iqs-indicator={definition.id}>
                      <th scope="row" className="iqs-indicator-name">
                        {definition.name[language]}{' '}
                        <button
                          type="button"
                          className="iqs-link-button iqs-indicator-toggle"
                          aria-expanded={open.has(definition.id)}
                          onClick={() => toggle(definition.id)}
                        >
                          {open.has(definition.id) ? t('indicators.hideDefinition') : t('indicators.showDefinition')}
                        </button>
                      </th>
                      {periods.map((p, n) => {
                        const row = cell(definition.id, p.period);
                        const before = n > 0 ? cell(definition.id, periods[n - 1]?.period ?? '') : null;
                        const trend = trendOf(row?.value ?? null, before?.value);
                        const missing = !row || row.value === null;
                        return (
                          <td key={p.period} className="iqs-indicator-cell" data-iqs-period={p.period}>
                            <span
                              className={missing ? 'iqs-indicator-value iqs-indicator-missing' : 'iqs-indicator-value'}
                              title={
                                missing ? t(definition.kind === 'difference' ? 'indicators.noChange' : 'indicators.noValue') : undefined
                              }
                            >
                              {row ? indicatorValueText(row, language) : '—'}
                            </span>
                            {trend && (
                              <span
                                className={`iqs-indicator-trend iqs-indicator-trend-${trend}`}
                                role="img"
                                aria-label={t(`indicators.${trend}`)}
                                title={t(`indicators.${trend}`)}
                              >
                                {ARROWS[trend]}
                              </span>
                            )}
                            {row && (
                              <span className="iqs-indicator-counts">
                                {fill(t(definition.kind === 'difference' ? 'indicators.changeOf' : 'indicators.ofTotal'), {
                                  numerator: countText(row.numerator, definition, locale),
                                  denominator: countText(row.denominator, definition, locale),
                                  now: countText(row.numerator, definition, locale),
                                  before: countText(row.denominator, definition, locale),
                                })}
                              </span>
                            )}
                          </td>
                        );
                      })}
                    </tr>
                    {open.has(definition.id) && (
                      <tr className="iqs-indicator-definition">
                        <td colSpan={periods.length + 1}>
                          <p>{definition.definition[language]}</p>
                          <p>
                            <strong>{t('indicators.numeratorIs')}</strong> {definition.numerator[language]} ·{' '}
                            <strong>{t('indicators.denominatorIs')}</strong> {definition.denominator[language]}
                          </p>
                        </td>
                      </tr>
                    )}
                  </Fragment>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <p className="iqs-muted iqs-indicator-note">{t('indicators.note')}</p>
      </div>
    </div>
  );
}
