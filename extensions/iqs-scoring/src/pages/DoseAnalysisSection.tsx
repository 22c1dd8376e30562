import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { AGE_BANDS } from '@iqs/domain';
import type { Translator } from '../i18n/translator';
import type {
  DoseAcquisitionRow,
  DoseAnalysisData,
  DoseAnalysisRow,
  DoseDimension,
  DoseExposure,
  DoseFilter,
  DoseImages,
  DosePeriod,
  DoseQuantity,
  DoseSettings,
  IqsPageData,
  LessonData,
  PersonOption,
  ProcedureOption,
  StationOption,
} from '../ports';
import { formatDate, inLanguage, roomName, translated } from '../ui/display';
import {
  DOSE_STATUS_COLOURS,
  formatDose,
  formatPercentOf,
  percentOfDrl,
  QUANTITY_KEYS,
  QUANTITY_LONG_KEYS,
  statusText,
} from '../ui/doseDisplay';
import { MultiChoice, type Option } from '../ui/MultiChoice';
import { AddToLesson } from '../lessons/AddToLesson';
import { LessonPick, useLessonPicks } from '../lessons/LessonPicks';
import { ensureDoseAnalysisStyles } from './doseAnalysisStyles';
import { ensureRejectAnalysisStyles } from './rejectAnalysisStyles';
import { AGE_BAND_KEYS } from './rejectAnalysisView';
import { StatisticsChart } from './StatisticsChart';
import type { ChartRenderer } from './statistics';
import {
  distributionChart,
  DOSE_DIMENSION_KEYS,
  DOSE_DIMENSIONS,
  DOSE_PERIOD_KEYS,
  DOSE_PERIODS,
  DOSE_QUANTITY_CHOICES,
  doseChartGroups,
  dosePeriodName,
  doseRowId,
  doseRowLabel,
  monthlyChart,
  orderedDoseRows,
  procedureName,
  type ProcedureNames,
  procedureViewKey,
  procedureViews,
} from './doseAnalysisView';
// follow-up actions from this finding (issue 13)
import type { ActionData } from '../actions/actionsPorts';
import { NewActionButton } from '../actions/NewActionButton';
import { analysisFindingRef } from '../actions/actionFindings';

type Role = PersonOption['role'];

/** more bars or lines than this do not read; the table has them all */
const CHART_GROUPS = 8;
/** the longest list of exposures above the DRN */
const EXPOSURES_MAX = 200;
/** the Dutch standard patient (NCS 2012): the DAP of chest PA compared at 77 kg */
const DEFAULT_REFERENCE_KG = 77;

type Loaded<T> = { status: 'loading' } | { status: 'done'; value: T } | { status: 'error'; message: string };

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** A load that follows its question: the answer to an earlier question is never shown under a later one. */
function useLoaded<T>(question: string | null, load: () => Promise<T>): Loaded<T> {
  const [state, setState] = useState<Loaded<T> & { readonly for?: string }>({ status: 'loading' });
  const latest = useRef(load);
  latest.current = load;
  useEffect(() => {
    if (question === null) return undefined;
    let gone = false;
    setState({ status: 'loading' });
    latest
      .current()
      .then((value) => !gone && setState({ status: 'done', value, for: question }))
      .catch((error: unknown) => !gone && setState({ status: 'error', message: messageOf(error), for: question }));
    return () => {
      gone = true;
    };
  }, [question]);
  return state.for === question ? state : { status: 'loading' };
}

/** The filter choices as the user sets them. */
export interface DoseChoices {
  readonly procedures: readonly string[];
  readonly views: readonly string[];
  readonly modalities: readonly string[];
  readonly rooms: readonly string[];
  readonly radiographers: readonly string[];
  /** the reject analysis's bands (child, adult, unknown): the same filter field in SQL */
  readonly ageBands: readonly string[];
  readonly from: string;
  readonly to: string;
  readonly images: DoseImages;
  readonly adultsOnly: boolean;
  readonly weightOn: boolean;
  readonly weightMin: string;
  readonly weightMax: string;
  readonly thicknessOn: boolean;
  readonly thicknessMin: string;
  readonly thicknessMax: string;
}

export const NO_DOSE_CHOICES: DoseChoices = {
  procedures: [],
  views: [],
  modalities: [],
  rooms: [],
  radiographers: [],
  ageBands: [],
  from: '',
  to: '',
  images: 'accepted',
  adultsOnly: true,
  weightOn: false,
  weightMin: '',
  weightMax: '',
  thicknessOn: false,
  thicknessMin: '',
  thicknessMax: '',
};

const positive = (text: string): number | undefined => {
  const value = Number(text.replace(',', '.'));
  return text.trim() !== '' && Number.isFinite(value) && value > 0 ? value : undefined;
};

