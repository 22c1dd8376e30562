/**
 * The department's row of a radiographer's statistics (issue 12: "a radiographer sees their own figures next to the
 * department's, never a colleague's by name"), on both engines. By radiographer (and by group) anyone but a quality
 * officer or admin gets their own row (key: their person id) and the department's (key null). The department's row
 * is the department's finished work, the same for everyone who asks: every answer in the site that the filter
 * selects, of a quality analysis (open or closed) or a closed peer review — the results that reach the people whose
 * images they are about (privacy rule c) — and never a self-evaluation (rule b: it is its evaluator's) nor a peer
 * review still open. So, with a filter on quality analyses, it equals the quality officer's department total.
 * Expectations are computed from the raw rows (service role), and compared with the quality officer's figures.
 */
import type { SupabaseClient } from '@supabase/supabase-js';
import { DEMO_PEOPLE } from '@iqs/demo-department';
import { ENGINES } from '../../../test/support/engines';
import {
  answerMet,
  countsForShare,
  auditEntries,
  JURGEN,
  rawRows,
  scoreAll,
  startEvaluation,
  startEvaluationWorld,
  type Criterion,
  type EvaluationWorld,
  type RawRows,
} from './evaluationFixtures';

jest.setTimeout(300_000);

const PETRA = DEMO_PEOPLE.petra.personId;
const DAAN = DEMO_PEOPLE.daan.personId;
const ANNA = DEMO_PEOPLE.anna.personId;
const COLLEAGUES = ['Daan Smit', 'Jürgen Müller', 'Fatima Mulder', 'Anna de Vries', 'Petra Jansen'];

interface Row {
  period_start: string | null;
  group_key: string | null;
  group_label: string | null;
  criterion_code: string;
  answered: number;
  met: number;
}

/** per period and criterion: answered and met (the labels and shares follow from these) */
type Tallies = Record<string, { answered: number; met: number }>;

const tallies = (rows: Row[]): Tallies => {
  const out: Tallies = {};
  for (const r of rows) {
    const id = `${r.period_start}|${r.criterion_code}`;
    const t = out[id] ?? { answered: 0, met: 0 };
    t.answered += r.answered;
    t.met += r.met;
    out[id] = t;
  }
  return out;
};
const total = (t: Tallies) => Object.values(t).reduce((n, x) => n + x.answered, 0);

