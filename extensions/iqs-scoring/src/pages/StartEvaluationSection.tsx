import { useEffect, useMemo, useRef, useState } from 'react';
import {
  EVALUATION_USES,
  type EvaluationFilter,
  type EvaluationUse,
  type PersonGroupFilter,
  SERVICE_YEARS_BANDS,
  type ServiceYearsBand,
} from '@iqs/domain';
import type { MessageKey } from '../i18n/messages';
import type { Translator } from '../i18n/translator';
import { formatDate, procedureName, roomName, translated, USE_KEYS } from '../ui/display';
import type { GroupOption, IqsPageData, PersonOption, ProcedureOption, StartEvaluationResult, StationOption } from '../ports';
import type { CandidateCount } from '../ports';
import { seriesCountText } from './candidateCountText';

export type IqsRole = PersonOption['role'];

/**
 * The kinds of evaluation each role starts (README, Evaluating images): every member their own images; a reviewer
 * also a colleague's (peer review); a quality officer a colleague's and a sample (quality analysis); an admin all.
 */
export function usesForRole(role: IqsRole): readonly EvaluationUse[] {
  switch (role) {
    case 'radiographer':
      return ['self'];
    case 'reviewer':
      return ['self', 'peer'];
    case 'quality_officer':
      return ['self', 'peer', 'quality'];
    case 'admin':
      return EVALUATION_USES;
  }
}

/**
 * Blind (who made each image hidden until the evaluation is closed) only where it hides something: a quality
 * analysis. A peer review is of the colleague the reviewer picked, and a self-evaluation of one's own images.
 */
export function offersBlind(use: EvaluationUse): boolean {
  return use === 'quality';
}

/** The form's choices, as the user sets them. */
export interface StartChoices {
  readonly use: EvaluationUse;
  readonly subjectId: string;
  /** '' everyone; 'band:<band>' a years-of-service band; 'group:<id>' a custom group */
  readonly group: string;
  readonly procedureIds: readonly string[];
  readonly modalities: readonly string[];
  readonly stationIds: readonly string[];
  readonly from: string;
  readonly to: string;
  readonly excludeEvaluated: boolean;
  readonly spread: boolean;
}

function groupFilter(choice: string): PersonGroupFilter | null {
  if (choice.startsWith('band:')) {
    const band = choice.slice(5) as ServiceYearsBand;
    return SERVICE_YEARS_BANDS.includes(band) ? { kind: 'service_years', band } : null;
  }
  if (choice.startsWith('group:')) return { kind: 'custom', group_id: choice.slice(6) };
  return null;
}

/** The sampling filter of the choices; restrictions not chosen are left out (no restriction). */
export function filterFromChoices(choices: StartChoices, selfId: string): EvaluationFilter {
  const subject = choices.use === 'self' ? selfId : choices.use === 'peer' ? choices.subjectId || null : null;
  const group = choices.use === 'quality' ? groupFilter(choices.group) : null;
  return {
    ...(subject ? { operator_person_id: subject } : {}),
    ...(group ? { group } : {}),
    ...(choices.procedureIds.length ? { procedure_ids: [...choices.procedureIds] } : {}),
    ...(choices.modalities.length ? { modalities: [...choices.modalities] } : {}),
    ...(choices.stationIds.length ? { station_ids: [...choices.stationIds] } : {}),
    ...(choices.from ? { from: choices.from } : {}),
    ...(choices.to ? { to: choices.to } : {}),
    exclude_evaluated: choices.excludeEvaluated,
    spread_over_procedures: choices.spread,
  };
}

/** What is wrong with the period, if anything: a date that is not one, or "from" after "to". */
export type DateProblem = { readonly kind: 'invalid'; readonly field: 'from' | 'to' } | { readonly kind: 'order' } | null;
const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;
function isDay(text: string): boolean {
  if (!ISO_DAY.test(text)) return false;
  const [y, m, d] = text.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}
