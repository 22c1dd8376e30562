import { useEffect, useMemo, useState } from 'react';
import type { EvaluationFilter } from '@iqs/domain';
import type { Translator } from '../i18n/translator';
import { formatDate, translated } from '../ui/display';
import type { IqsPageData, IqsRole } from '../ports';
import {
  COVERAGE_TARGET_MAX,
  type CoverageCell,
  type CoverageData,
  type CoverageTargets,
  type PeerReviewCoverageRow,
} from './coveragePorts';

/** The sample a self-evaluation from the plan asks for (fewer when fewer images are there to draw from). */
export const PLAN_SAMPLE_SIZE = 10;
/** The years the chooser offers: this one and the four before. */
const YEARS_BACK = 4;

export interface CoverageSectionProps {
  readonly coverage: CoverageData;
  /** starting a self-evaluation and opening it in the viewer; null: the buttons are not offered */
  readonly data: IqsPageData | null;
  readonly role: IqsRole;
  readonly personId: string;
  readonly siteId: string;
  readonly translator: Translator;
  /** today (YYYY-MM-DD): the year shown first, and the only year whose plan starts self-evaluations */
  readonly today: string;
}

type Loaded = {
  readonly matrix: readonly CoverageCell[];
  readonly peers: readonly PeerReviewCoverageRow[];
  readonly targets: CoverageTargets;
};
type Load = { status: 'loading' } | { status: 'ready'; year: number; loaded: Loaded } | { status: 'error'; message: string };
type Starting = { procedureId: string; status: 'starting' } | { procedureId: string; status: 'error'; message: string } | null;

const message = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** Everyone in the site sees the whole matrix only as a quality officer or admin (the database says so too). */
export const seesDepartment = (role: IqsRole): boolean => role === 'quality_officer' || role === 'admin';

/** The self-evaluation the plan asks for: one's own accepted images of that examination in that year. */
export function planFilter(personId: string, procedureId: string, year: number, excludeEvaluated: boolean): EvaluationFilter {
  return {
    operator_person_id: personId,
    procedure_ids: [procedureId],
    from: `${year}-01-01`,
    to: `${year}-12-31`,
    exclude_evaluated: excludeEvaluated,
    spread_over_procedures: false,
  };
}

/** A number of the targets form: a whole number 0..52, else null. */
export function parseTarget(text: string): number | null {
  if (!/^\s*\d{1,2}\s*$/.test(text)) return null;
  const n = Number.parseInt(text, 10);
  return n >= 0 && n <= COVERAGE_TARGET_MAX ? n : null;
}

const procedureName = (cell: Pick<CoverageCell, 'procedure_name_nl' | 'procedure_name_en' | 'procedure_code'>, language: string): string =>
  (language === 'nl' ? cell.procedure_name_nl : cell.procedure_name_en) || cell.procedure_code;

/**
 * The yearly coverage plan on /iqs: a radiographer or reviewer sees their own year (each examination they made,
 * self-evaluations done of the target, a button that starts the right self-evaluation, whether a peer review is
 * due); a quality officer or admin sees the matrix radiographer × examination, who is due for a peer review, and
 * the department's targets, which they may change.
 */