/** The analysis filter of the choices: only what is chosen (nothing chosen: no restriction; adults only unless said). */
export function doseFilterFromChoices(choices: DoseChoices): DoseFilter {
  const weightMin = choices.weightOn ? positive(choices.weightMin) : undefined;
  const weightMax = choices.weightOn ? positive(choices.weightMax) : undefined;
  const thicknessMin = choices.thicknessOn ? positive(choices.thicknessMin) : undefined;
  const thicknessMax = choices.thicknessOn ? positive(choices.thicknessMax) : undefined;
  return {
    ...(choices.procedures.length ? { procedures: [...choices.procedures] } : {}),
    ...(choices.views.length ? { views: [...choices.views] } : {}),
    ...(choices.modalities.length ? { modalities: [...choices.modalities] } : {}),
    ...(choices.rooms.length ? { rooms: [...choices.rooms] } : {}),
    ...(choices.radiographers.length ? { radiographers: [...choices.radiographers] } : {}),
    ...(choices.ageBands.length ? { age_bands: [...choices.ageBands] } : {}),
    ...(choices.from ? { from: choices.from } : {}),
    ...(choices.to ? { to: choices.to } : {}),
    images: choices.images,
    adults_only: choices.adultsOnly,
    ...(weightMin !== undefined ? { weight_min: weightMin } : {}),
    ...(weightMax !== undefined ? { weight_max: weightMax } : {}),
    ...(thicknessMin !== undefined ? { thickness_min: thicknessMin } : {}),
    ...(thicknessMax !== undefined ? { thickness_max: thicknessMax } : {}),
  };
}

export interface DoseAnalysisSectionProps {
  readonly data: DoseAnalysisData;
  /** the page's lists for the choosers */
  readonly lists: Pick<IqsPageData, 'listProcedures' | 'listStations' | 'listPeople'>;
  readonly role: Role;
  readonly translator: Translator;
  readonly chartRenderer?: ChartRenderer;
  /** grows when the reference values change (DoseReferencesSection): the analysis reads again */
  readonly revision?: number;
  /** clinical lessons: the exposures above the DRN can be added to a lesson; none: not offered */
  readonly lessons?: LessonData | null;
  /** follow-up actions: "Follow-up action" for what this analysis shows; none: not offered */
  readonly actions?: ActionData | null;
}

interface Lists {
  readonly procedures: readonly ProcedureOption[];
  readonly stations: readonly StationOption[];
  readonly people: readonly PersonOption[];
  readonly settings: DoseSettings | null;
}

const NO_LISTS: Lists = { procedures: [], stations: [], people: [], settings: null };

/** The band of a row: its mark and word, in its colour (never colour alone). */
function Band({ status, target, translator }: { status: DoseAnalysisRow['status']; target: number | null; translator: Translator }) {
  return (
    <span className="iqs-flag" style={{ color: DOSE_STATUS_COLOURS[status] }} data-cy="dose-status" data-status={status}>
      {statusText(status, translator, target)}
    </span>
  );
}

/** The standard patient's weight or thickness range: a tick that turns it on, and its two ends. */
function RangeFilter({
  kind,
  unit,
  choices,
  set,
  translator,
}: {
  kind: 'weight' | 'thickness';
  unit: string;
  choices: DoseChoices;
  set: <K extends keyof DoseChoices>(key: K, value: DoseChoices[K]) => void;
  translator: Translator;
}) {
  const { t } = translator;
  const on = choices[`${kind}On`];
  const labels =
    kind === 'weight'
      ? { range: t('dose.weightRange'), from: t('dose.weightFrom'), to: t('dose.weightTo') }
      : { range: t('dose.thicknessRange'), from: t('dose.thicknessFrom'), to: t('dose.thicknessTo') };
  const end = (which: 'Min' | 'Max', label: string) => (
    <input
      type="number"
      min={1}
      aria-label={label}
      value={choices[`${kind}${which}`]}
      disabled={!on}
      onChange={(event) => set(`${kind}${which}`, event.target.value)}
      data-cy={`dose-${kind}-${which.toLowerCase()}`}
      style={{ width: '5em' }}
    />
  );
  return (
    <span className="iqs-check">
      <label>
        <input type="checkbox" checked={on} onChange={(event) => set(`${kind}On`, event.target.checked)} data-cy={`dose-${kind}-on`} />
        {labels.range}
      </label>
      {end('Min', labels.from)}–{end('Max', labels.to)}
      {unit}
    </span>
  );
}

/**
 * The dose analysis on the IQS page: per procedure (and view) × room, procedure, radiographer or modality × period,
 * the typical dose (median), P25 and P75 against the DRN and the streefwaarde that apply, for accepted, rejected or
 * all images, adults by default, optionally within a weight or thickness range, with the 77 kg interpolation where
 * weights exist; the distribution per group and the monthly medians with the reference as lines; the single exposures
 * above the DRN, each opening in the viewer; and the acquisition parameters per room and procedure. Quality officers
 * and admins see the department by name; everyone else their own medians next to the department's (the database
 * decides: the page shows what it gets).
 */