describe.each(ENGINES)('the department’s row of the statistics on %s', (engine) => {
  let world: EvaluationWorld;
  let thorax: string;
  const ev: Record<'quality' | 'qualityClosed' | 'peerPetra' | 'peerDaan' | 'petraSelf' | 'daanSelf', string> = {} as never;

  const statistics = async (client: SupabaseClient, dimension: string, period: string, filter: object): Promise<Row[]> => {
    const { data, error } = await client.rpc('score_statistics', { dimension, period, filter });
    if (error) throw new Error(`score_statistics: ${error.code} ${error.message}`);
    return data as Row[];
  };
  /** a caller's department row (key null) by radiographer */
  const department = async (client: SupabaseClient, period: string, filter: object): Promise<Tallies> =>
    tallies((await statistics(client, 'radiographer', period, filter)).filter((r) => r.group_key === null));
  /** the quality officer's total: every answer the filter selects, by criterion (key null) */
  const officersTotal = async (period: string, filter: object): Promise<Tallies> =>
    tallies(await statistics(world.as.fatima, 'criterion', period, filter));

  /** The department's row computed from the raw rows: finished work (quality analyses, closed peer reviews). */
  const expectedDepartment = (raw: RawRows, period: 'all' | 'month', filter: { use?: string; from?: string; to?: string }): Tallies => {
    const evaluations = new Map(raw.evaluations.map((e) => [e.id, e]));
    const items = new Map(raw.items.map((i) => [i.id, i]));
    const images = new Map(raw.images.map((i) => [i.id, i]));
    const criteria = new Map(world.catalogue.criteria.map((c) => [c.id, c]));
    const out: Tallies = {};
    for (const s of raw.scores) {
      const item = items.get(s.evaluation_item_id) as RawRows['items'][number];
      const evaluation = evaluations.get(item.evaluation_id) as RawRows['evaluations'][number];
      const image = images.get(item.image_id) as RawRows['images'][number];
      const criterion = criteria.get(s.criterion_id) as Criterion;
      if (item.state === 'skipped' || !countsForShare(criterion.kind, criterion.options, s.value)) continue;
      if (!(evaluation.use === 'quality' || (evaluation.use === 'peer' && evaluation.status === 'closed'))) continue;
      if (filter.use && evaluation.use !== filter.use) continue;
      if (filter.from && (image.study_date ?? '') < filter.from) continue;
      if (filter.to && (image.study_date ?? '9999') > filter.to) continue;
      const start = period === 'all' ? null : `${(image.study_date as string).slice(0, 7)}-01`;
      const id = `${start}|${criterion.code}`;
      const t = out[id] ?? { answered: 0, met: 0 };
      const met = answerMet(criterion.kind, criterion.options, s.value);
      if (met !== null) t.answered += 1;
      if (met === true) t.met += 1;
      out[id] = t;
    }
    // a criterion whose answers were all not applicable has a row with nothing answered
    return out;
  };

  beforeAll(async () => {
    world = await startEvaluationWorld(engine);
    thorax = world.catalogue.procedures['thorax'] as string;
    const operators = [[PETRA], [DAAN], [PETRA, DAAN], [JURGEN], [DAAN], [PETRA]];
    await world.addImages(
      Array.from({ length: 48 }, (_, i) => ({
        operators: operators[i % operators.length] as string[],
        procedure: i % 3 === 0 ? 'knie' : 'thorax',
        view: 'PA',
        date: new Date(Date.UTC(2025, 2, 1 + i)).toISOString().slice(0, 10),
      })),
    );
    const start = async (client: SupabaseClient, use: 'self' | 'peer' | 'quality', subject: string | null, n: number, seed: number) =>
      (
        await startEvaluation(client, {
          use,
          subject_person_id: subject,
          filter: { from: '2025-03-01', to: '2025-04-30' },
          sample_size: n,
          seed,
        })
      ).evaluation_id;
    // a quality analysis left open, one closed; a review of Petra closed, one of Daan open; two self-evaluations
    ev.quality = await start(world.as.fatima, 'quality', null, 12, 1);
    await scoreAll(world, world.as.fatima, ev.quality, 301, { skip: (p) => p === 3 });
    ev.qualityClosed = await start(world.as.fatima, 'quality', null, 10, 2);
    await scoreAll(world, world.as.fatima, ev.qualityClosed, 302);
    ev.peerPetra = await start(world.as.anna, 'peer', PETRA, 6, 3);
    await scoreAll(world, world.as.anna, ev.peerPetra, 303);
    ev.peerDaan = await start(world.as.anna, 'peer', DAAN, 6, 4);
    await scoreAll(world, world.as.anna, ev.peerDaan, 304);
    ev.petraSelf = await start(world.as.petra, 'self', null, 6, 5);
    await scoreAll(world, world.as.petra, ev.petraSelf, 305);
    ev.daanSelf = await start(world.as.daan, 'self', null, 6, 6);
    await scoreAll(world, world.as.daan, ev.daanSelf, 306);
    for (const [client, id] of [
      [world.as.fatima, ev.qualityClosed],
      [world.as.anna, ev.peerPetra],
      [world.as.daan, ev.daanSelf],
    ] as const) {
      const closed = await client.rpc('close_evaluation', { evaluation: id });
      if (closed.error) throw new Error(`close_evaluation: ${closed.error.message}`);
    }
  });

  afterAll(async () => {
    await world?.env.close();
  });

  it('Petra’s department row equals the quality officer’s department total for the same filter (quality analyses)', async () => {
    for (const filter of [
      { use: 'quality' },
      { use: 'quality', from: '2025-03-10', to: '2025-04-05' },
      { use: 'quality', procedure_ids: [thorax] },
    ]) {
      for (const period of ['all', 'month']) {
        const officer = await officersTotal(period, filter);
        expect(total(officer)).toBeGreaterThan(0);
        for (const [who, client] of [
          ['petra', world.as.petra],
          ['daan', world.as.daan],
          ['anna', world.as.anna],
        ] as const) {
          expect({ who, filter, period, department: await department(client, period, filter) }).toEqual({
            who,
            filter,
            period,
            department: officer,
          });
        }
      }
    }
    // it counts colleagues' images too: more than Petra's own row
    const rows = await statistics(world.as.petra, 'radiographer', 'all', { use: 'quality' });
    const own = total(tallies(rows.filter((r) => r.group_key === PETRA)));
    expect(total(tallies(rows.filter((r) => r.group_key === null)))).toBeGreaterThan(own);
  });

  it('counts finished work only: quality analyses and closed peer reviews, no self-evaluation, no review still open', async () => {
    const raw = await rawRows(world.service);
    expect(raw.evaluations.find((e) => e.id === ev.peerDaan)?.status).toBe('open');
    expect(raw.evaluations.find((e) => e.id === ev.daanSelf)?.status).toBe('closed');
    for (const filter of [{}, { use: 'peer' }, { from: '2025-03-01', to: '2025-03-20' }]) {
      const expected = expectedDepartment(raw, 'month', filter);
      expect(total(expected)).toBeGreaterThan(0);
      for (const [who, client] of [
        ['petra', world.as.petra],
        ['daan', world.as.daan],
      ] as const) {
        expect({ who, filter, department: await department(client, 'month', filter) }).toEqual({ who, filter, department: expected });
      }
    }
    // self-evaluations are their evaluators': no department row of them (Petra's own row keeps hers)
    const self = await statistics(world.as.petra, 'radiographer', 'all', { use: 'self' });
    expect(self.filter((r) => r.group_key === null)).toEqual([]);
    expect(self.filter((r) => r.group_key === PETRA).length).toBeGreaterThan(0);
  });

  it('by group: the department’s row only, the same figures', async () => {
    for (const filter of [{ use: 'quality' }, {}]) {
      const rows = await statistics(world.as.daan, 'group', 'all', filter);
      expect(new Set(rows.map((r) => r.group_key))).toEqual(new Set([null]));
      expect(tallies(rows)).toEqual(await department(world.as.petra, 'all', filter));
    }
    expect(tallies(await statistics(world.as.daan, 'group', 'all', { use: 'quality' }))).toEqual(
      await officersTotal('all', { use: 'quality' }),
    );
  });

  it('never names a colleague, whatever the filter', async () => {
    for (const [who, client, me, name] of [
      ['petra', world.as.petra, PETRA, 'Petra Jansen'],
      ['daan', world.as.daan, DAAN, 'Daan Smit'],
      ['anna', world.as.anna, ANNA, 'Anna de Vries'],
    ] as const) {
      for (const filter of [{}, { use: 'quality' }, { use: 'peer' }, { procedure_ids: [thorax] }]) {
        for (const dimension of ['radiographer', 'group']) {
          const rows = await statistics(client, dimension, 'month', filter);
          for (const r of rows) {
            expect({ who, dimension, key: r.group_key }).toEqual({
              who,
              dimension,
              key: dimension === 'radiographer' && r.group_key === me ? me : null,
            });
            expect({ who, dimension, label: r.group_label }).toEqual({
              who,
              dimension,
              label: dimension === 'radiographer' && r.group_key === me ? name : null,
            });
          }
          for (const colleague of COLLEAGUES.filter((c) => c !== name)) expect(rows.map((r) => r.group_label)).not.toContain(colleague);
        }
      }
    }
  });

  it('reading the department’s row is written to the audit log with the answers and evaluations it counted', async () => {
    const raw = await rawRows(world.service);
    const quality = new Set([ev.quality, ev.qualityClosed]);
    const criteriaById = new Map(world.catalogue.criteria.map((c) => [c.id, c]));
    const items = new Map(raw.items.map((i) => [i.id, i]));
    const counted = raw.scores.filter((s) => {
      const item = items.get(s.evaluation_item_id) as RawRows['items'][number];
      return (
        quality.has(item.evaluation_id) &&
        item.state !== 'skipped' &&
        countsForShare(criteriaById.get(s.criterion_id)?.kind ?? 'comment', criteriaById.get(s.criterion_id)?.options, s.value)
      );
    });
    const before = (await auditEntries(world.service, 'scores.read')).length;
    await statistics(world.as.petra, 'radiographer', 'all', { use: 'quality' });
    const entries = (await auditEntries(world.service, 'scores.read')).slice(before);
    expect(
      entries.map((e) => ({
        actor: e.actor_id,
        function: e.details['function'],
        scores: e.details['scores'],
        evaluations: e.details['evaluation_ids'],
      })),
    ).toEqual([{ actor: PETRA, function: 'score_statistics', scores: counted.length, evaluations: [...quality].sort() }]);
  });
});