export function CoverageSection({ coverage, data, role, personId, siteId, translator, today }: CoverageSectionProps) {
  const { t } = translator;
  const thisYear = Number.parseInt(today.slice(0, 4), 10);
  const [year, setYear] = useState(thisYear);
  const [reload, setReload] = useState(0);
  const [load, setLoad] = useState<Load>({ status: 'loading' });
  const department = seesDepartment(role);

  useEffect(() => {
    let gone = false;
    // the same year again (after saving the targets): the figures stay on screen until the new ones are there
    setLoad((current) => (current.status === 'ready' && current.year === year ? current : { status: 'loading' }));
    const from = `${year}-01-01`;
    const to = `${year}-12-31`;
    Promise.all([coverage.coverageMatrix(from, to), coverage.peerReviewCoverage(from, to), coverage.coverageTargets()])
      .then(([matrix, peers, targets]) => {
        if (!gone) setLoad({ status: 'ready', year, loaded: { matrix, peers, targets } });
      })
      .catch((error: unknown) => {
        if (!gone) setLoad({ status: 'error', message: message(error) });
      });
    return () => {
      gone = true;
    };
  }, [coverage, year, reload]);

  const years = Array.from({ length: YEARS_BACK + 1 }, (_, i) => thisYear - i);
  return (
    <section
      className="iqs-card iqs-card-wide iqs-coverage"
      data-iqs-section="coverage"
      // the year whose figures are on screen (empty while they load): the chooser changes before they do
      data-iqs-coverage-shown={load.status === 'ready' ? String(load.year) : ''}
      aria-labelledby="iqs-coverage-title"
    >
      <h2 id="iqs-coverage-title">{t('coverage.title')}</h2>
      <p className="iqs-muted">{t(department ? 'coverage.introAll' : 'coverage.introOwn')}</p>
      <label className="iqs-field iqs-coverage-year">
        {t('coverage.year')}
        <select value={year} onChange={(event) => setYear(Number(event.target.value))} data-iqs-coverage="year">
          {years.map((y) => (
            <option key={y} value={y}>
              {y}
            </option>
          ))}
        </select>
      </label>
      {load.status === 'loading' && <p className="iqs-muted">{t('coverage.loading')}</p>}
      {load.status === 'error' && (
        <p className="iqs-error" role="alert">
          {t('common.loadFailed')} {load.message}
        </p>
      )}
      {load.status === 'ready' && (
        <>
          <TargetsLine targets={load.loaded.targets} translator={translator} />
          {department ? (
            <DepartmentYear loaded={load.loaded} year={load.year} translator={translator} />
          ) : (
            <OwnYear
              loaded={load.loaded}
              year={load.year}
              // this year only: a self-evaluation counts in the year it is closed (migration 34, README), so one
              // started from a past year's plan would not tick that year's row
              canStart={load.year === thisYear && data !== null}
              data={data}
              personId={personId}
              translator={translator}
            />
          )}
          {department && (
            <TargetsForm
              targets={load.loaded.targets}
              translator={translator}
              onSave={async (targets) => {
                await coverage.setCoverageTargets(siteId, targets);
                setReload((n) => n + 1);
              }}
            />
          )}
        </>
      )}
    </section>
  );
}

function TargetsLine({ targets, translator }: { targets: CoverageTargets; translator: Translator }) {
  return (
    <p className="iqs-coverage-targets-line" data-iqs-coverage="targets">
      {translated(translator, 'coverage.targetsLine', {
        self: targets.selfEvaluationsPerProcedure,
        peer: targets.peerReviewsPerRadiographer,
      })}{' '}
      {targets.isDefault && <span className="iqs-muted">{translator.t('coverage.targetsDefault')}</span>}
    </p>
  );
}

