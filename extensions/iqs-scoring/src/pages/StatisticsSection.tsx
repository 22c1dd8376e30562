import { useEffect, useMemo, useState } from 'react';
import { EVALUATION_USES, type EvaluationUse, type StatisticsDimension, type StatisticsPeriod, type StatisticsRow } from '@iqs/domain';
import type { Translator } from '../i18n/translator';
import {
  bandName,
  countOf,
  DIMENSION_KEYS,
  formatPercent,
  PERIOD_KEYS,
  procedureName,
  roomName,
  translated,
  USE_KEYS,
} from '../ui/display';
import type { IqsPageData, ProcedureOption, StationOption } from '../ports';
import { StatisticsChart } from './StatisticsChart';
import { type ChartRenderer, chartSpec, criteriaOf, periodLabel, statisticsTable } from './statistics';

/** "My results" (a radiographer's own images) or "quality analysis" (the department's, for quality officers). */
export type StatisticsScope = 'mine' | 'quality';

/** A radiographer compares their own work by these; the quality officer also by person and group. */
export const DIMENSIONS: Record<StatisticsScope, readonly StatisticsDimension[]> = {
  mine: ['criterion', 'procedure', 'modality', 'room'],
  quality: ['criterion', 'radiographer', 'procedure', 'modality', 'room', 'group'],
};
const PERIODS: readonly StatisticsPeriod[] = ['month', 'quarter', 'year', 'all'];
/** more lines or bars than this do not read; the table has them all */
const CHART_GROUPS = 8;

/**
 * One name per thing (issue 14): the database labels a procedure row with its Dutch name, a room with its display
 * name and a years-of-service group with its band; the page names them as every other page does (ui/display.ts).
 */
export function namedRows(
  rows: readonly StatisticsRow[],
  dimension: StatisticsDimension,
  translator: Translator,
  lists: { readonly procedures: readonly ProcedureOption[]; readonly stations: readonly StationOption[] },
): readonly StatisticsRow[] {
  if (dimension !== 'procedure' && dimension !== 'room' && dimension !== 'group') return rows;
  const procedures = new Map(lists.procedures.map((p) => [p.id, p]));
  const stations = new Map(lists.stations.map((s) => [s.id, s]));
  const name = (key: string | null, label: string | null): string | null => {
    if (key === null) return label;
    if (dimension === 'procedure') return procedureName(translator.language, procedures.get(key)) ?? label;
    if (dimension === 'room') return roomName(stations.get(key)) ?? label;
    return label === key ? bandName(translator, key) : label;
  };
  return rows.map((row) => ({ ...row, group_label: name(row.group_key, row.group_label) }));
}

/**
 * `dimension` and `use`: what the rows shown are of ('' every kind of evaluation), said on the table, so that a reader
 * (or a test) knows the rows are those of the choice made and not the previous choice's
 */
type Loaded =
  | { status: 'loading' }
  | { status: 'done'; rows: readonly StatisticsRow[]; dimension: StatisticsDimension; use: EvaluationUse | '' }
  | { status: 'error'; message: string };

export interface StatisticsSectionProps {
  readonly data: IqsPageData;
  readonly scope: StatisticsScope;
  readonly translator: Translator;
  readonly chartRenderer?: ChartRenderer;
}

