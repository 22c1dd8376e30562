/**
 * The visitatie indicators (migration 36) on both engines. Every indicator's numerator, denominator and value is
 * compared with a computation written here, in plain TypeScript, from the raw rows read through the service role
 * (images, operators, rejects, reasons, evaluations, items, scores, criteria, quality actions, the site's DRN values),
 * never by asking the SQL under test. The fixture has the edge cases: a period without anything (denominators 0,
 * values null), a first period whose previous period is empty, actions on time, late, still open and cancelled, an
 * open evaluation and a skipped image (not counted), self-evaluations (not in the criteria share), mammography, CT
 * and a test/QC reject (not in the reject rate), a child and rejected doses (not in the dose medians), a room with
 * too few doses, a procedure without a DRN, and another site with images, rejects and actions (never counted).
 * Visibility: a radiographer gets the department's figures (the same as the service role's), without a name or a
 * person id; anon and _for_site as a signed-in person are refused.
 */
import type { SupabaseClient } from '@supabase/supabase-js';
import { DEMO_PEOPLE, DEMO_SITE_ID } from '@iqs/demo-department';
import { QUALITY_INDICATOR_IDS, type QualityIndicatorId } from '@iqs/domain';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ENGINES } from '../../../test/support/engines';
import { run } from '../../src/cli/main';
import {
  answerMet,
  countsForShare,
  JURGEN,
  scoreAll,
  startEvaluation,
  startEvaluationWorld,
  type Criterion,
  type EvaluationWorld,
} from './evaluationFixtures';

jest.setTimeout(600_000);

const PETRA = DEMO_PEOPLE.petra.personId;
const DAAN = DEMO_PEOPLE.daan.personId;
const FATIMA = DEMO_PEOPLE.fatima.personId;
const OTHER_SITE = 'a0000000-0000-4000-8000-0000000000ff';
const OTHER_PERSON = 'b0000000-0000-4000-8000-0000000000ff';

interface Row {
  indicator: string;
  period: string;
  period_from: string;
  period_to: string;
  numerator: number | null;
  denominator: number | null;
  value: number | null;
}

interface Raw {
  images: Array<{
    id: string;
    site_id: string;
    study_date: string | null;
    procedure_id: string | null;
    view_position: string | null;
    modality: string | null;
    station_name: string | null;
    patient_age_years: number | null;
    dap_gy_cm2: number | null;
    rejected: boolean;
    iocm_title: string | null;
  }>;
  operators: Array<{ image_id: string; person_id: string | null }>;
  people: Array<{ id: string; site_id: string; active: boolean; display_name: string }>;
  rejects: Array<{ image_id: string; reason_id: string }>;
  reasons: Array<{ id: string; counts_as_reject: boolean }>;
  evaluations: Array<{
    id: string;
    site_id: string;
    use: string;
    status: string;
    closed_at: string | null;
    evaluator_id: string;
    subject_person_id: string | null;
  }>;
  items: Array<{ id: string; evaluation_id: string; image_id: string; state: string }>;
  scores: Array<{ evaluation_item_id: string; criterion_id: string; value: string | null }>;
  criteria: Array<Pick<Criterion, 'id' | 'kind' | 'options'>>;
  actions: Array<{ site_id: string; due_date: string; state: string; completed_at: string | null }>;
  drls: Array<{
    site_id: string;
    procedure_id: string | null;
    quantity: string;
    view_position: string | null;
    drl_value: number;
    target_value: number | null;
    valid_from: string;
    valid_to: string | null;
  }>;
  procedures: Array<{ id: string; reference_exam: string | null }>;
  targets: Array<{ site_id: string; self_evaluations_per_procedure: number; peer_reviews_per_radiographer: number }>;
  minImages: number;
}

