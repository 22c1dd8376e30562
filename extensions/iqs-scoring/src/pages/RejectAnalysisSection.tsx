import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import {
  AGE_BANDS,
  DEFAULT_REJECT_THRESHOLDS,
  type AgeBand,
  type RejectAnalysisRow,
  type RejectDimension,
  type RejectExposureRow,
  type RejectFilter,
  type RejectGroupFilter,
  type RejectPeriod,
  type RejectReasonEntry,
  type RejectThresholds,
  REJECT_DIMENSIONS,
  REJECT_PERIODS,
  REJECT_REASON_CATEGORIES,
  SERVICE_YEARS_BANDS,
  type ServiceYearsBand,
  drillDownFilter,
  paretoOf,
  rejectAnalysisCsv,
  rejectRate,
} from '@iqs/domain';
import type { Translator } from '../i18n/translator';
import type { GroupOption, IqsPageData, LessonData, PersonOption, ProcedureOption, StationOption } from '../ports';
import { formatDate, inLanguage, roomName, translated } from '../ui/display';
import { MultiChoice, type Option } from '../ui/MultiChoice';
import { type Drill, type DrillKind, RejectDrillDown } from './RejectDrillDown';
import { StatisticsChart } from './StatisticsChart';
import type { ChartRenderer } from './statistics';
import { ensureRejectAnalysisStyles, PRINT_CLASS } from './rejectAnalysisStyles';
import {
  AGE_BAND_KEYS,
  categoryLabel,
  chartGroups,
  distinctReasonLabels,
  FLAG_MARKS,
  formatDap,
  formatDi,
  formatRate,
  type KeyNames,
  orderedRows,
  paretoChart,
  RA_DIMENSION_KEYS,
  RA_PERIOD_KEYS,
  ratesChart,
  reasonLabel,
  rejectPeriodName,
  rowId,
  rowLabel,
  trendChart,
} from './rejectAnalysisView';
// follow-up actions from this finding (issue 13)
import type { ActionData } from '../actions/actionsPorts';
import { NewActionButton } from '../actions/NewActionButton';
import { analysisFindingRef } from '../actions/actionFindings';

type Role = PersonOption['role'];

/** more lines or bars than this do not read; the table has them all */
const CHART_GROUPS = 6;
/** the drill-down's longest list */
const DRILL_MAX_ROWS = 500;

type Loaded<T> = { status: 'loading' } | { status: 'done'; value: T } | { status: 'error'; message: string };

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** The filter choices as the user sets them. */
export interface RejectChoices {
  readonly procedures: readonly string[];
  readonly views: readonly string[];
  readonly modalities: readonly string[];
  readonly rooms: readonly string[];
  readonly radiographers: readonly string[];
  /** '' everyone; 'band:<band>'; 'group:<id>' */
  readonly group: string;
  readonly ageBands: readonly AgeBand[];
  readonly reasons: readonly string[];
  readonly from: string;
  readonly to: string;
  readonly includeMammography: boolean;
}

export const NO_CHOICES: RejectChoices = {
  procedures: [],
  views: [],
  modalities: [],
  rooms: [],
  radiographers: [],
  group: '',
  ageBands: [],
  reasons: [],
  from: '',
  to: '',
  includeMammography: false,
};

function groupFilter(choice: string): RejectGroupFilter | undefined {
  if (choice.startsWith('band:')) {
    const band = choice.slice(5) as ServiceYearsBand;
    return SERVICE_YEARS_BANDS.includes(band) ? { kind: 'service_years', band } : undefined;
  }
  if (choice.startsWith('group:')) return { kind: 'custom', id: choice.slice(6) };
  return undefined;
}

/** The analysis filter of the choices: only what is chosen (nothing chosen: no restriction). */
export function rejectFilterFromChoices(choices: RejectChoices): RejectFilter {
  const group = groupFilter(choices.group);
  return {
    ...(choices.procedures.length ? { procedures: [...choices.procedures] } : {}),
    ...(choices.views.length ? { views: [...choices.views] } : {}),
    ...(choices.modalities.length ? { modalities: [...choices.modalities] } : {}),
    ...(choices.rooms.length ? { rooms: [...choices.rooms] } : {}),
    ...(choices.radiographers.length ? { radiographers: [...choices.radiographers] } : {}),
    ...(group ? { group } : {}),
    ...(choices.ageBands.length ? { age_bands: [...choices.ageBands] } : {}),
    ...(choices.reasons.length ? { reasons: [...choices.reasons] } : {}),
    ...(choices.from ? { date_from: choices.from } : {}),
    ...(choices.to ? { date_to: choices.to } : {}),
    include_mammography: choices.includeMammography,
  };
}

export interface RejectAnalysisSectionProps {
  readonly data: IqsPageData;
  readonly role: Role;
  readonly translator: Translator;
  readonly chartRenderer?: ChartRenderer;
  readonly onDownload: (fileName: string, text: string) => void;
  readonly onPrint: () => void;
  /** YYYY-MM-DD: the CSV's file name and the print sheet's date */
  readonly today: string;
  /** clinical lessons: the drill-down's images can be added to a lesson; none: not offered */
  readonly lessons?: LessonData | null;
  /** follow-up actions: "Follow-up action" for what this analysis shows; none: not offered */
  readonly actions?: ActionData | null;
}