export function StatisticsSection({ data, scope, translator, chartRenderer }: StatisticsSectionProps) {
  const { t, language, locale } = translator;
  const [dimension, setDimension] = useState<StatisticsDimension>('criterion');
  const [period, setPeriod] = useState<StatisticsPeriod>('quarter');
  const [use, setUse] = useState<EvaluationUse | ''>('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [criterion, setCriterion] = useState('');
  const [loaded, setLoaded] = useState<Loaded>({ status: 'loading' });
  const [lists, setLists] = useState<{ procedures: readonly ProcedureOption[]; stations: readonly StationOption[] }>({
    procedures: [],
    stations: [],
  });
  useEffect(() => {
    let gone = false;
    // names only: without them the rows keep the database's labels
    Promise.all([data.listProcedures(), data.listStations()])
      .then(([procedures, stations]) => !gone && setLists({ procedures, stations }))
      .catch((error: unknown) => console.error('[IQS] the names of procedures and rooms could not be read', error));
    return () => {
      gone = true;
    };
  }, [data]);

  useEffect(() => {
    let gone = false;
    setLoaded({ status: 'loading' });
    data
      .statistics(dimension, period, { use: use || null, from: from || null, to: to || null })
      .then((rows) => !gone && setLoaded({ status: 'done', rows, dimension, use }))
      .catch((error: unknown) => !gone && setLoaded({ status: 'error', message: error instanceof Error ? error.message : String(error) }));
    return () => {
      gone = true;
    };
  }, [data, dimension, period, use, from, to]);

  const rows = useMemo(
    () => (loaded.status === 'done' ? namedRows(loaded.rows, dimension, translator, lists) : []),
    [loaded, dimension, translator, lists],
  );
  const criteria = useMemo(() => criteriaOf(rows, language), [rows, language]);
  const chosenCriterion = criteria.some((c) => c.code === criterion) ? criterion : '';
  const table = useMemo(
    () => statisticsTable(rows, dimension, language, chosenCriterion || null),
    [rows, dimension, language, chosenCriterion],
  );
  const dimensionLabel = t(DIMENSION_KEYS[dimension]);
  const spec = useMemo(
    () =>
      chartSpec(table, period, {
        language,
        locale,
        valueLabel: `${t('stats.shareMet')} (%)`,
        unknownLabel: t('stats.unknownGroup'),
        maxGroups: CHART_GROUPS,
      }),
    [table, period, language, locale, t],
  );
  const periods = table.periods;
  const showTotal = periods.length > 1;
  const titleId = `iqs-stats-${scope}-title`;

  return (
    <section
      className="iqs-card iqs-card-wide"
      data-iqs-section={scope === 'mine' ? 'my-results' : 'quality-analysis'}
      aria-labelledby={titleId}
    >
      <h2 id={titleId}>{scope === 'mine' ? t('stats.myResults') : t('stats.quality')}</h2>
      <div className="iqs-stats-controls">
        <label className="iqs-field">
          {t('stats.dimension')}
          <select
            value={dimension}
            onChange={(event) => setDimension(event.target.value as StatisticsDimension)}
            data-iqs-control="dimension"
          >
            {DIMENSIONS[scope].map((d) => (
              <option key={d} value={d}>
                {t(DIMENSION_KEYS[d])}
              </option>
            ))}
          </select>
        </label>
        <label className="iqs-field">
          {t('stats.period')}
          <select value={period} onChange={(event) => setPeriod(event.target.value as StatisticsPeriod)} data-iqs-control="period">
            {PERIODS.map((p) => (
              <option key={p} value={p}>
                {t(PERIOD_KEYS[p])}
              </option>
            ))}
          </select>
        </label>
        <label className="iqs-field">
          {t('stats.use')}
          <select value={use} onChange={(event) => setUse(event.target.value as EvaluationUse | '')} data-iqs-control="use">
            <option value="">{t('stats.useAll')}</option>
            {EVALUATION_USES.map((u) => (
              <option key={u} value={u}>
                {t(USE_KEYS[u])}
              </option>
            ))}
          </select>
        </label>
        {dimension !== 'criterion' && (
          <label className="iqs-field">
            {t('stats.criterion')}
            <select value={chosenCriterion} onChange={(event) => setCriterion(event.target.value)} data-iqs-control="criterion">
              <option value="">{t('stats.criterionAll')}</option>
              {criteria.map((c) => (
                <option key={c.code} value={c.code}>
                  {c.label}
                </option>
              ))}
            </select>
          </label>
        )}
        <label className="iqs-field">
          {t('start.from')}
          <input type="date" value={from} max={to || undefined} onChange={(event) => setFrom(event.target.value)} />
        </label>
        <label className="iqs-field">
          {t('start.to')}
          <input type="date" value={to} min={from || undefined} onChange={(event) => setTo(event.target.value)} />
        </label>
      </div>

      {loaded.status === 'loading' && <p className="iqs-message">{t('common.loading')}</p>}
      {loaded.status === 'error' && (
        <p className="iqs-error" role="alert">
          {t('common.loadFailed')} {loaded.message}
        </p>
      )}
      {loaded.status === 'done' && table.groups.length === 0 && <p className="iqs-message">{t('stats.none')}</p>}
      {loaded.status === 'done' && table.groups.length > 0 && (
        <>
          <StatisticsChart
            spec={spec}
            label={translated(translator, 'stats.chartLabel', { dimension: dimensionLabel.toLowerCase() })}
            renderer={chartRenderer}
          />
          {table.groups.length > CHART_GROUPS && (
            <p className="iqs-hint">{translated(translator, 'stats.chartTop', { n: CHART_GROUPS })}</p>
          )}
          <div className="iqs-table-scroll">
            <table
              className="iqs-table iqs-stats-table"
              data-iqs-dimension={loaded.status === 'done' ? loaded.dimension : ''}
              data-iqs-use={loaded.status === 'done' ? loaded.use || 'all' : ''}
            >
              <caption className="iqs-sr-only">
                {translated(translator, 'stats.chartLabel', { dimension: dimensionLabel.toLowerCase() })}
              </caption>
              <thead>
                <tr>
                  <th scope="col">{dimensionLabel}</th>
                  {periods.map((start) => (
                    <th scope="col" key={start ?? 'all'} className="iqs-num">
                      {periodLabel(start, period, language, locale) ?? t('stats.shareMet')}
                    </th>
                  ))}
                  {showTotal && (
                    <th scope="col" className="iqs-num">
                      {t('period.all')}
                    </th>
                  )}
                </tr>
              </thead>
              <tbody>
                {table.groups.map((group) => (
                  <tr key={group.key} data-iqs-group={group.key}>
                    <th scope="row">{group.label ?? t('stats.unknownGroup')}</th>
                    {periods.map((start) => {
                      const cell = table.cell(start, group.key);
                      return (
                        <td key={start ?? 'all'} className="iqs-num" data-iqs-share={cell?.share ?? ''}>
                          {cell && cell.share !== null ? (
                            <>
                              {formatPercent(cell.share, locale)}{' '}
                              <span className="iqs-muted iqs-e-count">{countOf(translator, 'answers', cell.answered)}</span>
                            </>
                          ) : (
                            <span className="iqs-muted">–</span>
                          )}
                        </td>
                      );
                    })}
                    {showTotal && (
                      <td className="iqs-num" data-iqs-share={group.share ?? ''}>
                        <strong>{formatPercent(group.share, locale) ?? '–'}</strong>{' '}
                        <span className="iqs-muted iqs-e-count">{countOf(translator, 'answers', group.answered)}</span>
                      </td>
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}