async function readRaw(service: SupabaseClient): Promise<Raw> {
  const all = async <T>(table: string, columns: string, order: string): Promise<T[]> => {
    const out: T[] = [];
    for (let offset = 0; ; offset += 1000) {
      const { data, error } = await service
        .from(table)
        .select(columns)
        .order(order)
        .range(offset, offset + 999);
      if (error) throw new Error(`${table}: ${error.message}`);
      out.push(...(data as T[]));
      if ((data as T[]).length < 1000) return out;
    }
  };
  const site = await service.from('sites').select('dose_min_images').eq('id', DEMO_SITE_ID).single();
  if (site.error) throw new Error(site.error.message);
  return {
    images: await all(
      'images',
      'id, site_id, study_date, procedure_id, view_position, modality, station_name, patient_age_years, dap_gy_cm2, rejected, iocm_title',
      'id',
    ),
    operators: await all('image_operators', 'image_id, position, person_id', 'image_id'),
    people: await all('people', 'id, site_id, active, display_name', 'id'),
    rejects: await all('rejects', 'image_id, reason_id', 'image_id'),
    reasons: await all('reject_reasons', 'id, counts_as_reject', 'id'),
    evaluations: await all('evaluations', 'id, site_id, use, status, closed_at, evaluator_id, subject_person_id', 'id'),
    items: await all('evaluation_items', 'id, evaluation_id, image_id, state', 'id'),
    scores: await all('scores', 'id, evaluation_item_id, criterion_id, value', 'id'),
    criteria: await all('scoring_criteria', 'id, kind, options', 'id'),
    actions: await all('quality_actions', 'id, site_id, due_date, state, completed_at', 'id'),
    drls: await all('drls', 'id, site_id, procedure_id, quantity, view_position, drl_value, target_value, valid_from, valid_to', 'id'),
    procedures: await all('procedures', 'id, reference_exam', 'id'),
    targets: await all('coverage_targets', 'site_id, self_evaluations_per_procedure, peer_reviews_per_radiographer', 'site_id'),
    minImages: (site.data as { dose_min_images: number }).dose_min_images,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// the independent computation
// ---------------------------------------------------------------------------------------------------------------
const day = (timestamp: string | null): string | null => (timestamp ? new Date(timestamp).toISOString().slice(0, 10) : null);
const within = (d: string | null, a: string, b: string): boolean => d !== null && d >= a && d <= b;
const iso = (y: number, m: number, d: number): string => new Date(Date.UTC(y, m - 1, d)).toISOString().slice(0, 10);
const lastOfMonth = (y: number, m: number): string => iso(y, m + 1, 0);

/** The calendar periods of [a, b], cut to it. */
function periods(a: string, b: string, per: 'all' | 'year' | 'quarter' | 'month'): Array<[string, string]> {
  if (per === 'all') return [[a, b]];
  const months = per === 'year' ? 12 : per === 'quarter' ? 3 : 1;
  const [ay, am] = a.split('-').map(Number) as [number, number];
  let y = ay;
  let m = per === 'year' ? 1 : per === 'quarter' ? Math.floor((am - 1) / 3) * 3 + 1 : am;
  const out: Array<[string, string]> = [];
  for (;;) {
    const start = iso(y, m, 1);
    if (start > b) return out;
    const endMonth = m + months - 1;
    const end = lastOfMonth(y + Math.floor((endMonth - 1) / 12), ((endMonth - 1) % 12) + 1);
    out.push([start < a ? a : start, end > b ? b : end]);
    m += months;
    while (m > 12) {
      m -= 12;
      y += 1;
    }
  }
}

/** The period before, of the same length: whole months when [a, b] is whole months, else days. */
function previousPeriod(a: string, b: string): [string, string] {
  const [ay, am, ad] = a.split('-').map(Number) as [number, number, number];
  const [by, bm] = b.split('-').map(Number) as [number, number];
  const before = iso(ay, am, ad - 1);
  if (ad === 1 && b === lastOfMonth(by, bm)) {
    const months = by * 12 + bm - (ay * 12 + am) + 1;
    return [iso(ay, am - months, 1), before];
  }
  const days = (Date.parse(b) - Date.parse(a)) / 86_400_000 + 1;
  return [iso(ay, am, ad - days), before];
}

function median(values: number[]): number {
  const sorted = [...values].sort((x, y) => x - y);
  const position = 0.5 * (sorted.length - 1);
  const lower = sorted[Math.floor(position)] as number;
  const upper = sorted[Math.ceil(position)] as number;
  return lower + (position - Math.floor(position)) * (upper - lower);
}

type Figure = { numerator: number | null; denominator: number | null; value: number | null };
const share = (numerator: number, denominator: number): Figure => ({
  numerator,
  denominator,
  value: denominator > 0 ? numerator / denominator : null,
});

function expectedFigures(raw: Raw, site: string, a: string, b: string): Record<QualityIndicatorId, Figure> {
  const images = new Map(raw.images.map((i) => [i.id, i]));
  const people = new Map(raw.people.map((p) => [p.id, p]));
  const evaluations = new Map(raw.evaluations.map((e) => [e.id, e]));
  const items = new Map(raw.items.map((i) => [i.id, i]));
  const criteria = new Map(raw.criteria.map((c) => [c.id, c]));
  const reasons = new Map(raw.reasons.map((r) => [r.id, r]));
  const rejectOf = new Map(raw.rejects.map((r) => [r.image_id, r]));
  const targets = raw.targets.find((t) => t.site_id === site);
  const selfTarget = targets?.self_evaluations_per_procedure ?? 1;
  const peerTarget = targets?.peer_reviews_per_radiographer ?? 1;
  const closedIn = (e: Raw['evaluations'][number]) => e.site_id === site && e.status === 'closed' && within(day(e.closed_at), a, b);

  // coverage: pairs performed and covered; radiographers in scope and reviewed
  const accepted = raw.images.filter((i) => i.site_id === site && !i.rejected && within(i.study_date, a, b));
  const acceptedIds = new Set(accepted.map((i) => i.id));
  const pairs = new Set<string>();
  const inScope = new Set<string>();
  for (const o of raw.operators) {
    if (!o.person_id || !acceptedIds.has(o.image_id) || !people.get(o.person_id)?.active) continue;
    inScope.add(o.person_id);
    const procedure = images.get(o.image_id)?.procedure_id;
    if (procedure) pairs.add(`${o.person_id}|${procedure}`);
  }
  const selfEvaluations = new Map<string, Set<string>>();
  for (const it of raw.items) {
    const e = evaluations.get(it.evaluation_id);
    const procedure = images.get(it.image_id)?.procedure_id;
    if (!e || e.use !== 'self' || !closedIn(e) || it.state !== 'scored' || !procedure) continue;
    const key = `${e.evaluator_id}|${procedure}`;
    selfEvaluations.set(key, (selfEvaluations.get(key) ?? new Set()).add(e.id));
  }
  const covered = [...pairs].filter((p) => (selfEvaluations.get(p)?.size ?? 0) >= selfTarget).length;
  const reviews = new Map<string, number>();
  for (const e of raw.evaluations)
    if (e.use === 'peer' && closedIn(e) && e.subject_person_id)
      reviews.set(e.subject_person_id, (reviews.get(e.subject_person_id) ?? 0) + 1);
  const reviewed = [...inScope].filter((p) => (reviews.get(p) ?? 0) >= peerTarget).length;

  // evaluations: images scored in closed evaluations; answers of closed quality analyses and peer reviews
  const scoredImages = new Set(
    raw.items.filter((it) => it.state === 'scored' && closedIn(evaluations.get(it.evaluation_id) as never)).map((it) => it.image_id),
  );
  let met = 0;
  let meaningful = 0;
  for (const s of raw.scores) {
    const it = items.get(s.evaluation_item_id) as Raw['items'][number];
    const e = evaluations.get(it.evaluation_id) as Raw['evaluations'][number];
    const c = criteria.get(s.criterion_id) as Raw['criteria'][number];
    if (!closedIn(e) || !['quality', 'peer'].includes(e.use) || it.state === 'skipped') continue;
    if (!countsForShare(c.kind, c.options, s.value)) continue;
    const m = answerMet(c.kind, c.options, s.value);
    if (m !== null) meaningful += 1;
    if (m === true) met += 1;
  }

  // rejects as the reject analysis counts them
  const rejectCounts = (from: string, to: string) => {
    let rejected = 0;
    let total = 0;
    let withoutReason = 0;
    for (const i of raw.images) {
      if (i.site_id !== site || !within(i.study_date, from, to) || i.modality === 'MG' || i.modality === 'CT') continue;
      const reject = i.rejected ? rejectOf.get(i.id) : undefined;
      if (reject && reasons.get(reject.reason_id)?.counts_as_reject === false) continue;
      if (!i.rejected && i.iocm_title && ['113037', '113038', '113039'].includes(i.iocm_title)) continue;
      total += 1;
      if (i.rejected) {
        rejected += 1;
        if (!reject) withoutReason += 1;
      }
    }
    return { rejected, total, withoutReason };
  };
  const now = rejectCounts(a, b);
  const [pa, pb] = previousPeriod(a, b);
  const before = rejectCounts(pa, pb);
  const rateNow = now.total > 0 ? now.rejected / now.total : null;
  const rateBefore = before.total > 0 ? before.rejected / before.total : null;

  // dose: DAP medians per room × procedure × view of accepted adults, against the site's own values (the fixture
  // gives each procedure with doses at most one, without view or age; the catalogue's procedures have no doses here)
  const cells = new Map<string, number[]>();
  for (const i of raw.images) {
    if (i.site_id !== site || i.rejected || i.dap_gy_cm2 === null || !within(i.study_date, a, b)) continue;
    if (i.patient_age_years !== null && i.patient_age_years < 18) continue;
    const key = JSON.stringify([i.station_name, i.procedure_id, i.view_position]);
    cells.set(key, [...(cells.get(key) ?? []), i.dap_gy_cm2]);
  }
  let drnN = 0;
  let drnD = 0;
  let targetN = 0;
  let targetD = 0;
  for (const [key, values] of cells) {
    const [, procedure] = JSON.parse(key) as [string | null, string | null, string | null];
    const reference = raw.drls.find(
      (d) =>
        d.site_id === site && d.procedure_id === procedure && d.quantity === 'dap' && d.valid_from <= b && (!d.valid_to || b < d.valid_to),
    );
    if (!reference || values.length < raw.minImages) continue;
    const typical = median(values);
    drnD += 1;
    if (typical <= reference.drl_value) drnN += 1;
    if (reference.target_value !== null) {
      targetD += 1;
      if (typical <= reference.target_value) targetN += 1;
    }
  }

  // actions
  const due = raw.actions.filter((x) => x.site_id === site && within(x.due_date, a, b) && x.state !== 'cancelled');
  const onTime = due.filter((x) => x.state === 'done' && (day(x.completed_at) as string) <= x.due_date).length;

  return {
    self_evaluation_coverage: share(covered, pairs.size),
    peer_review_coverage: share(reviewed, inScope.size),
    evaluated_images: share(scoredImages.size, accepted.length),
    criteria_met_share: share(met, meaningful),
    reject_rate: share(now.rejected, now.total),
    reject_rate_change: {
      numerator: rateNow,
      denominator: rateBefore,
      value: rateNow !== null && rateBefore !== null ? rateNow - rateBefore : null,
    },
    reject_reasons_recorded: share(now.rejected - now.withoutReason, now.rejected),
    dose_medians_under_drn: share(drnN, drnD),
    dose_medians_under_target: share(targetN, targetD),
    actions_closed_on_time: share(onTime, due.length),
  };
}

function expectRows(rows: Row[], raw: Raw, site: string, a: string, b: string, per: 'all' | 'year' | 'quarter' | 'month'): void {
  const expected = periods(a, b, per).flatMap(([from, to]) => {
    const figures = expectedFigures(raw, site, from, to);
    return QUALITY_INDICATOR_IDS.map((id) => ({
      indicator: id,
      period: `${from}/${to}`,
      period_from: from,
      period_to: to,
      ...figures[id],
    }));
  });
  expect(rows.map((r) => [r.indicator, r.period, r.period_from, r.period_to])).toEqual(
    expected.map((r) => [r.indicator, r.period, r.period_from, r.period_to]),
  );
  rows.forEach((row, n) => {
    const want = expected[n] as (typeof expected)[number];
    for (const key of ['numerator', 'denominator', 'value'] as const) {
      const got = row[key] === null ? null : Number(row[key]);
      const label = `${row.indicator} ${row.period} ${key}`;
      if (want[key] === null) expect({ [label]: got }).toEqual({ [label]: null });
      else {
        expect({ [label]: got === null ? null : 'number' }).toEqual({ [label]: 'number' });
        expect(got as number).toBeCloseTo(want[key] as number, 9);
      }
    }
  });
}

describe.each(ENGINES)('the visitatie indicators on %s', (engine) => {
  let world: EvaluationWorld;
  let raw: Raw;

  const forSite = async (site: string, from: string | null, to: string | null, per: string): Promise<Row[]> => {
    const { data, error } = await world.service.rpc('quality_indicators_for_site', { site, period_from: from, period_to: to, per });
    if (error) throw new Error(`quality_indicators_for_site: ${error.code} ${error.message}`);
    return data as Row[];
  };

  beforeAll(async () => {
    world = await startEvaluationWorld(engine);
    const { service } = world;
    const must = async (what: string, p: PromiseLike<{ error: { message: string } | null }>) => {
      const { error } = await p;
      if (error) throw new Error(`${what}: ${error.message}`);
    };

    // a second site: its images, rejects and actions never count for the demo department
    await must('other site', service.from('sites').insert({ id: OTHER_SITE, code: 'elders', name: 'Elders' }));
    await must(
      'other person',
      service.from('people').insert({ id: OTHER_PERSON, site_id: OTHER_SITE, display_name: 'Iemand Elders', role: 'quality_officer' }),
    );
    await must(
      'other images',
      service.from('images').insert(
        Array.from({ length: 6 }, (_, n) => ({
          site_id: OTHER_SITE,
          sop_instance_uid: `1.2.826.0.1.3680043.10.1467.99.${n + 1}`,
          study_instance_uid: `1.2.826.0.1.3680043.10.1467.99.${n + 1}.0`,
          series_instance_uid: `1.2.826.0.1.3680043.10.1467.99.${n + 1}.1`,
          modality: 'DX',
          study_date: '2026-02-10',
          rejected: n < 4,
          source: 'demo',
        })),
      ),
    );
    await must(
      'other action',
      service.from('quality_actions').insert({
        site_id: OTHER_SITE,
        title: 'Elders',
        owner_id: OTHER_PERSON,
        due_date: '2026-03-01',
        state: 'planned',
      }),
    );

    // evaluation images: Jan–Jun 2026, three procedures, Petra, Daan, Jürgen and an unmapped name
    const operators: Array<Array<string | { raw: string }>> = [[PETRA], [DAAN], [PETRA, DAAN], [JURGEN], [{ raw: 'Onbekend^X' }], [PETRA]];
    const procedures = ['thorax', 'knie', 'thorax', 'hand', 'thorax', 'knie'];
    await world.addImages(
      Array.from({ length: 60 }, (_, i) => ({
        operators: operators[i % operators.length] as Array<string | { raw: string }>,
        procedure: procedures[(i * 7) % procedures.length] as string,
        view: 'PA',
        station: i % 2 ? 'RAD-KAMER1' : 'RAD-KAMER2',
        date: iso(2026, 1, 3 + 3 * i),
        rejected: i % 9 === 4,
      })),
    );
    // mammography and CT (not in the reject rate), and a rejected one of each
    await world.addImages([
      { operators: [PETRA], procedure: 'mammo', modality: 'MG', date: '2026-02-02', rejected: true },
      { operators: [PETRA], procedure: 'mammo', modality: 'MG', date: '2026-02-02' },
      { operators: [DAAN], procedure: 'ct-thorax', modality: 'CT', date: '2026-04-02', rejected: true },
      { operators: [DAAN], procedure: 'ct-thorax', modality: 'CT', date: '2026-04-02' },
    ]);

    // reasons on some rejected images: a positioning reason, and a test/QC exposure (left out of the rate)
    const reasons = await service.from('reject_reasons').select('id, code').eq('site_id', DEMO_SITE_ID);
    if (reasons.error) throw new Error(reasons.error.message);
    const reasonId = (code: string) => (reasons.data as Array<{ id: string; code: string }>).find((r) => r.code === code)?.id as string;
    const rejectedImages = await service
      .from('images')
      .select('id, modality')
      .eq('site_id', DEMO_SITE_ID)
      .eq('rejected', true)
      .order('study_date')
      .order('id');
    if (rejectedImages.error) throw new Error(rejectedImages.error.message);
    const dx = (rejectedImages.data as Array<{ id: string; modality: string }>).filter((i) => i.modality === 'DX');
    await must(
      'rejects',
      service.from('rejects').insert(
        dx.slice(0, 4).map((image, n) => ({
          site_id: DEMO_SITE_ID,
          image_id: image.id,
          reason_id: n === 3 ? reasonId('test_qc') : reasonId('111209'),
          recorded_by: FATIMA,
        })),
      ),
    );

    // doses: the site's own values for knee (DRN and streefwaarde) and hand (DRN only); skull has none
    await must('min images', service.from('sites').update({ dose_min_images: 3 }).eq('id', DEMO_SITE_ID));
    const procedureId = world.catalogue.procedures;
    await must(
      'drls',
      service.from('drls').insert([
        {
          site_id: DEMO_SITE_ID,
          procedure_id: procedureId['knie'],
          label: 'Knie (test)',
          quantity: 'dap',
          unit: 'Gy·cm²',
          drl_value: 0.5,
          target_value: 0.3,
          source: 'test',
          valid_from: '2020-01-01',
        },
        {
          site_id: DEMO_SITE_ID,
          procedure_id: procedureId['hand'],
          label: 'Hand (test)',
          quantity: 'dap',
          unit: 'Gy·cm²',
          drl_value: 0.2,
          source: 'test',
          valid_from: '2020-01-01',
        },
      ]),
    );
    interface Dose {
      procedure: string;
      station: string;
      date: string;
      dap: number;
      age?: number;
      rejected?: boolean;
    }
    const dose = (procedure: string, station: string, date: string, dap: number, extra: Partial<Dose> = {}): Dose => ({
      procedure,
      station,
      date,
      dap,
      ...extra,
    });
    const doses = [
      // knee in room 1: low (under the streefwaarde); in room 2 one month high (above the DRN), the next between
      ...[0.2, 0.25, 0.28, 0.22].map((v) => dose('knie', 'RAD-KAMER1', '2026-02-05', v)),
      ...[0.6, 0.7, 0.55].map((v) => dose('knie', 'RAD-KAMER2', '2026-02-06', v)),
      ...[0.4, 0.45, 0.35].map((v) => dose('knie', 'RAD-KAMER2', '2026-05-06', v)),
      // hand: room 1 under the DRN; room 2 too few doses
      ...[0.1, 0.15, 0.12].map((v) => dose('hand', 'RAD-KAMER1', '2026-03-05', v)),
      ...[0.3, 0.35].map((v) => dose('hand', 'RAD-KAMER2', '2026-03-05', v)),
      // skull: no reference at all
      ...[1, 1.2, 1.1].map((v) => dose('schedel', 'RAD-KAMER1', '2026-03-05', v)),
      // a child and rejected doses: not in the medians
      dose('knie', 'RAD-KAMER1', '2026-02-05', 5, { age: 8 }),
      dose('knie', 'RAD-KAMER1', '2026-02-05', 9, { rejected: true }),
      dose('knie', 'RAD-KAMER1', '2026-02-05', 9, { rejected: true }),
    ];
    const added = await world.addImages(
      doses.map((d) => ({
        operators: [DAAN],
        procedure: d.procedure,
        view: 'AP',
        station: d.station,
        date: d.date,
        rejected: d.rejected === true,
      })),
    );
    for (const [n, image] of added.entries()) {
      const d = doses[n] as Dose;
      await must(
        'dose',
        service
          .from('images')
          .update({ dap_gy_cm2: d.dap, patient_age_years: d.age ?? null })
          .eq('id', image.id),
      );
    }

    // evaluations, closed at chosen days (service role): quality analyses, peer reviews, self-evaluations
    const start = async (client: SupabaseClient, use: 'self' | 'peer' | 'quality', subject: string | null, n: number, seed: number) =>
      (
        await startEvaluation(client, {
          use,
          subject_person_id: subject,
          filter: { from: '2026-01-01', to: '2026-06-30' },
          sample_size: n,
          seed,
        })
      ).evaluation_id;
    const close = (id: string, at: string) =>
      must('close', service.from('evaluations').update({ status: 'closed', closed_at: at }).eq('id', id));
    const quality1 = await start(world.as.fatima, 'quality', null, 8, 11);
    await scoreAll(world, world.as.fatima, quality1, 401, { skip: (p) => p === 2 });
    await close(quality1, '2026-02-20T12:00:00Z');
    const quality2 = await start(world.as.fatima, 'quality', null, 6, 12);
    await scoreAll(world, world.as.fatima, quality2, 402, { leave: (p) => p === 1 });
    await close(quality2, '2026-05-20T12:00:00Z');
    const qualityOpen = await start(world.as.fatima, 'quality', null, 6, 13);
    await scoreAll(world, world.as.fatima, qualityOpen, 403);
    const peerPetra = await start(world.as.anna, 'peer', PETRA, 5, 14);
    await scoreAll(world, world.as.anna, peerPetra, 404);
    await close(peerPetra, '2026-03-03T12:00:00Z');
    const peerDaanOpen = await start(world.as.anna, 'peer', DAAN, 5, 15);
    await scoreAll(world, world.as.anna, peerDaanOpen, 405);
    const petraSelf = await start(world.as.petra, 'self', null, 8, 16);
    await scoreAll(world, world.as.petra, petraSelf, 406);
    await close(petraSelf, '2026-04-15T12:00:00Z');
    const daanSelf = await start(world.as.daan, 'self', null, 8, 17);
    await scoreAll(world, world.as.daan, daanSelf, 407, { skip: (p) => p === 1 });
    await close(daanSelf, '2026-01-31T12:00:00Z');

    // actions: on time, late, still open, cancelled; one due outside the periods
    const action = (title: string, due: string, state: string, completed: string | null) => ({
      site_id: DEMO_SITE_ID,
      title,
      owner_id: PETRA,
      due_date: due,
      state,
      outcome: state === 'done' ? 'gedaan' : null,
      completed_at: completed,
    });
    await must(
      'actions',
      service
        .from('quality_actions')
        .insert([
          action('op tijd', '2026-03-15', 'done', '2026-03-01T10:00:00Z'),
          action('op de dag', '2026-04-10', 'done', '2026-04-10T11:00:00Z'),
          action('te laat', '2026-04-10', 'done', '2026-04-20T10:00:00Z'),
          action('nog open', '2026-05-01', 'in_progress', null),
          action('geannuleerd', '2026-05-05', 'cancelled', null),
          action('vorig jaar', '2025-06-01', 'done', '2025-05-01T10:00:00Z'),
        ]),
    );
    raw = await readRaw(service);
  });

  afterAll(async () => {
    await world?.env.close();
  });

  it('runs as `iqs report indicators … --json`: one line per indicator and period, the same numbers; bad arguments exit 2', async () => {
    const folder = mkdtempSync(path.join(os.tmpdir(), `iqs-indicators-${engine}-`));
    const cliEnv = {
      SUPABASE_URL: world.env.supabase.url,
      SUPABASE_ANON_KEY: world.env.supabase.anonKey,
      SUPABASE_SERVICE_ROLE_KEY: world.env.supabase.serviceRoleKey,
      IQS_DATA_DIR: folder,
    };
    const lines: string[] = [];
    const errors: string[] = [];
    const io = {
      out: (l: string) => void lines.push(l),
      err: (l: string) => void errors.push(l),
      progress: { write: () => true } as never,
    };
    try {
      const argv = ['report', 'indicators', '--from', '2026-01-01', '--to', '2026-06-30', '--per', 'quarter', '--site', 'demo', '--json'];
      expect(await run(argv, cliEnv, io)).toBe(0);
      expect(errors).toEqual([]);
      const printed = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
      for (const line of printed)
        expect(Object.keys(line).slice(0, 5)).toEqual(['indicator', 'numerator', 'denominator', 'value', 'period']);
      const rows = await forSite(DEMO_SITE_ID, '2026-01-01', '2026-06-30', 'quarter');
      expect(printed.map((l) => [l['indicator'], l['numerator'], l['denominator'], l['value'], l['period']])).toEqual(
        rows.map((r) => [
          r.indicator,
          r.numerator === null ? null : Number(r.numerator),
          r.denominator === null ? null : Number(r.denominator),
          r.value === null ? null : Number(r.value),
          r.period,
        ]),
      );
      expect(printed.length).toBe(2 * QUALITY_INDICATOR_IDS.length);
      // the readable table names every indicator
      lines.length = 0;
      expect(await run(['report', 'indicators', '--from', '2026-01-01', '--to', '2026-06-30', '--site', 'demo'], cliEnv, io)).toBe(0);
      expect(lines.join('\n')).toContain('Reject reasons recorded');
      for (const bad of [
        ['report', 'indicators', '--per', 'week'],
        ['report', 'indicators', '--from', '2026-02-30'],
        ['report', 'indicators', '--from', '2026-03-01', '--to', '2026-02-01'],
        ['report', 'indicators', '--colour', 'red'],
        ['report', 'indicators', 'extra'],
        ['report', 'indicatoren'],
      ]) {
        errors.length = 0;
        expect({ bad, code: await run(bad, cliEnv, io) }).toEqual({ bad, code: 2 });
        expect(errors.join('\n')).toMatch(/^iqs: /u);
      }
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('the fixture holds what the edge cases need', () => {
    const demo = raw.images.filter((i) => i.site_id === DEMO_SITE_ID);
    expect(demo.some((i) => i.rejected && i.modality === 'MG')).toBe(true);
    expect(raw.evaluations.filter((e) => e.site_id === DEMO_SITE_ID && e.status === 'open').length).toBe(2);
    expect(raw.items.some((it) => it.state === 'skipped')).toBe(true);
    // the doses are only where the test's reference rule holds: procedures without a catalogue examination
    const catalogue = new Set(raw.procedures.filter((p) => p.reference_exam).map((p) => p.id));
    expect(demo.filter((i) => i.dap_gy_cm2 !== null && catalogue.has(i.procedure_id as string))).toEqual([]);
    expect(expectedFigures(raw, DEMO_SITE_ID, '2026-01-01', '2026-06-30').dose_medians_under_drn.denominator).toBeGreaterThan(1);
  });

  it.each([
    ['2026-01-01', '2026-06-30', 'all'],
    ['2026-01-01', '2026-06-30', 'quarter'],
    ['2026-01-15', '2026-04-30', 'month'],
    ['2025-01-01', '2026-12-31', 'year'],
    ['2025-03-01', '2025-05-31', 'all'],
  ] as const)('every figure equals the computation from the raw rows: %s to %s per %s', async (from, to, per) => {
    expectRows(await forSite(DEMO_SITE_ID, from, to, per), raw, DEMO_SITE_ID, from, to, per);
  });

  it('has the edge cases: nothing in a period gives 0 and no value; the first period’s change has no previous', async () => {
    const empty = await forSite(DEMO_SITE_ID, '2025-03-01', '2025-05-31', 'all');
    for (const row of empty.filter((r) => r.indicator !== 'actions_closed_on_time' && r.indicator !== 'reject_rate_change'))
      expect([row.indicator, Number(row.denominator), row.value]).toEqual([row.indicator, 0, null]);
    const quarters = await forSite(DEMO_SITE_ID, '2026-01-01', '2026-06-30', 'quarter');
    const change = quarters.filter((r) => r.indicator === 'reject_rate_change');
    expect(change.map((r) => [r.denominator, r.value === null])).toEqual([
      [null, true],
      [expect.anything(), false],
    ]);
    const actions = quarters.find((r) => r.indicator === 'actions_closed_on_time' && r.period_from === '2026-04-01') as Row;
    // on the day: on time; ten days late: not; still open: not; cancelled: not counted
    expect([Number(actions.numerator), Number(actions.denominator)]).toEqual([1, 3]);
    // the other site: its own figures only
    const other = await forSite(OTHER_SITE, '2026-01-01', '2026-06-30', 'all');
    const rate = other.find((r) => r.indicator === 'reject_rate') as Row;
    expect([Number(rate.numerator), Number(rate.denominator)]).toEqual([4, 6]);
    expectRows(other, raw, OTHER_SITE, '2026-01-01', '2026-06-30', 'all');
  });

  it('gives a radiographer the department’s figures, naming nobody; refuses anon, bad arguments and _for_site', async () => {
    const { data, error } = await world.as.petra.rpc('quality_indicators', {
      period_from: '2026-01-01',
      period_to: '2026-06-30',
      per: 'quarter',
    });
    expect(error).toBeNull();
    expect(data).toEqual(await forSite(DEMO_SITE_ID, '2026-01-01', '2026-06-30', 'quarter'));
    const text = JSON.stringify(data);
    for (const person of raw.people) {
      expect(text).not.toContain(person.id);
      expect(text).not.toContain(person.display_name);
    }
    expect(Object.keys((data as Row[])[0] as Row).sort()).toEqual(
      ['indicator', 'period', 'period_from', 'period_to', 'numerator', 'denominator', 'value'].sort(),
    );

    const anon = await world.env.client().rpc('quality_indicators', { period_from: '2026-01-01', period_to: '2026-06-30', per: 'all' });
    expect(anon.error).not.toBeNull();
    const site = await world.as.fatima.rpc('quality_indicators_for_site', {
      site: OTHER_SITE,
      period_from: null,
      period_to: null,
      per: 'all',
    });
    expect(site.error?.code).toBe('42501');
    const per = await world.as.fatima.rpc('quality_indicators', { period_from: '2026-01-01', period_to: '2026-06-30', per: 'week' });
    expect(per.error?.code).toBe('22023');
    const order = await world.as.fatima.rpc('quality_indicators', { period_from: '2026-06-30', period_to: '2026-01-01', per: 'all' });
    expect(order.error?.code).toBe('22023');
  });
});