interface Lists {
  readonly procedures: readonly ProcedureOption[];
  readonly stations: readonly StationOption[];
  readonly people: readonly PersonOption[];
  readonly groups: readonly GroupOption[];
  readonly reasons: readonly RejectReasonEntry[];
  readonly views: readonly string[];
  readonly thresholds: RejectThresholds;
}

const NO_LISTS: Lists = {
  procedures: [],
  stations: [],
  people: [],
  groups: [],
  reasons: [],
  views: [],
  thresholds: DEFAULT_REJECT_THRESHOLDS,
};

/**
 * The reject analysis on the IQS page: reject rates by procedure, view, modality, room, radiographer, group,
 * reason or age band, per week to year, with the reasons as a Pareto, the trend against the department's
 * thresholds, the exposure of rejected vs accepted images, a drill-down from every figure to its images, CSV and
 * print. Quality officers and admins see the department by name; everyone else their own figures next to the
 * department's (the database decides: the page shows what it gets).
 */
export function RejectAnalysisSection({
  data,
  role,
  translator,
  chartRenderer,
  onDownload,
  onPrint,
  today,
  lessons = null,
  actions = null,
}: RejectAnalysisSectionProps) {
  const { t, language, locale } = translator;
  const named = role === 'quality_officer' || role === 'admin';
  useEffect(() => ensureRejectAnalysisStyles(), []);

  const [dimension, setDimension] = useState<RejectDimension>('all');
  const [period, setPeriod] = useState<RejectPeriod>('month');
  const [choices, setChoices] = useState<RejectChoices>(NO_CHOICES);
  const set = <K extends keyof RejectChoices>(key: K, value: RejectChoices[K]): void => setChoices((c) => ({ ...c, [key]: value }));
  const [lists, setLists] = useState<Lists>(NO_LISTS);
  // the rows with the question they answer: rows of an earlier choice are never shown under the new one
  const [loaded, setLoaded] = useState<Loaded<readonly RejectAnalysisRow[]> & { readonly for?: string }>({ status: 'loading' });
  const [exposure, setExposure] = useState<Loaded<readonly RejectExposureRow[]>>({ status: 'loading' });
  const [drill, setDrill] = useState<Drill | null>(null);
  const [paretoRowId, setParetoRowId] = useState<string | null>(null);
  const [paretoScope, setParetoScope] = useState<'own' | 'department'>('own');

  // the choosers' lists and the thresholds: once
  useEffect(() => {
    let gone = false;
    const settled = <T,>(promise: Promise<T>, fallback: T): Promise<T> =>
      promise.catch((error: unknown) => {
        console.error('[IQS] a list of the reject analysis could not be loaded', error);
        return fallback;
      });
    void Promise.all([
      settled(data.listProcedures(), []),
      settled(data.listStations(), []),
      named ? settled(data.listPeople(), []) : Promise.resolve([]),
      named ? settled(data.listGroups(), []) : Promise.resolve([]),
      settled(data.rejectReasonCatalogue(), []),
      settled(data.rejectThresholds(), DEFAULT_REJECT_THRESHOLDS),
      // the views present in the index: the keys of the analysis by view
      settled(
        data
          .rejectAnalysis('view', 'all', { include_mammography: true })
          .then((rows) => [...new Set(rows.map((row) => row.key).filter((key): key is string => key !== null))].sort()),
        [] as string[],
      ),
    ]).then(([procedures, stations, people, groups, reasons, thresholds, views]) => {
      if (!gone) setLists({ procedures, stations, people, groups, reasons, thresholds, views });
    });
    return () => {
      gone = true;
    };
  }, [data, named]);

  const filter = useMemo(() => rejectFilterFromChoices(choices), [choices]);
  const filterKey = JSON.stringify(filter);

  const question = `${dimension}|${period}|${filterKey}`;
  useEffect(() => {
    let gone = false;
    setLoaded({ status: 'loading' });
    setDrill(null);
    setParetoRowId(null);
    const asked = `${dimension}|${period}|${filterKey}`;
    data
      .rejectAnalysis(dimension, period, JSON.parse(filterKey) as RejectFilter)
      .then((rows) => !gone && setLoaded({ status: 'done', value: rows, for: asked }))
      .catch((error: unknown) => !gone && setLoaded({ status: 'error', message: messageOf(error), for: asked }));
    return () => {
      gone = true;
    };
  }, [data, dimension, period, filterKey]);

  useEffect(() => {
    let gone = false;
    setExposure({ status: 'loading' });
    data
      .rejectExposure(JSON.parse(filterKey) as RejectFilter)
      .then((rows) => !gone && setExposure({ status: 'done', value: rows }))
      .catch((error: unknown) => !gone && setExposure({ status: 'error', message: messageOf(error) }));
    return () => {
      gone = true;
    };
  }, [data, filterKey]);

  const names: KeyNames = useMemo(
    () => ({
      reasons: new Map(lists.reasons.map((reason) => [reason.code, reason])),
      procedures: new Map(lists.procedures.map((procedure) => [procedure.code, procedure])),
    }),
    [lists],
  );
  const shown: Loaded<readonly RejectAnalysisRow[]> = loaded.for === question ? loaded : { status: 'loading' };
  const rows = useMemo(() => (loaded.status === 'done' && loaded.for === question ? loaded.value : []), [loaded, question]);
  const labelOf = useCallback((row: RejectAnalysisRow) => rowLabel(row, dimension, translator, names), [dimension, translator, names]);
  const ordered = useMemo(() => orderedRows(rows, labelOf), [rows, labelOf]);
  const hasOwn = rows.some((row) => row.scope === 'own');
  const hasDepartment = rows.some((row) => row.scope === 'department');
  const showScope = hasOwn;
  const dimensionLabel = t(RA_DIMENSION_KEYS[dimension]);
  const thresholds = lists.thresholds;

  // the charts
  const { groups, more } = useMemo(() => chartGroups(rows, labelOf, translator, CHART_GROUPS), [rows, labelOf, translator]);
  const periodStarts = useMemo(() => new Set(rows.map((row) => row.period_start)), [rows]);
  const trend = period !== 'all' && periodStarts.size > 0;
  const spec = useMemo(() => {
    // a reason's share of all images is no reject rate: the thresholds do not apply to it
    const lines = dimension === 'reason' ? null : thresholds;
    return trend ? trendChart(rows, groups, period, lines, translator) : ratesChart(groups, lines, translator);
  }, [trend, rows, groups, period, thresholds, translator, dimension]);

  // the Pareto: the whole selection (of one scope) or one row
  const effectiveParetoScope = hasOwn && hasDepartment ? paretoScope : hasOwn ? 'own' : 'department';
  const paretoRow = paretoRowId === null ? null : (rows.find((row) => rowId(row) === paretoRowId) ?? null);
  const paretoRows = useMemo(() => {
    if (paretoRow) return [paretoRow];
    const ofScope = rows.filter((row) => row.scope === effectiveParetoScope);
    if (dimension !== 'reason') return ofScope;
    // by reason every row repeats its period's images without a reason: count them once per period
    const seen = new Set<string | null>();
    return ofScope.map((row) => {
      const first = !seen.has(row.period_start);
      seen.add(row.period_start);
      return first ? row : { ...row, without_reason: 0 };
    });
  }, [paretoRow, rows, effectiveParetoScope, dimension]);
  const pareto = useMemo(() => paretoOf(paretoRows, lists.reasons), [paretoRows, lists.reasons]);
  const paretoSpec = useMemo(() => paretoChart(pareto, names, translator), [pareto, names, translator]);
  const paretoLabels = useMemo(
    () =>
      distinctReasonLabels(
        pareto.reasons.map((entry) => entry.key),
        names,
        language,
      ),
    [pareto, names, language],
  );
  const completeness = useMemo(() => {
    if (dimension === 'reason') return null;
    const ofScope = rows.filter((row) => row.scope === effectiveParetoScope);
    const rejected = ofScope.reduce((n, row) => n + row.rejected, 0);
    const without = ofScope.reduce((n, row) => n + row.without_reason, 0);
    return rejected > 0 ? { rejected, without, share: (rejected - without) / rejected } : null;
  }, [rows, effectiveParetoScope, dimension]);

  const drillSeq = useRef(0);
  const openDrill = (kind: DrillKind, id: string, what: string, drillFilter: RejectFilter): void => {
    const seq = ++drillSeq.current;
    const base = { id, kind, what };
    setDrill({ ...base, state: { status: 'loading' } });
    data
      .rejectImages(drillFilter, { rejectedOnly: kind !== 'total', maxRows: DRILL_MAX_ROWS })
      .then((images) => {
        if (seq !== drillSeq.current) return;
        const shown = kind === 'without' ? images.filter((image) => image.reason_code === null) : images;
        setDrill({ ...base, state: { status: 'done', images: shown, capped: images.length >= DRILL_MAX_ROWS } });
      })
      .catch((error: unknown) => {
        if (seq === drillSeq.current) setDrill({ ...base, state: { status: 'error', message: messageOf(error) } });
      });
  };

  /** a row's figures drill down, except the department's as a radiographer sees them (the images behind them are colleagues') */
  const drillable = (row: RejectAnalysisRow): boolean => named || row.scope === 'own';
  const rowWhat = (row: RejectAnalysisRow): string => {
    const parts = [labelOf(row)];
    if (period !== 'all') parts.push(rejectPeriodName(row, period, translator));
    if (showScope && dimension !== 'all') parts.unshift(t(row.scope === 'own' ? 'ra.scope.own' : 'ra.scope.department'));
    return parts.join(' · ');
  };
  const drillRow = (row: RejectAnalysisRow, kind: DrillKind): void => {
    // a radiographer's own row by group: their images are already all they get (and a group filter is not theirs)
    const by = !named && dimension === 'group' ? 'all' : dimension;
    const narrowed = drillDownFilter(filter, by, row, period, kind === 'total' ? 'total' : 'rejected');
    if (narrowed) openDrill(kind, `${rowId(row)}|${kind}`, rowWhat(row), narrowed);
  };

  const figure = (row: RejectAnalysisRow, kind: DrillKind, value: string, cy: string) => {
    // a figure of 0 has no images to show
    const ok = drillable(row) && (dimension === 'all' || row.key !== null) && value !== '0';
    if (!ok) return <span data-cy={cy}>{value}</span>;
    const labelKey = kind === 'rejected' ? 'ra.drillRejected' : kind === 'total' ? 'ra.drillTotal' : 'ra.drillWithout';
    return (
      <button
        type="button"
        className="iqs-figure"
        data-cy={cy}
        title={translated(translator, labelKey, { what: rowWhat(row) })}
        aria-label={`${value}: ${translated(translator, labelKey, { what: rowWhat(row) })}`}
        onClick={() => drillRow(row, kind)}
      >
        {value}
      </button>
    );
  };

  const exportCsv = (): void => {
    onDownload(`iqs-rejects-${dimension}-${period}-${today}.csv`, rejectAnalysisCsv(ordered, dimension));
  };
  const print = (): void => {
    const root = document.documentElement;
    root.classList.add(PRINT_CLASS);
    const done = (): void => {
      root.classList.remove(PRINT_CLASS);
      window.removeEventListener('afterprint', done);
    };
    window.addEventListener('afterprint', done);
    try {
      onPrint();
    } finally {
      // window.print() returns once the dialog is closed (afterprint also ends it where printing is asynchronous)
      setTimeout(done, 1000);
    }
  };

  // what the selection is, in words (shown, and on the print sheet)
  const selectionText = useMemo(() => {
    const parts: string[] = [];
    const list = (label: string, values: readonly string[], nameOf: (v: string) => string = (v) => v): void => {
      if (values.length) parts.push(`${label}: ${values.map(nameOf).join(', ')}`);
    };
    const procedureName = (code: string): string => {
      const p = names.procedures.get(code);
      return (p ? inLanguage(language, p.name_nl, p.name_en) : null) ?? code;
    };
    list(t('ra.dimension.procedure'), choices.procedures, procedureName);
    list(t('ra.dimension.view'), choices.views);
    list(t('ra.dimension.modality'), choices.modalities);
    list(t('ra.dimension.room'), choices.rooms, (s) => {
      const station = lists.stations.find((st) => st.station_name === s);
      return station ? (roomName(station) ?? s) : s;
    });
    list(t('ra.dimension.radiographer'), choices.radiographers, (id) => lists.people.find((p) => p.id === id)?.display_name ?? id);
    if (choices.group.startsWith('band:')) parts.push(translated(translator, 'ra.band', { band: choices.group.slice(5) }));
    if (choices.group.startsWith('group:'))
      parts.push(`${t('ra.dimension.group')}: ${lists.groups.find((g) => g.id === choices.group.slice(6))?.name ?? ''}`);
    list(t('ra.dimension.age_band'), choices.ageBands, (b) => t(AGE_BAND_KEYS[b]!));
    list(t('ra.dimension.reason'), choices.reasons, (code) => reasonLabel(code, names, language) ?? code);
    if (choices.from || choices.to) parts.push(`${formatDate(choices.from, locale) ?? '…'} – ${formatDate(choices.to, locale) ?? '…'}`);
    if (choices.includeMammography) parts.push(t('ra.includeMammography').split(' (')[0]!);
    return parts.length ? parts.join('; ') : t('ra.selectionAll');
  }, [choices, names, lists, language, locale, t, translator]);

  const thresholdsText = translated(translator, 'ra.thresholds', {
    target: formatRate(thresholds.target, locale) ?? '',
    above: formatRate(thresholds.investigateAbove, locale) ?? '',
    below: formatRate(thresholds.investigateBelow, locale) ?? '',
  });

  // choosers
  const procedureOptions: Option[] = lists.procedures
    .filter((p) => choices.includeMammography || p.modality !== 'MG')
    .map((p) => ({ value: p.code, label: inLanguage(language, p.name_nl, p.name_en) ?? p.code }));
  const modalityOptions: Option[] = [
    ...new Set([...lists.stations.map((s) => s.modality), ...lists.procedures.map((p) => p.modality).filter((m): m is string => !!m)]),
  ]
    .sort()
    .map((m) => ({ value: m, label: m }));
  const roomOptions: Option[] = lists.stations.map((s) => ({ value: s.station_name, label: roomName(s) ?? s.station_name }));
  const radiographerOptions: Option[] = lists.people.map((p) => ({ value: p.id, label: p.display_name }));
  const reasonOptions: Option[] = [];
  const activeReasons = lists.reasons.filter((r) => r.active && r.counts_as_reject);
  for (const category of [...REJECT_REASON_CATEGORIES, ...new Set(activeReasons.map((r) => r.category))]) {
    if (reasonOptions.some((o) => o.heading === categoryLabel(category, translator))) continue;
    activeReasons
      .filter((r) => r.category === category)
      .forEach((r, index) =>
        reasonOptions.push({
          value: r.code,
          label: reasonLabel(r.code, names, language) ?? r.code,
          ...(index === 0 ? { heading: categoryLabel(category, translator) } : {}),
        }),
      );
  }
  const dimensions = REJECT_DIMENSIONS;
  const titleId = 'iqs-reject-analysis-title';

  let previousPeriod: string | null | undefined;
  return (
    <section
      className="iqs-card iqs-card-wide iqs-reject-analysis"
      data-iqs-section="reject-analysis"
      data-cy="reject-analysis"
      data-dimension={dimension}
      data-period={period}
      data-status={shown.status}
      aria-labelledby={titleId}
    >
      <h2 id={titleId}>{t('ra.title')}</h2>
      {actions && (
        <NewActionButton
          finding={{
            kind: 'reject_analysis',
            ref: analysisFindingRef('reject-analysis', filter),
            label: [t('ra.title'), filter.date_from, filter.date_to].filter(Boolean).join(' '),
          }}
          actions={actions}
          translator={translator}
          mayAssignOthers={named}
        />
      )}
      <p className="iqs-print-only">
        {translated(translator, 'ra.printedOn', { date: formatDate(today, locale) ?? today })} · {dimensionLabel} ·{' '}
        {t(RA_PERIOD_KEYS[period])}
      </p>
      <p className="iqs-reject-note">{t('ra.intro')}</p>

      <div className="iqs-stats-controls iqs-no-print">
        <label className="iqs-field">
          {t('ra.dimension')}
          <select value={dimension} onChange={(event) => setDimension(event.target.value as RejectDimension)} data-cy="reject-dimension">
            {dimensions.map((d) => (
              <option key={d} value={d}>
                {t(RA_DIMENSION_KEYS[d])}
              </option>
            ))}
          </select>
        </label>
        <label className="iqs-field">
          {t('ra.period')}
          <select value={period} onChange={(event) => setPeriod(event.target.value as RejectPeriod)} data-cy="reject-period">
            {REJECT_PERIODS.map((p) => (
              <option key={p} value={p}>
                {t(RA_PERIOD_KEYS[p])}
              </option>
            ))}
          </select>
        </label>
        <label className="iqs-field">
          {t('ra.from')}
          <input
            type="date"
            value={choices.from}
            max={choices.to || undefined}
            onChange={(event) => set('from', event.target.value)}
            data-cy="reject-from"
          />
        </label>
        <label className="iqs-field">
          {t('ra.to')}
          <input
            type="date"
            value={choices.to}
            min={choices.from || undefined}
            onChange={(event) => set('to', event.target.value)}
            data-cy="reject-to"
          />
        </label>
      </div>
      <div className="iqs-reject-filters iqs-no-print" aria-label={t('ra.filters')} role="group">
        <MultiChoice
          name="procedures"
          label={t('ra.dimension.procedure')}
          options={procedureOptions}
          chosen={choices.procedures}
          onChange={(v) => set('procedures', v)}
          translator={translator}
        />
        <MultiChoice
          name="views"
          label={t('ra.dimension.view')}
          options={lists.views.map((v) => ({ value: v, label: v }))}
          chosen={choices.views}
          onChange={(v) => set('views', v)}
          translator={translator}
        />
        <MultiChoice
          name="modalities"
          label={t('ra.dimension.modality')}
          options={modalityOptions}
          chosen={choices.modalities}
          onChange={(v) => set('modalities', v)}
          translator={translator}
        />
        <MultiChoice
          name="rooms"
          label={t('ra.dimension.room')}
          options={roomOptions}
          chosen={choices.rooms}
          onChange={(v) => set('rooms', v)}
          translator={translator}
        />
        {named && (
          <MultiChoice
            name="radiographers"
            label={t('ra.dimension.radiographer')}
            options={radiographerOptions}
            chosen={choices.radiographers}
            onChange={(v) => set('radiographers', v)}
            translator={translator}
          />
        )}
        {named && (
          <label className="iqs-field">
            <span className="iqs-sr-only">{t('ra.dimension.group')}</span>
            <select value={choices.group} onChange={(event) => set('group', event.target.value)} data-cy="reject-filter-group">
              <option value="">
                {t('ra.dimension.group')}: {t('ra.groupAll')}
              </option>
              {SERVICE_YEARS_BANDS.map((band) => (
                <option key={band} value={`band:${band}`}>
                  {translated(translator, 'ra.band', { band: band.replace('-', '–') })}
                </option>
              ))}
              {lists.groups.map((g) => (
                <option key={g.id} value={`group:${g.id}`}>
                  {g.name}
                </option>
              ))}
            </select>
          </label>
        )}
        <MultiChoice
          name="age-bands"
          label={t('ra.dimension.age_band')}
          options={AGE_BANDS.map((b) => ({ value: b, label: t(AGE_BAND_KEYS[b]!) }))}
          chosen={choices.ageBands}
          onChange={(v) => set('ageBands', v)}
          translator={translator}
        />
        <MultiChoice
          name="reasons"
          label={t('ra.dimension.reason')}
          options={reasonOptions}
          chosen={choices.reasons}
          onChange={(v) => set('reasons', v)}
          translator={translator}
        />
        <label className="iqs-check">
          <input
            type="checkbox"
            checked={choices.includeMammography}
            onChange={(event) => set('includeMammography', event.target.checked)}
            data-cy="reject-filter-mammography"
          />
          {t('ra.includeMammography')}
        </label>
      </div>

      <p className="iqs-reject-note" data-cy="reject-selection">
        <strong>{t('ra.selection')}:</strong> {selectionText}
      </p>
      <p className="iqs-reject-note" data-cy="reject-thresholds">
        {thresholdsText}
      </p>
      {hasOwn && <p className="iqs-reject-note">{t('ra.ownNote')}</p>}
      {named && dimension === 'radiographer' && <p className="iqs-reject-note">{t('ra.namedNote')}</p>}

      <div className="iqs-reject-toolbar iqs-no-print">
        <span className="iqs-spacer" />
        <button
          type="button"
          className="iqs-secondary"
          onClick={exportCsv}
          disabled={shown.status !== 'done' || rows.length === 0}
          data-cy="reject-csv"
        >
          {t('ra.csv')}
        </button>
        <button type="button" className="iqs-secondary" onClick={print} disabled={shown.status !== 'done'} data-cy="reject-print">
          {t('ra.print')}
        </button>
      </div>

      {shown.status === 'loading' && <p className="iqs-message">{t('common.loading')}</p>}
      {shown.status === 'error' && (
        <p className="iqs-error" role="alert">
          {t('common.loadFailed')} {shown.message}
        </p>
      )}
      {shown.status === 'done' && rows.length === 0 && (
        <p className="iqs-message" data-cy="reject-none">
          {t('ra.none')}
        </p>
      )}
      {shown.status === 'done' && rows.length > 0 && (
        <>
          <h3>
            {trend
              ? t('ra.trendTitle')
              : translated(translator, 'ra.ratesTitle', { dimension: dimension === 'all' ? t('ra.scope') : dimensionLabel.toLowerCase() })}
          </h3>
          <div data-cy="reject-trend" data-kind={spec.kind}>
            <StatisticsChart
              spec={spec}
              label={
                trend
                  ? translated(translator, 'ra.trendLabel', { period: t(RA_PERIOD_KEYS[period]).toLowerCase() })
                  : translated(translator, 'ra.ratesTitle', { dimension: dimensionLabel.toLowerCase() })
              }
              renderer={chartRenderer}
            />
          </div>
          {more && <p className="iqs-hint">{translated(translator, 'ra.chartTop', { n: CHART_GROUPS })}</p>}

          <div className="iqs-table-scroll">
            <table className="iqs-table iqs-reject-table" data-cy="reject-table" data-dimension={dimension} data-period={period}>
              <caption className="iqs-sr-only">{t('ra.title')}</caption>
              <thead>
                <tr>
                  {period !== 'all' && <th scope="col">{t('ra.col.period')}</th>}
                  {showScope && <th scope="col">{t('ra.scope')}</th>}
                  {dimension !== 'all' && <th scope="col">{dimensionLabel}</th>}
                  <th scope="col" className="iqs-num">
                    {t('ra.col.rejected')}
                  </th>
                  <th scope="col" className="iqs-num">
                    {t('ra.col.total')}
                  </th>
                  <th scope="col" className="iqs-num">
                    {t('ra.col.rate')}
                  </th>
                  <th scope="col" className="iqs-num">
                    {t('ra.col.withoutReason')}
                  </th>
                  <th scope="col" className="iqs-num">
                    {t('ra.col.wastedDap')}
                  </th>
                  <th scope="col">{t('ra.col.flag')}</th>
                </tr>
              </thead>
              <tbody>
                {ordered.map((row) => {
                  const id = rowId(row);
                  const rate = row.reject_rate ?? rejectRate(row.rejected, row.total);
                  const firstOfPeriod = period !== 'all' && previousPeriod !== undefined && previousPeriod !== row.period_start;
                  previousPeriod = row.period_start;
                  const withoutShare = rejectRate(row.without_reason, row.rejected);
                  const classes = [
                    `iqs-scope-${row.scope}`,
                    firstOfPeriod ? 'iqs-period-first' : '',
                    paretoRowId === id ? 'iqs-selected' : '',
                  ]
                    .filter(Boolean)
                    .join(' ');
                  return (
                    <tr
                      key={id}
                      className={classes}
                      data-cy="reject-row"
                      data-key={row.key ?? ''}
                      data-scope={row.scope}
                      data-period={row.period_label}
                      data-rejected={row.rejected}
                      data-total={row.total}
                      data-rate={rate ?? ''}
                      data-without-reason={row.without_reason}
                      data-flag={row.flag ?? ''}
                    >
                      {period !== 'all' && <td>{rejectPeriodName(row, period, translator)}</td>}
                      {showScope && <td>{t(row.scope === 'own' ? 'ra.scope.own' : 'ra.scope.department')}</td>}
                      {dimension !== 'all' && (
                        <th scope="row">
                          {Object.keys(row.reasons).length > 0 ? (
                            <button
                              type="button"
                              className="iqs-figure iqs-no-print-style"
                              title={t('ra.paretoTitle')}
                              aria-pressed={paretoRowId === id}
                              onClick={() => setParetoRowId(paretoRowId === id ? null : id)}
                              data-cy="reject-row-pareto"
                            >
                              {labelOf(row)}
                            </button>
                          ) : (
                            labelOf(row)
                          )}
                        </th>
                      )}
                      <td className="iqs-num">{figure(row, 'rejected', String(row.rejected), 'reject-cell-rejected')}</td>
                      <td className="iqs-num">{figure(row, 'total', String(row.total), 'reject-cell-total')}</td>
                      <td className={`iqs-num ${row.flag ? `iqs-rate-${row.flag}` : ''}`} data-cy="reject-cell-rate">
                        {formatRate(rate, locale) ?? '–'}
                      </td>
                      <td className="iqs-num">
                        {dimension === 'reason' ? (
                          <span className="iqs-muted">–</span>
                        ) : (
                          <>
                            {row.without_reason > 0
                              ? figure(row, 'without', String(row.without_reason), 'reject-cell-without-reason')
                              : '0'}
                            {withoutShare !== null && <span className="iqs-muted"> ({formatRate(withoutShare, locale)})</span>}
                          </>
                        )}
                      </td>
                      <td className="iqs-num" data-cy="reject-cell-dap">
                        {formatDap(row.wasted_dap_gy_cm2, locale) ?? '–'}
                      </td>
                      <td>
                        {row.flag && (
                          <span className={`iqs-flag iqs-flag-${row.flag}`} data-cy="reject-flag">
                            {FLAG_MARKS[row.flag]} {t(`ra.flag.${row.flag}`)}
                          </span>
                        )}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
          <p className="iqs-hint">{t('ra.dapNote')}</p>
          {drill && (
            <RejectDrillDown
              drill={drill}
              translator={translator}
              maxRows={DRILL_MAX_ROWS}
              onOpen={(image) => data.openImage(image)}
              onClose={() => setDrill(null)}
              lessons={lessons}
            />
          )}

          <div className="iqs-reject-grid">
            <section
              data-cy="reject-pareto"
              data-with-reason={pareto.withReason}
              data-without-reason={pareto.withoutReason}
              aria-labelledby="iqs-reject-pareto-title"
            >
              <h3 id="iqs-reject-pareto-title">{t('ra.paretoTitle')}</h3>
              <p className="iqs-reject-note">
                {t('ra.paretoOf')}{' '}
                {paretoRow ? (
                  <>
                    <strong>{translated(translator, 'ra.paretoRow', { row: rowWhat(paretoRow) })}</strong>{' '}
                    <button
                      type="button"
                      className="iqs-link-button iqs-no-print"
                      onClick={() => setParetoRowId(null)}
                      data-cy="reject-pareto-back"
                    >
                      {t('ra.paretoBack')}
                    </button>
                  </>
                ) : (
                  <>
                    {t('ra.paretoSelection')}
                    {hasOwn && hasDepartment && (
                      <select
                        className="iqs-no-print"
                        aria-label={t('ra.scope')}
                        value={effectiveParetoScope}
                        onChange={(event) => setParetoScope(event.target.value as 'own' | 'department')}
                        data-cy="reject-pareto-scope"
                        style={{ marginLeft: 8 }}
                      >
                        <option value="own">{t('ra.scope.own')}</option>
                        <option value="department">{t('ra.scope.department')}</option>
                      </select>
                    )}
                  </>
                )}
              </p>
              {completeness && !paretoRow && (
                <p className="iqs-reject-note" data-cy="reject-completeness">
                  {translated(translator, 'ra.completeness', {
                    share: formatRate(completeness.share, locale) ?? '',
                    without: completeness.without,
                    rejected: completeness.rejected,
                  })}
                </p>
              )}
              {pareto.reasons.length === 0 ? (
                <p className="iqs-message">{t('ra.paretoNone')}</p>
              ) : (
                <>
                  <StatisticsChart spec={paretoSpec} label={t('ra.paretoChartLabel')} renderer={chartRenderer} />
                  <table className="iqs-table" data-cy="reject-pareto-reasons">
                    <thead>
                      <tr>
                        <th scope="col">{t('ra.col.reason')}</th>
                        <th scope="col">{t('ra.col.category')}</th>
                        <th scope="col" className="iqs-num">
                          {t('ra.col.count')}
                        </th>
                        <th scope="col" className="iqs-num">
                          {t('ra.paretoShare')}
                        </th>
                        <th scope="col" className="iqs-num">
                          {t('ra.paretoCumulative')}
                        </th>
                      </tr>
                    </thead>
                    <tbody>
                      {pareto.reasons.map((entry) => (
                        <tr
                          key={entry.key}
                          data-cy="reject-pareto-reason"
                          data-key={entry.key}
                          data-count={entry.count}
                          data-share={entry.share}
                        >
                          <th scope="row">{paretoLabels.get(entry.key) ?? entry.key}</th>
                          <td>{categoryLabel(names.reasons.get(entry.key)?.category ?? 'other', translator)}</td>
                          <td className="iqs-num">{entry.count}</td>
                          <td className="iqs-num">{formatRate(entry.share, locale)}</td>
                          <td className="iqs-num">{formatRate(entry.cumulative, locale)}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                  <table className="iqs-table" data-cy="reject-pareto-categories" style={{ marginTop: 8 }}>
                    <thead>
                      <tr>
                        <th scope="col">{t('ra.col.category')}</th>
                        <th scope="col" className="iqs-num">
                          {t('ra.col.count')}
                        </th>
                        <th scope="col">{t('ra.paretoShare')}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {pareto.categories.map((entry) => (
                        <tr
                          key={entry.key}
                          data-cy="reject-pareto-category"
                          data-key={entry.key}
                          data-count={entry.count}
                          data-share={entry.share}
                        >
                          <th scope="row">{categoryLabel(entry.key, translator)}</th>
                          <td className="iqs-num">{entry.count}</td>
                          <td>
                            <span className="iqs-share-cell">
                              <span className="iqs-num">{formatRate(entry.share, locale)}</span>
                              <span className="iqs-share-bar">
                                <span className="iqs-share-fill" style={{ width: `${Math.round(entry.share * 100)}%` }} />
                              </span>
                            </span>
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                  {pareto.withoutReason > 0 && (
                    <p className="iqs-hint">{translated(translator, 'ra.paretoWithout', { n: pareto.withoutReason })}</p>
                  )}
                </>
              )}
            </section>
          </div>

          <section
            className="iqs-reject-exposure"
            data-cy="reject-exposure"
            data-status={exposure.status}
            aria-labelledby="iqs-reject-exposure-title"
          >
            <h3 id="iqs-reject-exposure-title">{t('ra.exposureTitle')}</h3>
            <p className="iqs-reject-note">
              {t('ra.exposureIntro')} {!named && t('ra.exposureDepartment')}
            </p>
            {exposure.status === 'loading' && <p className="iqs-message">{t('common.loading')}</p>}
            {exposure.status === 'error' && (
              <p className="iqs-error" role="alert">
                {t('common.loadFailed')} {exposure.message}
              </p>
            )}
            {exposure.status === 'done' && exposure.value.length === 0 && <p className="iqs-message">{t('ra.exposureNone')}</p>}
            {exposure.status === 'done' && exposure.value.length > 0 && (
              <ExposureTable
                rows={exposure.value}
                translator={translator}
                names={names}
                // the department's figures: a radiographer's drill-down would hold only their own images
                onDrill={
                  named
                    ? (row, what) => {
                        const narrowed: RejectFilter = {
                          ...filter,
                          ...(row.room_key !== null ? { rooms: [row.room_key] } : {}),
                          ...(row.reason_code !== null ? { reasons: [row.reason_code] } : {}),
                        };
                        openDrill('rejected', `exposure|${row.room_key ?? ''}|${row.reason_code ?? ''}`, what, narrowed);
                      }
                    : null
                }
              />
            )}
          </section>
        </>
      )}
    </section>
  );
}

function ExposureTable({
  rows,
  translator,
  names,
  onDrill,
}: {
  rows: readonly RejectExposureRow[];
  translator: Translator;
  names: KeyNames;
  onDrill: ((row: RejectExposureRow, what: string) => void) | null;
}) {
  const { t, language, locale } = translator;
  const ordered = [...rows].sort(
    (a, b) =>
      (a.room_label ?? a.room_key ?? '').localeCompare(b.room_label ?? b.room_key ?? '') ||
      Number(a.reason_code !== null) - Number(b.reason_code !== null) ||
      b.rejected - a.rejected,
  );
  return (
    <div className="iqs-table-scroll">
      <table className="iqs-table" data-cy="reject-exposure-table">
        <thead>
          <tr>
            <th scope="col">{t('ra.col.room')}</th>
            <th scope="col">{t('ra.col.reason')}</th>
            <th scope="col" className="iqs-num">
              {t('ra.col.rejected')}
            </th>
            <th scope="col" className="iqs-num">
              {t('ra.col.medianRejected')}
            </th>
            <th scope="col" className="iqs-num">
              {t('ra.col.accepted')}
            </th>
            <th scope="col" className="iqs-num">
              {t('ra.col.medianAccepted')}
            </th>
            <th scope="col" className="iqs-num">
              {t('ra.col.difference')}
            </th>
          </tr>
        </thead>
        <tbody>
          {ordered.map((row) => {
            const room = row.room_label ?? row.room_key ?? t('common.unknownRoom');
            const reason =
              row.reason_code === null ? t('ra.allReasons') : (reasonLabel(row.reason_code, names, language) ?? row.reason_code);
            const difference =
              row.median_di_rejected !== null && row.median_di_accepted !== null ? row.median_di_rejected - row.median_di_accepted : null;
            const what = `${room} · ${reason}`;
            return (
              <tr
                key={`${row.room_key ?? ''}|${row.reason_code ?? ''}`}
                data-cy="reject-exposure-row"
                data-room={row.room_key ?? ''}
                data-reason={row.reason_code ?? ''}
                data-rejected={row.rejected}
                data-accepted={row.accepted}
                className={row.reason_code === null ? 'iqs-period-first' : undefined}
              >
                <th scope="row">{row.reason_code === null ? room : <span className="iqs-sr-only">{room}</span>}</th>
                <td>{row.reason_code === null ? <strong>{reason}</strong> : reason}</td>
                <td className="iqs-num">
                  {row.rejected > 0 && onDrill ? (
                    <button
                      type="button"
                      className="iqs-figure"
                      onClick={() => onDrill(row, what)}
                      aria-label={`${row.rejected}: ${translated(translator, 'ra.drillRejected', { what })}`}
                      data-cy="reject-exposure-drill"
                    >
                      {row.rejected}
                    </button>
                  ) : (
                    String(row.rejected)
                  )}
                </td>
                <td className="iqs-num">{formatDi(row.median_di_rejected, locale) ?? '–'}</td>
                <td className="iqs-num">{row.accepted}</td>
                <td className="iqs-num">{formatDi(row.median_di_accepted, locale) ?? '–'}</td>
                <td className="iqs-num">{formatDi(difference, locale) ?? '–'}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