function OwnYear({
  loaded,
  year,
  canStart,
  data,
  personId,
  translator,
}: {
  loaded: Loaded;
  year: number;
  canStart: boolean;
  data: IqsPageData | null;
  personId: string;
  translator: Translator;
}) {
  const { t, language } = translator;
  const [starting, setStarting] = useState<Starting>(null);
  const cells = useMemo(
    () =>
      loaded.matrix
        .filter((c) => c.person_id === personId)
        .sort((a, b) => procedureName(a, language).localeCompare(procedureName(b, language))),
    [loaded.matrix, personId, language],
  );
  const peer = loaded.peers.find((p) => p.person_id === personId) ?? null;

  const start = async (cell: CoverageCell): Promise<void> => {
    if (!data || starting?.status === 'starting') return;
    setStarting({ procedureId: cell.procedure_id, status: 'starting' });
    try {
      // images not self-evaluated before first; when every one has been, any of them
      let filter = planFilter(personId, cell.procedure_id, year, true);
      let available = await data.countCandidates('self', personId, filter);
      if (available === 0) {
        filter = planFilter(personId, cell.procedure_id, year, false);
        available = await data.countCandidates('self', personId, filter);
      }
      if (available === 0) {
        setStarting({
          procedureId: cell.procedure_id,
          status: 'error',
          message: translated(translator, 'coverage.noCandidates', { year }),
        });
        return;
      }
      const result = await data.startEvaluation({
        use: 'self',
        name: translated(translator, 'coverage.evaluationName', { procedure: procedureName(cell, language), year }),
        subjectPersonId: personId,
        filter,
        sampleSize: Math.min(PLAN_SAMPLE_SIZE, available),
        blind: false,
      });
      setStarting(null);
      data.openEvaluation(result.evaluationId);
    } catch (error) {
      setStarting({ procedureId: cell.procedure_id, status: 'error', message: `${t('coverage.startFailed')} ${message(error)}` });
    }
  };

  return (
    <div className="iqs-coverage-own">
      {cells.length === 0 ? (
        <p className="iqs-muted">{translated(translator, 'coverage.noneOwn', { year })}</p>
      ) : (
        <table className="iqs-table iqs-coverage-own-table">
          <thead>
            <tr>
              <th scope="col">{t('coverage.procedure')}</th>
              <th scope="col" className="iqs-num">
                {t('coverage.images')}
              </th>
              <th scope="col" className="iqs-num">
                {t('coverage.selfEvaluations')}
              </th>
              <th scope="col">{t('coverage.status')}</th>
              <th scope="col">
                <span className="iqs-sr-only">{t('coverage.start')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {cells.map((cell) => (
              <tr
                key={cell.procedure_id}
                data-iqs-coverage-procedure={cell.procedure_code}
                data-iqs-coverage-covered={String(cell.covered)}
              >
                <th scope="row">{procedureName(cell, language)}</th>
                <td className="iqs-num">{cell.performed}</td>
                <td className="iqs-num">
                  {translated(translator, 'coverage.doneOf', { done: cell.self_evaluations, target: cell.target })}
                </td>
                <td className={cell.covered ? 'iqs-coverage-done' : 'iqs-coverage-todo'}>
                  {cell.covered ? `✓ ${t('coverage.done')}` : `! ${t('coverage.toDo')}`}
                </td>
                <td>
                  {!cell.covered && canStart && (
                    <button
                      type="button"
                      className="iqs-coverage-start"
                      disabled={starting?.status === 'starting'}
                      onClick={() => void start(cell)}
                    >
                      {starting?.status === 'starting' && starting.procedureId === cell.procedure_id
                        ? t('coverage.starting')
                        : t('coverage.start')}
                    </button>
                  )}
                  {starting?.status === 'error' && starting.procedureId === cell.procedure_id && (
                    <p className="iqs-error" role="alert">
                      {starting.message}
                    </p>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {!canStart && cells.some((c) => !c.covered) && data && <p className="iqs-muted">{t('coverage.pastYear')}</p>}
      <p className={peer?.due ? 'iqs-coverage-peer-own iqs-coverage-todo' : 'iqs-coverage-peer-own'} data-iqs-coverage="peer-own">
        {peer
          ? translated(translator, peer.due ? 'coverage.peerOwnDue' : 'coverage.peerOwnDone', {
              done: peer.peer_reviews,
              target: peer.target,
              year,
            })
          : translated(translator, 'coverage.peerOwnNotInScope', { year })}
      </p>
    </div>
  );
}

function DepartmentYear({ loaded, year, translator }: { loaded: Loaded; year: number; translator: Translator }) {
  const { t, language, locale } = translator;
  const procedures = useMemo(() => {
    const byId = new Map<string, CoverageCell>();
    for (const cell of loaded.matrix) if (!byId.has(cell.procedure_id)) byId.set(cell.procedure_id, cell);
    return [...byId.values()].sort((a, b) => a.procedure_code.localeCompare(b.procedure_code));
  }, [loaded.matrix]);
  const people = useMemo(() => {
    const byId = new Map<string, string>();
    for (const row of loaded.peers) byId.set(row.person_id, row.display_name);
    for (const cell of loaded.matrix) if (!byId.has(cell.person_id)) byId.set(cell.person_id, cell.display_name);
    return [...byId.entries()].map(([id, name]) => ({ id, name })).sort((a, b) => a.name.localeCompare(b.name, locale));
  }, [loaded, locale]);
  const cellOf = useMemo(() => new Map(loaded.matrix.map((c) => [`${c.person_id}|${c.procedure_id}`, c])), [loaded.matrix]);
  const due = loaded.peers.filter((p) => p.due).length;

  if (people.length === 0) return <p className="iqs-muted">{translated(translator, 'coverage.noneInScope', { year })}</p>;
  return (
    <div className="iqs-coverage-department">
      {procedures.length === 0 ? (
        <p className="iqs-muted">{translated(translator, 'coverage.noneAll', { year })}</p>
      ) : (
        <div className="iqs-table-scroll">
          <table className="iqs-table iqs-coverage-matrix" data-iqs-coverage="matrix">
            <caption className="iqs-muted">{t('coverage.matrixCaption')}</caption>
            <thead>
              <tr>
                <th scope="col" className="iqs-coverage-name">
                  {t('coverage.radiographer')}
                </th>
                {procedures.map((p) => (
                  <th key={p.procedure_id} scope="col" className="iqs-coverage-procedure" title={procedureName(p, language)}>
                    {procedureName(p, language)}
                  </th>
                ))}
                <th scope="col" className="iqs-num">
                  {t('coverage.status')}
                </th>
              </tr>
            </thead>
            <tbody>
              {people.map((person) => {
                const own = procedures.map((p) => cellOf.get(`${person.id}|${p.procedure_id}`) ?? null);
                const performed = own.filter((c): c is CoverageCell => c !== null);
                return (
                  <tr key={person.id} data-iqs-coverage-person={person.id}>
                    <th scope="row" className="iqs-coverage-name">
                      {person.name}
                    </th>
                    {own.map((cell, i) => {
                      const procedure = procedures[i] as CoverageCell;
                      if (!cell)
                        return (
                          <td
                            key={procedure.procedure_id}
                            className="iqs-coverage-cell iqs-coverage-none"
                            data-iqs-coverage-cell={procedure.procedure_code}
                            data-iqs-coverage-state="not_performed"
                            title={`${person.name}, ${procedureName(procedure, language)}: ${t('coverage.notPerformed')}`}
                          >
                            –
                          </td>
                        );
                      const title = translated(translator, 'coverage.cellTitle', {
                        name: person.name,
                        procedure: procedureName(cell, language),
                        images: cell.performed,
                        done: cell.self_evaluations,
                        target: cell.target,
                      });
                      return (
                        <td
                          key={cell.procedure_id}
                          className={`iqs-coverage-cell ${cell.covered ? 'iqs-coverage-done' : 'iqs-coverage-todo'}`}
                          data-iqs-coverage-cell={cell.procedure_code}
                          data-iqs-coverage-state={cell.covered ? 'covered' : 'to_do'}
                          title={title}
                          aria-label={title}
                        >
                          {cell.covered ? '✓' : '!'} {cell.self_evaluations}/{cell.target}
                          <span className="iqs-coverage-images"> ({cell.performed})</span>
                        </td>
                      );
                    })}
                    <td className="iqs-num">
                      {translated(translator, 'coverage.summary', {
                        covered: performed.filter((c) => c.covered).length,
                        total: performed.length,
                      })}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          <p className="iqs-muted iqs-coverage-legend">{t('coverage.legend')}</p>
        </div>
      )}

      <h3>{t('coverage.peerTitle')}</h3>
      <p data-iqs-coverage="due-count">{translated(translator, 'coverage.dueCount', { due, total: loaded.peers.length })}</p>
      <table className="iqs-table iqs-coverage-peers" data-iqs-coverage="peers">
        <thead>
          <tr>
            <th scope="col">{t('coverage.radiographer')}</th>
            <th scope="col" className="iqs-num">
              {translated(translator, 'coverage.peerReviews', { year })}
            </th>
            <th scope="col">{t('coverage.lastReview')}</th>
            <th scope="col">{t('coverage.status')}</th>
          </tr>
        </thead>
        <tbody>
          {[...loaded.peers]
            .sort((a, b) => Number(b.due) - Number(a.due) || a.display_name.localeCompare(b.display_name, locale))
            .map((row) => (
              <tr
                key={row.person_id}
                data-iqs-coverage-peer={row.person_id}
                data-iqs-coverage-due={String(row.due)}
                className={row.due ? 'iqs-coverage-due' : ''}
              >
                <th scope="row">{row.display_name}</th>
                <td className="iqs-num">{translated(translator, 'coverage.doneOf', { done: row.peer_reviews, target: row.target })}</td>
                <td>{row.last_review ? formatDate(row.last_review, locale) : t('coverage.never')}</td>
                <td className={row.due ? 'iqs-coverage-todo' : 'iqs-coverage-done'}>
                  {row.due ? `! ${t('coverage.peerDue')}` : `✓ ${t('coverage.peerDone')}`}
                </td>
              </tr>
            ))}
        </tbody>
      </table>
    </div>
  );
}

type Save = { status: 'idle' } | { status: 'saving' } | { status: 'saved' } | { status: 'error'; message: string };

function TargetsForm({
  targets,
  translator,
  onSave,
}: {
  targets: CoverageTargets;
  translator: Translator;
  onSave: (targets: { selfEvaluationsPerProcedure: number; peerReviewsPerRadiographer: number }) => Promise<void>;
}) {
  const { t, locale } = translator;
  const [self, setSelf] = useState(String(targets.selfEvaluationsPerProcedure));
  const [peer, setPeer] = useState(String(targets.peerReviewsPerRadiographer));
  const [save, setSave] = useState<Save>({ status: 'idle' });
  const selfValue = parseTarget(self);
  const peerValue = parseTarget(peer);

  const submit = async (): Promise<void> => {
    if (selfValue === null || peerValue === null || save.status === 'saving') return;
    setSave({ status: 'saving' });
    try {
      await onSave({ selfEvaluationsPerProcedure: selfValue, peerReviewsPerRadiographer: peerValue });
      setSave({ status: 'saved' });
    } catch (error) {
      setSave({ status: 'error', message: message(error) });
    }
  };

  return (
    <form
      className="iqs-coverage-targets"
      data-iqs-coverage="targets-form"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
    >
      <h3>{t('coverage.targetsTitle')}</h3>
      {targets.updatedAt && (
        <p className="iqs-muted">
          {translated(translator, 'coverage.updated', { date: formatDate(targets.updatedAt, locale) ?? targets.updatedAt })}
        </p>
      )}
      <div className="iqs-row">
        <label className="iqs-field">
          {t('coverage.targetSelf')}
          <input
            type="number"
            min={0}
            max={COVERAGE_TARGET_MAX}
            step={1}
            value={self}
            aria-invalid={selfValue === null}
            data-iqs-coverage="target-self"
            onChange={(event) => {
              setSelf(event.target.value);
              setSave({ status: 'idle' });
            }}
          />
          {selfValue === null && (
            <span className="iqs-error" role="alert">
              {t('coverage.targetInvalid')}
            </span>
          )}
        </label>
        <label className="iqs-field">
          {t('coverage.targetPeer')}
          <input
            type="number"
            min={0}
            max={COVERAGE_TARGET_MAX}
            step={1}
            value={peer}
            aria-invalid={peerValue === null}
            data-iqs-coverage="target-peer"
            onChange={(event) => {
              setPeer(event.target.value);
              setSave({ status: 'idle' });
            }}
          />
          {peerValue === null && (
            <span className="iqs-error" role="alert">
              {t('coverage.targetInvalid')}
            </span>
          )}
        </label>
      </div>
      <button type="submit" disabled={selfValue === null || peerValue === null || save.status === 'saving'}>
        {save.status === 'saving' ? t('coverage.saving') : t('coverage.save')}
      </button>
      {save.status === 'saved' && <p role="status">{t('coverage.saved')}</p>}
      {save.status === 'error' && (
        <p className="iqs-error" role="alert">
          {t('coverage.saveFailed')} {save.message}
        </p>
      )}
    </form>
  );
}