export function DoseAnalysisSection({
  data,
  lists: pageLists,
  role,
  translator,
  chartRenderer,
  revision = 0,
  lessons = null,
  actions = null,
}: DoseAnalysisSectionProps) {
  const { t, language, locale } = translator;
  const named = role === 'quality_officer' || role === 'admin';
  useEffect(() => {
    ensureRejectAnalysisStyles();
    ensureDoseAnalysisStyles();
  }, []);

  const [quantity, setQuantity] = useState<DoseQuantity>('dap');
  const [dimension, setDimension] = useState<DoseDimension>('room');
  const [period, setPeriod] = useState<DosePeriod>('all');
  const [choices, setChoices] = useState<DoseChoices>(NO_DOSE_CHOICES);
  const set = <K extends keyof DoseChoices>(key: K, value: DoseChoices[K]): void => setChoices((c) => ({ ...c, [key]: value }));
  const [lists, setLists] = useState<Lists>(NO_LISTS);
  const [chartKey, setChartKey] = useState<string | null>(null);
  const [seenViews, setSeenViews] = useState<readonly string[]>([]);

  // the choosers' lists and the site's settings: once
  useEffect(() => {
    let gone = false;
    const settled = <T,>(promise: Promise<T>, fallback: T): Promise<T> =>
      promise.catch((error: unknown) => {
        console.error('[IQS] a list of the dose analysis could not be loaded', error);
        return fallback;
      });
    void Promise.all([
      settled(pageLists.listProcedures(), []),
      settled(pageLists.listStations(), []),
      named ? settled(pageLists.listPeople(), []) : Promise.resolve([]),
      settled(
        data.doseSettings().then((s): DoseSettings | null => s),
        null,
      ),
    ]).then(([procedures, stations, people, settings]) => {
      if (gone) return;
      setLists({ procedures, stations, people, settings });
      // the weight range starts at the department's standard patient
      if (settings)
        setChoices((c) => ({
          ...c,
          weightMin: c.weightMin || String(settings.weightMin),
          weightMax: c.weightMax || String(settings.weightMax),
        }));
    });
    return () => {
      gone = true;
    };
  }, [data, pageLists, named]);

  const filter = useMemo(() => doseFilterFromChoices(choices), [choices]);
  const filterKey = JSON.stringify(filter);
  const parsed = (): DoseFilter => JSON.parse(filterKey) as DoseFilter;
  // every question names the reference values' revision: a changed value is read again
  const asked = `${revision}|${filterKey}`;

  const main = useLoaded(`${quantity}|${dimension}|${period}|${asked}`, () => data.doseAnalysis(quantity, dimension, period, parsed()));
  // the distribution is of the whole period, the trend per month: read apart unless the table is already that
  const whole = useLoaded(period === 'all' ? null : `${quantity}|${dimension}|all|${asked}`, () =>
    data.doseAnalysis(quantity, dimension, 'all', parsed()),
  );
  const monthly = useLoaded(period === 'month' ? null : `${quantity}|${dimension}|month|${asked}`, () =>
    data.doseAnalysis(quantity, dimension, 'month', parsed()),
  );
  const exposures = useLoaded(`${quantity}|${asked}`, () => data.doseExposuresAboveDrl(quantity, parsed(), EXPOSURES_MAX));
  const acquisition = useLoaded(filterKey, () => data.doseAcquisition(parsed()));

  const rows = useMemo(() => (main.status === 'done' ? main.value : []), [main]);
  const wholeRows = period === 'all' ? main : whole;
  const monthRows = period === 'month' ? main : monthly;

  // the views seen in any answer: the view chooser's options
  useEffect(() => {
    if (main.status !== 'done') return;
    const views = main.value.map((row) => row.view_position).filter((v): v is string => v !== null);
    setSeenViews((seen) => {
      const next = [...new Set([...seen, ...views])].sort();
      return next.length === seen.length ? seen : next;
    });
  }, [main]);

  const names: ProcedureNames = useMemo(() => new Map(lists.procedures.map((p) => [p.code, p])), [lists.procedures]);
  const labelOf = useCallback((row: DoseAnalysisRow) => doseRowLabel(row, names, translator), [names, translator]);
  const ordered = useMemo(() => orderedDoseRows(rows, labelOf), [rows, labelOf]);
  const showScope = rows.some((row) => row.scope === 'own');
  const dimensionLabel = t(DOSE_DIMENSION_KEYS[dimension]);
  const unit = rows[0]?.unit ?? (quantity === 'dap' ? 'Gy·cm²' : quantity === 'dlp' ? 'mGy·cm' : 'mGy');
  const hasFit = rows.some((row) => row.fit_n !== null && row.fit_n > 0);

  // the charts: one procedure and view at a time (one reference applies to it)
  const chartChoices = useMemo(() => procedureViews(wholeRows.status === 'done' ? wholeRows.value : rows), [wholeRows, rows]);
  const chosenChart = chartChoices.find((c) => c.key === chartKey) ?? chartChoices[0] ?? null;
  const procedureViewName = (entry: { procedure_code: string | null; view_position: string | null }): string =>
    `${procedureName(entry.procedure_code, names, translator)} · ${entry.view_position ?? t('dose.anyView')}`;
  const distribution = useMemo(() => {
    if (!chosenChart || wholeRows.status !== 'done') return null;
    const of = wholeRows.value.filter((row) => procedureViewKey(row) === chosenChart.key);
    const { groups, more } = doseChartGroups(of, labelOf, translator, CHART_GROUPS);
    return groups.length ? { spec: distributionChart(groups, quantity, unit, translator), more, groups } : null;
  }, [chosenChart, wholeRows, labelOf, translator, quantity, unit]);
  const trend = useMemo(() => {
    if (!chosenChart || monthRows.status !== 'done') return null;
    const of = monthRows.value.filter((row) => procedureViewKey(row) === chosenChart.key);
    const { groups } = doseChartGroups(of, labelOf, translator, CHART_GROUPS);
    return groups.length ? monthlyChart(of, groups, quantity, unit, translator) : null;
  }, [chosenChart, monthRows, labelOf, translator, quantity, unit]);

  // what the selection is, in words
  const selectionText = useMemo(() => {
    const parts: string[] = [];
    const list = (label: string, values: readonly string[], nameOf: (v: string) => string = (v) => v): void => {
      if (values.length) parts.push(`${label}: ${values.map(nameOf).join(', ')}`);
    };
    list(t('dose.filter.procedures'), choices.procedures, (code) => procedureName(code, names, translator));
    list(t('dose.filter.views'), choices.views);
    list(t('dose.filter.modalities'), choices.modalities);
    list(t('dose.filter.rooms'), choices.rooms, (s) => {
      const station = lists.stations.find((st) => st.station_name === s);
      return station ? (roomName(station) ?? s) : s;
    });
    list(t('dose.filter.radiographers'), choices.radiographers, (id) => lists.people.find((p) => p.id === id)?.display_name ?? id);
    list(t('ra.dimension.age_band'), choices.ageBands, (band) => (AGE_BAND_KEYS[band] ? t(AGE_BAND_KEYS[band]) : band));
    if (choices.from || choices.to) parts.push(`${formatDate(choices.from, locale) ?? '…'} – ${formatDate(choices.to, locale) ?? '…'}`);
    parts.push(t(`dose.images.${choices.images}`));
    if (choices.adultsOnly) parts.push(t('dose.adultsOnly').split(' (')[0]!);
    if (filter.weight_min !== undefined || filter.weight_max !== undefined)
      parts.push(`${t('dose.weightRange')} ${filter.weight_min ?? '…'}–${filter.weight_max ?? '…'} kg`);
    if (filter.thickness_min !== undefined || filter.thickness_max !== undefined)
      parts.push(`${t('dose.thicknessRange')} ${filter.thickness_min ?? '…'}–${filter.thickness_max ?? '…'} mm`);
    return parts.join('; ');
  }, [choices, filter, names, lists, locale, t, translator]);

  // choosers
  const procedureOptions: Option[] = lists.procedures.map((p) => ({
    value: p.code,
    label: inLanguage(language, p.name_nl, p.name_en) ?? p.code,
  }));
  const modalityOptions: Option[] = [
    ...new Set([...lists.stations.map((s) => s.modality), ...lists.procedures.map((p) => p.modality).filter((m): m is string => !!m)]),
  ]
    .sort()
    .map((m) => ({ value: m, label: m }));
  const roomOptions: Option[] = lists.stations.map((s) => ({ value: s.station_name, label: roomName(s) ?? s.station_name }));
  const radiographerOptions: Option[] = lists.people.map((p) => ({ value: p.id, label: p.display_name }));
  const viewOptions: Option[] = [...new Set([...seenViews, ...choices.views])].sort().map((v) => ({ value: v, label: v }));
  const titleId = 'iqs-dose-analysis-title';
  const minImages = lists.settings?.minImages ?? 20;

  let previousGroup: string | undefined;
  return (
    <section
      className="iqs-card iqs-card-wide iqs-dose-analysis"
      data-iqs-section="dose-analysis"
      data-cy="dose-analysis"
      data-quantity={quantity}
      data-dimension={dimension}
      data-period={period}
      data-images={choices.images}
      data-status={main.status}
      aria-labelledby={titleId}
    >
      <h2 id={titleId}>{t('dose.title')}</h2>
      {actions && (
        <NewActionButton
          finding={{ kind: 'dose_analysis', ref: analysisFindingRef('dose-analysis', filter), label: t('dose.title') }}
          actions={actions}
          translator={translator}
          mayAssignOthers={named}
        />
      )}
      <p className="iqs-reject-note">{t('dose.intro')}</p>

      <div className="iqs-stats-controls">
        <label className="iqs-field">
          {t('dose.quantity')}
          <select value={quantity} onChange={(event) => setQuantity(event.target.value as DoseQuantity)} data-cy="dose-quantity">
            {DOSE_QUANTITY_CHOICES.map((q) => (
              <option key={q} value={q}>
                {t(QUANTITY_LONG_KEYS[q])}
              </option>
            ))}
          </select>
        </label>
        <label className="iqs-field">
          {t('dose.by')}
          <select value={dimension} onChange={(event) => setDimension(event.target.value as DoseDimension)} data-cy="dose-dimension">
            {DOSE_DIMENSIONS.map((d) => (
              <option key={d} value={d}>
                {t(DOSE_DIMENSION_KEYS[d])}
              </option>
            ))}
          </select>
        </label>
        <label className="iqs-field">
          {t('dose.per')}
          <select value={period} onChange={(event) => setPeriod(event.target.value as DosePeriod)} data-cy="dose-period">
            {DOSE_PERIODS.map((p) => (
              <option key={p} value={p}>
                {t(DOSE_PERIOD_KEYS[p])}
              </option>
            ))}
          </select>
        </label>
        <label className="iqs-field">
          {t('dose.images')}
          <select value={choices.images} onChange={(event) => set('images', event.target.value as DoseImages)} data-cy="dose-images">
            {(['accepted', 'rejected', 'all'] as const).map((kind) => (
              <option key={kind} value={kind}>
                {t(`dose.images.${kind}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="iqs-field">
          {t('dose.from')}
          <input
            type="date"
            value={choices.from}
            max={choices.to || undefined}
            onChange={(event) => set('from', event.target.value)}
            data-cy="dose-from"
          />
        </label>
        <label className="iqs-field">
          {t('dose.to')}
          <input
            type="date"
            value={choices.to}
            min={choices.from || undefined}
            onChange={(event) => set('to', event.target.value)}
            data-cy="dose-to"
          />
        </label>
      </div>
      <div className="iqs-reject-filters" aria-label={t('dose.filters')} role="group">
        <MultiChoice
          name="procedures"
          cyPrefix="dose-filter"
          label={t('dose.filter.procedures')}
          options={procedureOptions}
          chosen={choices.procedures}
          onChange={(v) => set('procedures', v)}
          translator={translator}
        />
        <MultiChoice
          name="views"
          cyPrefix="dose-filter"
          label={t('dose.filter.views')}
          options={viewOptions}
          chosen={choices.views}
          onChange={(v) => set('views', v)}
          translator={translator}
        />
        <MultiChoice
          name="modalities"
          cyPrefix="dose-filter"
          label={t('dose.filter.modalities')}
          options={modalityOptions}
          chosen={choices.modalities}
          onChange={(v) => set('modalities', v)}
          translator={translator}
        />
        <MultiChoice
          name="rooms"
          cyPrefix="dose-filter"
          label={t('dose.filter.rooms')}
          options={roomOptions}
          chosen={choices.rooms}
          onChange={(v) => set('rooms', v)}
          translator={translator}
        />
        {named && (
          <MultiChoice
            name="radiographers"
            cyPrefix="dose-filter"
            label={t('dose.filter.radiographers')}
            options={radiographerOptions}
            chosen={choices.radiographers}
            onChange={(v) => set('radiographers', v)}
            translator={translator}
          />
        )}
        <MultiChoice
          name="age-bands"
          cyPrefix="dose-filter"
          label={t('ra.dimension.age_band')}
          options={AGE_BANDS.map((band) => ({ value: band, label: t(AGE_BAND_KEYS[band]!) }))}
          chosen={choices.ageBands}
          onChange={(v) => set('ageBands', v)}
          translator={translator}
        />
        <label className="iqs-check">
          <input
            type="checkbox"
            checked={choices.adultsOnly}
            onChange={(event) => set('adultsOnly', event.target.checked)}
            data-cy="dose-adults-only"
          />
          {t('dose.adultsOnly')}
        </label>
        <RangeFilter kind="weight" unit="kg" choices={choices} set={set} translator={translator} />
        <RangeFilter kind="thickness" unit="mm" choices={choices} set={set} translator={translator} />
      </div>

      <p className="iqs-reject-note" data-cy="dose-selection">
        <strong>{t('dose.selection')}:</strong> {selectionText}
      </p>
      <p className="iqs-reject-note" data-cy="dose-min-images" data-min-images={minImages}>
        {translated(translator, 'dose.minImages', { n: minImages })}
      </p>
      {showScope && <p className="iqs-reject-note">{t('dose.ownNote')}</p>}

      {main.status === 'loading' && <p className="iqs-message">{t('common.loading')}</p>}
      {main.status === 'error' && (
        <p className="iqs-error" role="alert">
          {t('common.loadFailed')} {main.message}
        </p>
      )}
      {main.status === 'done' && rows.length === 0 && (
        <p className="iqs-message" data-cy="dose-none">
          {t('dose.none')}
        </p>
      )}
      {main.status === 'done' && rows.length > 0 && (
        <>
          <div className="iqs-table-scroll">
            <table
              className="iqs-table iqs-reject-table"
              data-cy="dose-table"
              data-dimension={dimension}
              data-period={period}
              data-quantity={quantity}
            >
              <caption className="iqs-sr-only">{t('dose.title')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('dose.col.procedure')}</th>
                  <th scope="col">{t('dose.col.view')}</th>
                  {period !== 'all' && <th scope="col">{t('dose.col.period')}</th>}
                  {showScope && <th scope="col">{t('dose.col.scope')}</th>}
                  <th scope="col">{dimensionLabel}</th>
                  <th scope="col" className="iqs-num">
                    {t('dose.col.n')}
                  </th>
                  <th scope="col" className="iqs-num">
                    {t('dose.col.median')} ({unit})
                  </th>
                  <th scope="col" className="iqs-num">
                    {t('dose.col.p25')}
                  </th>
                  <th scope="col" className="iqs-num">
                    {t('dose.col.p75')}
                  </th>
                  <th scope="col" className="iqs-num">
                    {t('dose.col.drl')}
                  </th>
                  <th scope="col" className="iqs-num">
                    {t('dose.col.target')}
                  </th>
                  <th scope="col" className="iqs-num">
                    {t('dose.col.ofDrl')}
                  </th>
                  <th scope="col">{t('dose.col.status')}</th>
                  <th scope="col">{t('dose.col.set')}</th>
                  {hasFit && (
                    <th scope="col" className="iqs-num">
                      {translated(translator, 'dose.col.at77', { kg: DEFAULT_REFERENCE_KG })}
                    </th>
                  )}
                </tr>
              </thead>
              <tbody>
                {ordered.map((row) => {
                  const group = procedureViewKey(row);
                  const first = previousGroup !== undefined && previousGroup !== group;
                  previousGroup = group;
                  const percent = row.status === 'too_few' ? null : percentOfDrl(row.median, row.drl);
                  return (
                    <tr
                      key={doseRowId(row)}
                      className={[`iqs-scope-${row.scope}`, first ? 'iqs-period-first' : ''].filter(Boolean).join(' ')}
                      data-cy="dose-row"
                      data-scope={row.scope}
                      data-procedure={row.procedure_code ?? ''}
                      data-view={row.view_position ?? ''}
                      data-key={row.key ?? ''}
                      data-period={row.period_start ?? 'all'}
                      data-n={row.n}
                      data-median={row.median ?? ''}
                      data-p25={row.p25 ?? ''}
                      data-p75={row.p75 ?? ''}
                      data-drl={row.drl ?? ''}
                      data-target={row.target ?? ''}
                      data-status={row.status}
                      data-reference-set={row.reference_set ?? ''}
                    >
                      <td>{procedureName(row.procedure_code, names, translator)}</td>
                      <td>{row.view_position ?? t('dose.anyView')}</td>
                      {period !== 'all' && <td>{dosePeriodName(row.period_start, period, translator)}</td>}
                      {showScope && <td>{t(row.scope === 'own' ? 'dose.scope.own' : 'dose.scope.department')}</td>}
                      <th scope="row">{labelOf(row)}</th>
                      <td className="iqs-num">{row.n}</td>
                      <td
                        className="iqs-num"
                        style={{ color: DOSE_STATUS_COLOURS[row.status], fontWeight: 600 }}
                        data-cy="dose-cell-median"
                      >
                        {formatDose(row.median, locale) ?? '–'}
                      </td>
                      <td className="iqs-num">{formatDose(row.p25, locale) ?? '–'}</td>
                      <td className="iqs-num">{formatDose(row.p75, locale) ?? '–'}</td>
                      <td className="iqs-num">{formatDose(row.drl, locale) ?? '–'}</td>
                      <td className="iqs-num">{formatDose(row.target, locale) ?? '–'}</td>
                      <td className="iqs-num">{formatPercentOf(percent, translator) ?? '–'}</td>
                      <td>
                        <Band status={row.status} target={row.target} translator={translator} />
                      </td>
                      <td>{row.reference_set ?? (row.drl !== null ? t('ref.own') : '–')}</td>
                      {hasFit && (
                        <td
                          className="iqs-num"
                          data-cy="dose-cell-fit"
                          title={
                            row.fit_n
                              ? translated(translator, 'dose.fit', {
                                  quantity: t(QUANTITY_KEYS[quantity]),
                                  n: row.fit_n,
                                  r2:
                                    row.fit_r2 === null
                                      ? '–'
                                      : new Intl.NumberFormat(locale, { maximumFractionDigits: 2 }).format(row.fit_r2),
                                })
                              : undefined
                          }
                        >
                          {row.at_reference_weight !== null ? (
                            <>
                              {formatDose(row.at_reference_weight, locale)}{' '}
                              <span className="iqs-muted">
                                (n = {row.fit_n ?? 0}
                                {row.fit_r2 !== null
                                  ? `, r² = ${new Intl.NumberFormat(locale, { maximumFractionDigits: 2 }).format(row.fit_r2)}`
                                  : ''}
                                )
                              </span>
                            </>
                          ) : (
                            '–'
                          )}
                        </td>
                      )}
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
          {hasFit && <p className="iqs-hint">{translated(translator, 'dose.fitNote', { kg: DEFAULT_REFERENCE_KG })}</p>}

          {chartChoices.length > 0 && (
            <div className="iqs-stats-controls" style={{ marginTop: 12 }}>
              <label className="iqs-field">
                {t('dose.chartsFor')}
                <select value={chosenChart?.key ?? ''} onChange={(event) => setChartKey(event.target.value)} data-cy="dose-chart-procedure">
                  {chartChoices.map((entry) => (
                    <option key={entry.key} value={entry.key}>
                      {procedureViewName(entry)}
                    </option>
                  ))}
                </select>
              </label>
            </div>
          )}
          <div className="iqs-reject-grid">
            <section data-cy="dose-distribution" data-procedure={chosenChart?.key ?? ''} aria-labelledby="iqs-dose-distribution-title">
              <h3 id="iqs-dose-distribution-title">
                {translated(translator, 'dose.distributionTitle', { dimension: dimensionLabel.toLowerCase() })}
              </h3>
              {distribution ? (
                <>
                  <StatisticsChart
                    spec={distribution.spec}
                    label={translated(translator, 'dose.distributionLabel', {
                      quantity: t(QUANTITY_KEYS[quantity]),
                      dimension: dimensionLabel.toLowerCase(),
                    })}
                    renderer={chartRenderer}
                  />
                  {distribution.more && <p className="iqs-hint">{translated(translator, 'dose.chartTop', { n: CHART_GROUPS })}</p>}
                </>
              ) : (
                <p className="iqs-message">{wholeRows.status === 'loading' ? t('common.loading') : t('dose.chartNone')}</p>
              )}
            </section>
            <section data-cy="dose-trend" data-procedure={chosenChart?.key ?? ''} aria-labelledby="iqs-dose-trend-title">
              <h3 id="iqs-dose-trend-title">{t('dose.trendTitle')}</h3>
              {trend ? (
                <StatisticsChart
                  spec={trend}
                  label={translated(translator, 'dose.trendLabel', { quantity: t(QUANTITY_KEYS[quantity]) })}
                  renderer={chartRenderer}
                />
              ) : (
                <p className="iqs-message">{monthRows.status === 'loading' ? t('common.loading') : t('dose.chartNone')}</p>
              )}
            </section>
          </div>
        </>
      )}

      <ExposuresAboveDrl
        state={exposures}
        ownOnly={!named}
        quantity={quantity}
        names={names}
        translator={translator}
        onOpen={(image) => data.openImage(image)}
        lessons={lessons}
      />
      <Acquisition state={acquisition} settings={lists.settings} names={names} translator={translator} />
    </section>
  );
}

function ExposuresAboveDrl({
  state,
  ownOnly,
  quantity,
  names,
  translator,
  onOpen,
  lessons,
}: {
  state: Loaded<readonly DoseExposure[]>;
  /** a radiographer's list holds their own images only (the database decides) */
  ownOnly: boolean;
  quantity: DoseQuantity;
  names: ProcedureNames;
  translator: Translator;
  onOpen: (image: DoseExposure) => void;
  lessons: LessonData | null;
}) {
  const { t, locale } = translator;
  const exposures = state.status === 'done' ? state.value : [];
  const order = useMemo(() => (state.status === 'done' ? state.value.map((exposure) => exposure.sop_instance_uid) : []), [state]);
  const picks = useLessonPicks(order, state.status === 'done' ? order.join(',') : state.status);
  return (
    <section
      className="iqs-reject-exposure"
      data-cy="dose-exposures"
      data-status={state.status}
      data-count={state.status === 'done' ? exposures.length : ''}
      aria-labelledby="iqs-dose-exposures-title"
    >
      <h3 id="iqs-dose-exposures-title">{t('dose.exposuresTitle')}</h3>
      <p className="iqs-reject-note">
        {translated(translator, 'dose.exposuresIntro', { quantity: t(QUANTITY_KEYS[quantity]) })} {ownOnly && t('dose.exposuresOwn')}
      </p>
      {state.status === 'loading' && <p className="iqs-message">{t('common.loading')}</p>}
      {state.status === 'error' && (
        <p className="iqs-error" role="alert">
          {t('common.loadFailed')} {state.message}
        </p>
      )}
      {state.status === 'done' && exposures.length === 0 && <p className="iqs-message">{t('dose.exposuresNone')}</p>}
      {state.status === 'done' && exposures.length >= EXPOSURES_MAX && (
        <p className="iqs-hint">{translated(translator, 'dose.exposuresMax', { n: EXPOSURES_MAX })}</p>
      )}
      {lessons && exposures.length > 0 && (
        <AddToLesson lessons={lessons} images={picks.images} origin="dose_analysis" translator={translator} onAdded={picks.clear} />
      )}
      {exposures.length > 0 && (
        <div className="iqs-table-scroll" style={{ maxHeight: 420, overflowY: 'auto' }}>
          <table className="iqs-table" data-cy="dose-exposures-table">
            <thead>
              <tr>
                {lessons && (
                  <th scope="col">
                    <span className="iqs-sr-only">{t('lesson.pick')}</span>
                  </th>
                )}
                <th scope="col">{t('dose.col.date')}</th>
                <th scope="col">{t('dose.col.procedure')}</th>
                <th scope="col">{t('dose.col.view')}</th>
                <th scope="col">{t('dose.col.room')}</th>
                <th scope="col" className="iqs-num">
                  {t('dose.col.value')}
                </th>
                <th scope="col" className="iqs-num">
                  {t('dose.col.drl')}
                </th>
                <th scope="col" className="iqs-num">
                  {t('dose.col.ofDrl')}
                </th>
                <th scope="col">
                  <span className="iqs-sr-only">{t('dose.open')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {exposures.map((exposure) => {
                const percent =
                  exposure.percent_of_drl !== null ? Math.round(exposure.percent_of_drl) : percentOfDrl(exposure.value, exposure.drl);
                const date = formatDate(exposure.study_date, locale) ?? t('common.unknownDate');
                return (
                  <tr
                    key={exposure.sop_instance_uid}
                    data-cy="dose-exposure"
                    data-sop-instance-uid={exposure.sop_instance_uid}
                    data-room={exposure.station_name ?? ''}
                    data-procedure={exposure.procedure_code ?? ''}
                    data-value={exposure.value ?? ''}
                    data-drl={exposure.drl ?? ''}
                    data-rejected={String(exposure.rejected)}
                  >
                    {lessons && (
                      <td>
                        <LessonPick
                          sopInstanceUid={exposure.sop_instance_uid}
                          what={`${date} ${exposure.view_position ?? ''}`}
                          checked={picks.picked.has(exposure.sop_instance_uid)}
                          onToggle={picks.toggle}
                          translator={translator}
                        />
                      </td>
                    )}
                    <td>{date}</td>
                    <td>{procedureName(exposure.procedure_code, names, translator)}</td>
                    <td>{exposure.view_position ?? '–'}</td>
                    <td>{exposure.room_label ?? exposure.station_name ?? t('common.unknownRoom')}</td>
                    <td className="iqs-num" style={{ color: DOSE_STATUS_COLOURS.above_drl }}>
                      {formatDose(exposure.value, locale) ?? '–'} {exposure.unit}
                    </td>
                    <td className="iqs-num">{formatDose(exposure.drl, locale) ?? '–'}</td>
                    <td className="iqs-num">{formatPercentOf(percent, translator) ?? '–'}</td>
                    <td>
                      <button
                        type="button"
                        className="iqs-secondary"
                        onClick={() => onOpen(exposure)}
                        aria-label={`${t('dose.openImage')}: ${date} ${exposure.view_position ?? ''} ${statusText('above_drl', translator)}`}
                        data-cy="dose-exposure-open"
                      >
                        {t('dose.open')}
                      </button>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

/** A band's share of a row's images as a small bar (with its count as text). */
function DiBands({ row, translator }: { row: DoseAcquisitionRow; translator: Translator }) {
  const { t } = translator;
  const total = row.di_fine + row.di_attention + row.di_action + row.di_unknown;
  const bands = [
    { key: 'fine', n: row.di_fine, colour: DOSE_STATUS_COLOURS.at_or_below_target },
    { key: 'attention', n: row.di_attention, colour: DOSE_STATUS_COLOURS.above_target },
    { key: 'action', n: row.di_action, colour: DOSE_STATUS_COLOURS.above_drl },
    { key: 'unknown', n: row.di_unknown, colour: '#546e7a' },
  ] as const;
  return (
    <span className="iqs-share-cell" style={{ gridTemplateColumns: 'auto minmax(60px, 1fr)' }}>
      <span>
        {bands
          .filter((band) => band.n > 0)
          .map((band) => `${band.n} ${t(`dose.di.${band.key}`)}`)
          .join(' · ') || '–'}
      </span>
      <span className="iqs-share-bar" style={{ display: 'flex' }} aria-hidden="true">
        {total > 0 &&
          bands.map((band) => (
            <span
              key={band.key}
              style={{ width: `${(band.n / total) * 100}%`, background: band.colour, display: 'inline-block', height: '100%' }}
            />
          ))}
      </span>
    </span>
  );
}

function Acquisition({
  state,
  settings,
  names,
  translator,
}: {
  state: Loaded<readonly DoseAcquisitionRow[]>;
  settings: DoseSettings | null;
  names: ProcedureNames;
  translator: Translator;
}) {
  const { t, locale } = translator;
  const rows = state.status === 'done' ? state.value : [];
  const number = (value: number | null, digits = 1): string =>
    value === null ? '–' : new Intl.NumberFormat(locale, { maximumFractionDigits: digits }).format(value);
  return (
    <section
      className="iqs-reject-exposure"
      data-cy="dose-acquisition"
      data-status={state.status}
      aria-labelledby="iqs-dose-acquisition-title"
    >
      <h3 id="iqs-dose-acquisition-title">{t('dose.acquisitionTitle')}</h3>
      <p className="iqs-reject-note">
        {translated(translator, 'dose.acquisitionIntro', {
          fine: number(settings?.diFine ?? 1),
          attention: number(settings?.diAttention ?? 3),
        })}
      </p>
      {state.status === 'loading' && <p className="iqs-message">{t('common.loading')}</p>}
      {state.status === 'error' && (
        <p className="iqs-error" role="alert">
          {t('common.loadFailed')} {state.message}
        </p>
      )}
      {state.status === 'done' && rows.length === 0 && <p className="iqs-message">{t('dose.acquisitionNone')}</p>}
      {rows.length > 0 && (
        <div className="iqs-table-scroll">
          <table className="iqs-table" data-cy="dose-acquisition-table">
            <thead>
              <tr>
                <th scope="col">{t('dose.col.room')}</th>
                <th scope="col">{t('dose.col.procedure')}</th>
                <th scope="col">{t('dose.col.view')}</th>
                <th scope="col" className="iqs-num">
                  {t('dose.col.n')}
                </th>
                <th scope="col" className="iqs-num">
                  {t('dose.col.kvp')}
                </th>
                <th scope="col" className="iqs-num">
                  {t('dose.col.mas')}
                </th>
                <th scope="col" className="iqs-num">
                  {t('dose.col.distance')}
                </th>
                <th scope="col">{t('dose.col.di')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr
                  key={`${row.room_key ?? ''}|${row.procedure_code ?? ''}|${row.view_position ?? ''}`}
                  data-cy="dose-acquisition-row"
                  data-room={row.room_key ?? ''}
                  data-procedure={row.procedure_code ?? ''}
                  data-view={row.view_position ?? ''}
                  data-n={row.n}
                  data-kvp={row.median_kvp ?? ''}
                  data-mas={row.median_mas ?? ''}
                  data-distance={row.median_distance_mm ?? ''}
                  data-di-fine={row.di_fine}
                  data-di-attention={row.di_attention}
                  data-di-action={row.di_action}
                >
                  <th scope="row">{row.room_label ?? row.room_key ?? t('common.unknownRoom')}</th>
                  <td>{procedureName(row.procedure_code, names, translator)}</td>
                  <td>{row.view_position ?? '–'}</td>
                  <td className="iqs-num">{row.n}</td>
                  <td className="iqs-num">{number(row.median_kvp)}</td>
                  <td className="iqs-num">{number(row.median_mas, 2)}</td>
                  <td className="iqs-num">{number(row.median_distance_mm, 0)}</td>
                  <td>
                    <DiBands row={row} translator={translator} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