export function dateProblem(from: string, to: string): DateProblem {
  if (from && !isDay(from)) return { kind: 'invalid', field: 'from' };
  if (to && !isDay(to)) return { kind: 'invalid', field: 'to' };
  if (from && to && from > to) return { kind: 'order' };
  return null;
}

export function subjectOf(choices: StartChoices, selfId: string): string | null {
  return choices.use === 'self' ? selfId : choices.use === 'peer' ? choices.subjectId || null : null;
}

type Lists = {
  people: readonly PersonOption[];
  procedures: readonly ProcedureOption[];
  stations: readonly StationOption[];
  groups: readonly GroupOption[];
};
// detail: the count in images, multi-slice series and studies, where the data layer tells it (a CT series is one)
type Count =
  | { status: 'idle' }
  | { status: 'counting' }
  | { status: 'done'; n: number; detail?: CandidateCount }
  | { status: 'error'; message: string };
type Start =
  { status: 'idle' } | { status: 'starting' } | { status: 'started'; result: StartEvaluationResult } | { status: 'error'; message: string };

const message = (error: unknown): string => (error instanceof Error ? error.message : String(error));

function toggle(list: readonly string[], value: string, on: boolean): string[] {
  return on ? [...list.filter((v) => v !== value), value] : list.filter((v) => v !== value);
}

function CheckList({
  legend,
  options,
  chosen,
  onChange,
  hint,
}: {
  legend: string;
  options: { value: string; label: string }[];
  chosen: readonly string[];
  onChange: (next: string[]) => void;
  hint: string;
}) {
  if (options.length === 0) return null;
  return (
    <fieldset>
      <legend>
        {legend} <span className="iqs-muted">({chosen.length ? chosen.length : hint})</span>
      </legend>
      <div className="iqs-checks">
        {options.map((option) => (
          <label key={option.value} className="iqs-check">
            <input
              type="checkbox"
              checked={chosen.includes(option.value)}
              onChange={(event) => onChange(toggle(chosen, option.value, event.target.checked))}
            />
            {option.label}
          </label>
        ))}
      </div>
    </fieldset>
  );
}

export interface StartEvaluationSectionProps {
  readonly data: IqsPageData;
  readonly role: IqsRole;
  readonly personId: string;
  readonly translator: Translator;
  /** today's date (YYYY-MM-DD), for the default name */
  readonly today: string;
  /** wait this long after the last change before counting (ms) */
  readonly countDelayMs: number;
  readonly onStarted: () => void;
}

/** Start an evaluation: the use the role allows, the filters, the sample; a live count of the matching images. */
export function StartEvaluationSection({ data, role, personId, translator, today, countDelayMs, onStarted }: StartEvaluationSectionProps) {
  const { t, language, locale } = translator;
  const uses = usesForRole(role);
  const [lists, setLists] = useState<Lists | null>(null);
  const [listError, setListError] = useState<string | null>(null);
  const [choices, setChoices] = useState<StartChoices>({
    use: uses[0] ?? 'self',
    subjectId: '',
    group: '',
    procedureIds: [],
    modalities: [],
    stationIds: [],
    from: '',
    to: '',
    excludeEvaluated: true,
    spread: false,
  });
  const [sampleSize, setSampleSize] = useState('20');
  const [blind, setBlind] = useState(false);
  const [name, setName] = useState<string | null>(null);
  const [count, setCount] = useState<Count>({ status: 'idle' });
  const [start, setStart] = useState<Start>({ status: 'idle' });
  const countRun = useRef(0);

  useEffect(() => {
    let gone = false;
    Promise.all([data.listPeople(), data.listProcedures(), data.listStations(), data.listGroups()])
      .then(([people, procedures, stations, groups]) => {
        if (!gone) setLists({ people, procedures, stations, groups });
      })
      .catch((error: unknown) => {
        if (!gone) setListError(message(error));
      });
    return () => {
      gone = true;
    };
  }, [data]);

  const set = (patch: Partial<StartChoices>): void => {
    setChoices((current) => ({ ...current, ...patch }));
    setStart({ status: 'idle' });
  };

  const filter = useMemo(() => filterFromChoices(choices, personId), [choices, personId]);
  const subject = subjectOf(choices, personId);
  const needsSubject = choices.use === 'peer' && !subject;
  // a period that is not one is said in the form and never sent to the database (which would refuse it in its words)
  const periodProblem = dateProblem(choices.from, choices.to);
  const periodWrong = periodProblem !== null;

  // the live count: after a pause in the changes; an older answer never overwrites a newer one
  useEffect(() => {
    if (needsSubject || periodWrong) {
      setCount({ status: 'idle' });
      return undefined;
    }
    const run = ++countRun.current;
    setCount({ status: 'counting' });
    const timer = setTimeout(() => {
      const units = data
        .countCandidateUnits?.(choices.use, subject, filter)
        .then((detail): { n: number; detail?: CandidateCount } => ({ n: detail.units, detail }));
      const counted =
        units ?? data.countCandidates(choices.use, subject, filter).then((n): { n: number; detail?: CandidateCount } => ({ n }));
      counted
        .then(({ n, detail }) => {
          if (run === countRun.current) setCount(detail ? { status: 'done', n, detail } : { status: 'done', n });
        })
        .catch((error: unknown) => {
          if (run === countRun.current) setCount({ status: 'error', message: message(error) });
        });
    }, countDelayMs);
    return () => clearTimeout(timer);
  }, [data, choices.use, subject, filter, needsSubject, periodWrong, countDelayMs]);

  const colleagues = (lists?.people ?? []).filter((person) => person.id !== personId);
  const subjectName = colleagues.find((person) => person.id === choices.subjectId)?.display_name ?? null;
  const defaultName = `${t(USE_KEYS[choices.use])}${choices.use === 'peer' && subjectName ? ` – ${subjectName}` : ''} ${formatDate(today, locale) ?? today}`;
  const shownName = name ?? defaultName;
  const size = Number.parseInt(sampleSize, 10);
  const sizeValid = Number.isInteger(size) && size >= 1 && size <= 500;
  const modalities = useMemo(() => {
    const all = new Set<string>();
    for (const station of lists?.stations ?? []) all.add(station.modality);
    for (const procedure of lists?.procedures ?? []) if (procedure.modality) all.add(procedure.modality);
    return [...all].sort();
  }, [lists]);
  const canStart =
    !needsSubject &&
    !periodProblem &&
    sizeValid &&
    shownName.trim() !== '' &&
    count.status === 'done' &&
    count.n > 0 &&
    start.status !== 'starting';

  const submit = async (): Promise<void> => {
    if (!canStart) return;
    setStart({ status: 'starting' });
    try {
      const result = await data.startEvaluation({
        use: choices.use,
        name: shownName.trim(),
        subjectPersonId: subject,
        filter,
        sampleSize: size,
        blind: offersBlind(choices.use) && blind,
      });
      setStart({ status: 'started', result });
      onStarted();
      // the whole sample was drawn: straight to the viewer; otherwise the page says how many first
      if (result.drawn > 0 && result.drawn === result.requested) data.openEvaluation(result.evaluationId);
    } catch (error) {
      setStart({ status: 'error', message: message(error) });
    }
  };

  return (
    <section className="iqs-card" data-iqs-section="start" aria-labelledby="iqs-start-title">
      <h2 id="iqs-start-title">{t('start.title')}</h2>
      {listError && (
        <p className="iqs-error" role="alert">
          {t('common.loadFailed')} {listError}
        </p>
      )}
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
      >
        <fieldset>
          <legend>{t('start.use')}</legend>
          <div className="iqs-uses" role="radiogroup" aria-label={t('start.use')}>
            {uses.map((use) => (
              <label key={use} className="iqs-use" data-iqs-use={use}>
                <input type="radio" name="iqs-use" value={use} checked={choices.use === use} onChange={() => set({ use })} />
                <span className="iqs-use-name">{t(USE_KEYS[use])}</span>
                <span className="iqs-use-help">{t(`start.useHelp.${use}` as MessageKey)}</span>
              </label>
            ))}
          </div>
        </fieldset>

        {choices.use === 'peer' && (
          <label className="iqs-field">
            {t('start.radiographer')}
            <select value={choices.subjectId} onChange={(event) => set({ subjectId: event.target.value })} required>
              <option value="">{t('start.chooseRadiographer')}</option>
              {colleagues.map((person) => (
                <option key={person.id} value={person.id}>
                  {person.display_name}
                </option>
              ))}
            </select>
          </label>
        )}

        {choices.use === 'quality' && (
          <label className="iqs-field">
            {t('start.group')}
            <select value={choices.group} onChange={(event) => set({ group: event.target.value })}>
              <option value="">{t('start.groupAny')}</option>
              {SERVICE_YEARS_BANDS.map((band) => (
                <option key={band} value={`band:${band}`}>
                  {translated(translator, 'start.groupBand', { band: t(`band.${band}` as MessageKey) })}
                </option>
              ))}
              {(lists?.groups ?? []).map((group) => (
                <option key={group.id} value={`group:${group.id}`}>
                  {group.name}
                </option>
              ))}
            </select>
          </label>
        )}

        <CheckList
          legend={t('start.procedures')}
          hint={t('start.noneIsAll')}
          chosen={choices.procedureIds}
          onChange={(procedureIds) => set({ procedureIds })}
          options={(lists?.procedures ?? []).map((p) => ({ value: p.id, label: procedureName(language, p) ?? p.code }))}
        />
        <CheckList
          legend={t('start.modalities')}
          hint={t('start.noneIsAll')}
          chosen={choices.modalities}
          onChange={(m) => set({ modalities: m })}
          options={modalities.map((m) => ({ value: m, label: m }))}
        />
        <CheckList
          legend={t('start.rooms')}
          hint={t('start.noneIsAll')}
          chosen={choices.stationIds}
          onChange={(stationIds) => set({ stationIds })}
          options={(lists?.stations ?? []).map((s) => ({ value: s.id, label: roomName(s) ?? s.station_name }))}
        />

        <fieldset>
          <legend>{t('start.period')}</legend>
          <div className="iqs-row">
            <label className="iqs-field">
              {t('start.from')}
              <input
                type="date"
                value={choices.from}
                max={choices.to || undefined}
                onChange={(event) => set({ from: event.target.value })}
                aria-invalid={(periodProblem !== null && (periodProblem.kind === 'order' || periodProblem.field === 'from')) || undefined}
                aria-describedby={periodProblem ? 'iqs-start-period-problem' : undefined}
                data-iqs-field="from"
              />
            </label>
            <label className="iqs-field">
              {t('start.to')}
              <input
                type="date"
                value={choices.to}
                min={choices.from || undefined}
                onChange={(event) => set({ to: event.target.value })}
                aria-invalid={(periodProblem !== null && (periodProblem.kind === 'order' || periodProblem.field === 'to')) || undefined}
                aria-describedby={periodProblem ? 'iqs-start-period-problem' : undefined}
                data-iqs-field="to"
              />
            </label>
          </div>
          {periodProblem && (
            <p className="iqs-e-date-error" id="iqs-start-period-problem" role="alert" data-iqs-problem={`period-${periodProblem.kind}`}>
              {periodProblem.kind === 'order'
                ? translated(translator, 'start.dateOrder', {
                    from: formatDate(choices.from, locale) ?? choices.from,
                    to: formatDate(choices.to, locale) ?? choices.to,
                  })
                : t('start.dateInvalid')}
            </p>
          )}
        </fieldset>

        <div className="iqs-row">
          <label className="iqs-field">
            {t('start.name')}
            <input type="text" value={shownName} onChange={(event) => setName(event.target.value)} maxLength={120} required />
          </label>
          <label className="iqs-field" style={{ flex: '0 1 110px' }}>
            {t('start.sampleSize')}
            <input
              type="number"
              min={1}
              max={500}
              step={1}
              value={sampleSize}
              onChange={(event) => setSampleSize(event.target.value)}
              aria-invalid={!sizeValid || undefined}
            />
          </label>
        </div>

        <fieldset>
          <legend>{t('start.options')}</legend>
          {choices.use !== 'self' && (
            <label className="iqs-check" style={{ display: 'flex' }} data-iqs-option="blind">
              <input
                type="checkbox"
                checked={offersBlind(choices.use) && blind}
                disabled={!offersBlind(choices.use)}
                aria-describedby={offersBlind(choices.use) ? undefined : 'iqs-start-blind-why'}
                onChange={(event) => setBlind(event.target.checked)}
              />
              {t('start.blind')}
            </label>
          )}
          {choices.use === 'peer' && (
            <p className="iqs-hint" id="iqs-start-blind-why" data-iqs-hint="blind">
              {t('start.blindNotForPeer')}
            </p>
          )}
          <label className="iqs-check" style={{ display: 'flex' }}>
            <input
              type="checkbox"
              checked={choices.excludeEvaluated}
              onChange={(event) => set({ excludeEvaluated: event.target.checked })}
            />
            {t('start.excludeEvaluated')}
          </label>
          <label className="iqs-check" style={{ display: 'flex' }}>
            <input type="checkbox" checked={choices.spread} onChange={(event) => set({ spread: event.target.checked })} />
            {t('start.spread')}
          </label>
        </fieldset>

        {/* no count while the period is wrong: the message under the dates says why */}
        {!periodProblem && <CountLine count={count} needsSubject={needsSubject} size={sizeValid ? size : null} translator={translator} />}

        <button type="submit" className="iqs-primary" disabled={!canStart} data-iqs-action="start">
          {start.status === 'starting' ? t('start.starting') : t('start.start')}
        </button>
        {start.status === 'error' && (
          <p className="iqs-error" role="alert">
            {t('start.failed')} {start.message}
          </p>
        )}
        {start.status === 'started' && (
          <div className="iqs-start-result" role="status" data-iqs-drawn={start.result.drawn}>
            <p>{translated(translator, 'start.started', { drawn: start.result.drawn, requested: start.result.requested })}</p>
            {start.result.drawn > 0 && (
              <button type="button" className="iqs-primary" onClick={() => data.openEvaluation(start.result.evaluationId)}>
                {t('start.begin')}
              </button>
            )}
          </div>
        )}
      </form>
    </section>
  );
}

function CountLine({
  count,
  needsSubject,
  size,
  translator,
}: {
  count: Count;
  needsSubject: boolean;
  size: number | null;
  translator: Translator;
}) {
  const { t } = translator;
  if (needsSubject) return <p className="iqs-count">{t('start.needRadiographer')}</p>;
  switch (count.status) {
    case 'idle':
    case 'counting':
      return (
        <p className="iqs-count" role="status" data-iqs-count="">
          {t('start.counting')}
        </p>
      );
    case 'error':
      return (
        <p className="iqs-count iqs-count-none" role="alert">
          {t('start.countFailed')} {count.message}
        </p>
      );
    case 'done': {
      const { n } = count;
      const series = count.detail ? seriesCountText(translator, count.detail, size) : null;
      const fewer = size !== null && n > 0 && n < size;
      return (
        <div className={`iqs-count${n === 0 ? ' iqs-count-none' : fewer ? ' iqs-count-fewer' : ''}`} role="status" data-iqs-count={n}>
          <strong data-iqs-count-series={count.detail?.series ?? 0}>
            {series ? series.matches : n === 1 ? t('start.matchesOne') : translated(translator, 'start.matches', { n })}
          </strong>
          {n === 0 && <p className="iqs-no-match">{t('start.noMatch')}</p>}
          {fewer && (
            <p className="iqs-fewer">{series?.fewer ?? translated(translator, n === 1 ? 'start.fewerOne' : 'start.fewer', { n, size })}</p>
          )}
          {series && <p className="iqs-s1-hint">{t('series.sampleHint')}</p>}
        </div>
      );
    }
  }
}
