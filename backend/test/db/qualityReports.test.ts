/**
 * The department and personal quality reports (issue 13, migration 35) on both engines. Every figure of both reports
 * is compared with a computation made here from the raw rows (read as the superuser): images, rejects and reasons,
 * operators, evaluations, items and answers, doses, follow-up actions. Only the reference values (DRN, streefwaarde)
 * are looked up through private.applicable_reference, the catalogue's own lookup (migration 22), as the dose analysis
 * test does. Visibility: the department report is for quality officers and admins, a personal report for its person,
 * quality officers and admins; a radiographer's personal report names no colleague.
 */
import type { SupabaseClient } from '@supabase/supabase-js';
import { DEMO_PEOPLE, DEMO_SITE_ID } from '@iqs/demo-department';
import { ENGINES } from '../../../test/support/engines';
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

jest.setTimeout(300_000);

const PETRA = DEMO_PEOPLE.petra.personId;
const DAAN = DEMO_PEOPLE.daan.personId;
const FATIMA = DEMO_PEOPLE.fatima.personId;
const COLLEAGUES_OF_PETRA = ['Daan Smit', 'Jürgen Müller', 'Fatima Mulder', 'Anna de Vries', 'Jeroen Bakker', 'Sanne', 'Elif'];

const iso = (d: Date) => d.toISOString().slice(0, 10);
const addDays = (day: string, n: number) => iso(new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000));
/** the calendar quarter holding today (the evaluations close today: closed_at falls in it), and the one before */
function quarters() {
  const now = new Date();
  const q = Math.floor(now.getUTCMonth() / 3);
  const from = iso(new Date(Date.UTC(now.getUTCFullYear(), q * 3, 1)));
  const to = iso(new Date(Date.UTC(now.getUTCFullYear(), q * 3 + 3, 0)));
  const previousFrom = iso(new Date(Date.UTC(now.getUTCFullYear(), q * 3 - 3, 1)));
  const previousTo = iso(new Date(Date.UTC(now.getUTCFullYear(), q * 3, 0)));
  return { from, to, previousFrom, previousTo, today: iso(now) };
}

/** percentile_cont: the value at q·(n−1) of the sorted values, interpolated */
function percentile(values: number[], q: number): number {
  const s = [...values].sort((a, b) => a - b);
  const at = q * (s.length - 1);
  const lo = Math.floor(at);
  const hi = Math.ceil(at);
  return (s[lo] as number) + (at - lo) * ((s[hi] as number) - (s[lo] as number));
}

interface Img {
  id: string;
  study_date: string | null;
  procedure_id: string | null;
  procedure_code: string | null;
  view_position: string | null;
  modality: string | null;
  station_name: string | null;
  rejected: boolean;
  reason_code: string | null;
  counts_as_reject: boolean | null;
  dap_gy_cm2: number | null;
  patient_age_years: number | null;
  operators: string[];
}

type Json = Record<string, unknown>;

describe.each(ENGINES)('quality reports on %s', (engine) => {
  let world: EvaluationWorld;
  const P = quarters();
  const ev: Record<string, string> = {};
  let criteria: Map<string, Criterion>;

  const rpc = async (client: SupabaseClient, fn: string, args: object): Promise<Json> => {
    const { data, error } = await client.rpc(fn, args);
    if (error) throw new Error(`${fn}: ${error.code} ${error.message}`);
    return data as Json;
  };
  const rpcError = async (client: SupabaseClient, fn: string, args: object): Promise<string | undefined> => {
    const { error } = await client.rpc(fn, args);
    return error?.code;
  };
  const q = async <T>(sql: string, params: unknown[] = []): Promise<T[]> => (await world.env.db.query<T>(sql, params)).rows;

  /** the raw rows, read as the superuser */
  async function images(): Promise<Img[]> {
    const rows = await q<Omit<Img, 'operators' | 'dap_gy_cm2'> & { dap_gy_cm2: string | number | null }>(
      `select i.id, i.study_date::text as study_date, i.procedure_id, p.code as procedure_code, i.view_position, i.modality,
              i.station_name, i.rejected, rr.code as reason_code, rr.counts_as_reject, i.dap_gy_cm2, i.patient_age_years
       from public.images i left join public.procedures p on p.id = i.procedure_id
       left join public.rejects r on r.image_id = i.id left join public.reject_reasons rr on rr.id = r.reason_id
       where i.site_id = $1`,
      [DEMO_SITE_ID],
    );
    const ops = await q<{ image_id: string; person_id: string | null; raw_name: string }>(
      'select image_id, person_id, raw_name from public.image_operators',
    );
    return rows.map((r) => ({
      ...r,
      dap_gy_cm2: r.dap_gy_cm2 === null ? null : Number(r.dap_gy_cm2),
      operators: ops.filter((o) => o.image_id === r.id).map((o) => o.person_id ?? `raw:${o.raw_name}`),
    }));
  }

  // ------------------------------------------------------------------------------------------------------------
  // independent computations
  // ------------------------------------------------------------------------------------------------------------
  /** the reject analysis's patient images: no test/QC, no mammography or CT (TG-305), study date in the period */
  const patientImages = (all: Img[], from: string, to: string, person?: string) =>
    all.filter(
      (i) =>
        i.study_date !== null &&
        i.study_date >= from &&
        i.study_date <= to &&
        i.counts_as_reject !== false &&
        i.modality !== 'MG' &&
        i.modality !== 'CT' &&
        (!person || i.operators.includes(person)),
    );
  const rejectFigures = (rows: Img[]) => ({
    images: rows.length,
    rejected: rows.filter((i) => i.rejected).length,
    without_reason: rows.filter((i) => i.rejected && i.reason_code === null).length,
  });
  const byKey = (rows: Img[], key: (i: Img) => string | null) => {
    const out = new Map<string | null, Img[]>();
    for (const r of rows) out.set(key(r), [...(out.get(key(r)) ?? []), r]);
    return out;
  };

  const reference = async (procedureId: string | null, view: string | null, onDate: string) => {
    const rows = await q<{ drl: number | null; target: number | null }>(
      "select drl, target from private.applicable_reference($1::uuid, $2::uuid, $3::text, 18::smallint, 'dap'::public.dose_quantity, $4::date, null::double precision)",
      [DEMO_SITE_ID, procedureId, view, onDate],
    );
    return { drl: rows[0]?.drl ?? null, target: rows[0]?.target ?? null };
  };
  /** DAP of accepted adult images, grouped by the key */
  async function doseExpected(all: Img[], key: (i: Img) => string, person?: string) {
    const doses = all.filter(
      (i) =>
        i.study_date !== null &&
        i.study_date >= P.from &&
        i.study_date <= P.to &&
        !i.rejected &&
        i.dap_gy_cm2 !== null &&
        (i.patient_age_years === null || i.patient_age_years >= 18) &&
        (!person || i.operators.includes(person)),
    );
    const groups = new Map<string, Img[]>();
    for (const d of doses) groups.set(key(d), [...(groups.get(key(d)) ?? []), d]);
    const out: Record<string, { n: number; median: number; drl: number | null; target: number | null; status: string }> = {};
    for (const [k, rows] of groups) {
      const values = rows.map((r) => r.dap_gy_cm2 as number);
      const median = percentile(values, 0.5);
      const ref = await reference(rows[0]?.procedure_id ?? null, rows[0]?.view_position ?? null, P.to);
      const status =
        ref.drl === null
          ? 'no_reference'
          : values.length < 20
            ? 'too_few'
            : median > ref.drl
              ? 'above_drl'
              : ref.target !== null && median > ref.target
                ? 'above_target'
                : 'at_or_below_target';
      out[k] = {
        n: values.length,
        median,
        drl: ref.drl === null ? null : Number(ref.drl),
        target: ref.target === null ? null : Number(ref.target),
        status,
      };
    }
    return out;
  }

  interface Answer {
    evaluation_id: string;
    use: string;
    status: string;
    image_id: string;
    item_state: string;
    study_date: string | null;
    procedure_code: string | null;
    criterion_id: string;
    value: string | null;
  }
  const answers = () =>
    q<Answer>(
      `select it.evaluation_id, e.use::text as use, e.status::text as status, it.image_id, it.state::text as item_state,
              i.study_date::text as study_date, p.code as procedure_code, s.criterion_id, s.value
       from public.scores s join public.evaluation_items it on it.id = s.evaluation_item_id
       join public.evaluations e on e.id = it.evaluation_id join public.images i on i.id = it.image_id
       left join public.procedures p on p.id = i.procedure_id`,
    );
  const items = () =>
    q<{
      evaluation_id: string;
      image_id: string;
      state: string;
      use: string;
      status: string;
      study_date: string | null;
      procedure_code: string | null;
    }>(
      `select it.evaluation_id, it.image_id, it.state::text as state, e.use::text as use, e.status::text as status,
              i.study_date::text as study_date, p.code as procedure_code
       from public.evaluation_items it join public.evaluations e on e.id = it.evaluation_id join public.images i on i.id = it.image_id
       left join public.procedures p on p.id = i.procedure_id`,
    );
  /** answered (met known) and met per criterion code */
  const tally = (rows: Answer[]) => {
    const out: Record<string, { answered: number; met: number }> = {};
    for (const a of rows) {
      const c = criteria.get(a.criterion_id) as Criterion;
      if (a.item_state === 'skipped' || !countsForShare(c.kind, c.options, a.value)) continue;
      const met = answerMet(c.kind, c.options, a.value);
      const t = out[c.code] ?? { answered: 0, met: 0 };
      if (met !== null) t.answered += 1;
      if (met === true) t.met += 1;
      out[c.code] = t;
    }
    return out;
  };
  const departmentCounts = (a: Answer) => a.use === 'quality' || (a.use === 'peer' && a.status === 'closed');
  const inPeriod = (day: string | null, from: string, to: string) => day !== null && day >= from && day <= to;

  beforeAll(async () => {
    world = await startEvaluationWorld(engine);
    criteria = new Map(world.catalogue.criteria.map((c) => [c.id, c]));
    const operators = [[PETRA], [DAAN], [PETRA, DAAN], [JURGEN], [DAAN], [PETRA]];
    const rooms = ['RAD-KAMER1', 'RAD-KAMER2'];
    const made = await world.addImages([
      ...Array.from({ length: 72 }, (_, i) => ({
        operators: operators[i % operators.length] as string[],
        procedure: i % 3 === 0 ? 'knie' : 'thorax',
        view: 'PA',
        station: rooms[i % 2] as string,
        date: addDays(P.from, i % 60),
        rejected: i % 7 === 0,
      })),
      // the previous quarter: answers to compare with
      ...Array.from({ length: 36 }, (_, i) => ({
        operators: operators[i % operators.length] as string[],
        procedure: i % 3 === 0 ? 'knie' : 'thorax',
        view: 'PA',
        station: rooms[i % 2] as string,
        date: addDays(P.previousFrom, i % 60),
        rejected: i % 9 === 0,
      })),
      // left out of reject rates: mammography and CT
      ...Array.from({ length: 4 }, (_, i) => ({
        operators: [PETRA],
        procedure: 'mammo',
        modality: 'MG',
        station: 'MAMMO1',
        date: addDays(P.from, i),
        rejected: i === 0,
      })),
      ...Array.from({ length: 2 }, (_, i) => ({
        operators: [DAAN],
        procedure: 'ct-thorax',
        modality: 'CT',
        station: 'CT1',
        date: addDays(P.from, i),
      })),
    ]);
    // reasons on some rejected images (one test/QC: not a reject), doses on the radiography
    const rejected = made.filter((m) => m.rejected && m.modality === undefined);
    const reasonOf = (k: number) =>
      k % 4 === 0 ? 'positioning' : k % 4 === 1 ? 'motion' : k % 4 === 2 ? null : k === 3 ? 'test_qc' : 'positioning';
    for (const [k, image] of rejected.entries()) {
      const reason = reasonOf(k);
      if (!reason) continue;
      await q(
        `insert into public.rejects (site_id, image_id, reason_id, recorded_by)
         select $1, $2, r.id, $4 from public.reject_reasons r where r.site_id = $1 and r.code = $3 and r.coding_scheme = 'IQS'`,
        [DEMO_SITE_ID, image.id, reason, FATIMA],
      );
    }
    for (const [k, image] of made.entries()) {
      if (image.modality) continue;
      await q('update public.images set dap_gy_cm2 = $2, patient_age_years = $3 where id = $1', [
        image.id,
        0.05 + (k % 11) * 0.013 + (image.procedure === 'knie' ? 0.02 : 0),
        k % 10 === 0 ? 12 : k % 10 === 1 ? null : 40 + (k % 30),
      ]);
    }

    const start = async (
      client: SupabaseClient,
      use: 'self' | 'peer' | 'quality',
      subject: string | null,
      n: number,
      seed: number,
      from = P.from,
      to = P.to,
    ) => (await startEvaluation(client, { use, subject_person_id: subject, filter: { from, to }, sample_size: n, seed })).evaluation_id;
    ev.quality = await start(world.as.fatima, 'quality', null, 14, 1);
    await scoreAll(world, world.as.fatima, ev.quality, 401, { skip: (p) => p === 3 });
    ev.previousQuality = await start(world.as.fatima, 'quality', null, 12, 2, P.previousFrom, P.previousTo);
    await scoreAll(world, world.as.fatima, ev.previousQuality, 402);
    ev.peerPetra = await start(world.as.anna, 'peer', PETRA, 6, 3);
    await scoreAll(world, world.as.anna, ev.peerPetra, 403);
    ev.peerDaan = await start(world.as.anna, 'peer', DAAN, 6, 4);
    await scoreAll(world, world.as.anna, ev.peerDaan, 404);
    ev.petraSelf = await start(world.as.petra, 'self', null, 6, 5);
    await scoreAll(world, world.as.petra, ev.petraSelf, 405, { skip: (p) => p === 2 });
    ev.daanSelf = await start(world.as.daan, 'self', null, 6, 6);
    await scoreAll(world, world.as.daan, ev.daanSelf, 406);
    for (const [client, id] of [
      [world.as.fatima, ev.previousQuality],
      [world.as.anna, ev.peerPetra],
      [world.as.petra, ev.petraSelf],
      [world.as.daan, ev.daanSelf],
    ] as const) {
      const closed = await client.rpc('close_evaluation', { evaluation: id });
      if (closed.error) throw new Error(`close_evaluation: ${closed.error.message}`);
    }

    // follow-up actions (migration 33): overdue, done on time, in progress, and one cancelled before the period
    const hasActions = (await q<{ t: string | null }>("select to_regclass('public.quality_actions')::text as t"))[0]?.t;
    if (hasActions) {
      const add = (title: string, owner: string, due: string, state: string, created: string, updated: string, outcome: string | null) =>
        q(
          `insert into public.quality_actions (site_id, title, finding_kind, finding_label, owner_id, due_date, state, outcome, created_at, updated_at)
           values ($1, $2, 'reject_analysis', 'Afkeur kamer 1', $3, $4, $5::public.action_state, $6, $7, $8)`,
          [DEMO_SITE_ID, title, owner, due, state, outcome, created, updated],
        );
      await add('Instelprotocol thorax herzien', DAAN, addDays(P.today, -1), 'planned', `${P.from}T08:00:00Z`, `${P.from}T08:00:00Z`, null);
      await add(
        'Klinische les positionering',
        PETRA,
        addDays(P.today, 30),
        'done',
        `${P.from}T09:00:00Z`,
        `${P.from}T09:00:00Z`,
        'Les gegeven',
      );
      await add('Rooster kamer 2', FATIMA, addDays(P.today, 20), 'in_progress', `${P.from}T10:00:00Z`, `${P.from}T10:00:00Z`, null);
      await add(
        'Oude actie',
        FATIMA,
        addDays(P.from, -60),
        'cancelled',
        `${addDays(P.from, -100)}T10:00:00Z`,
        `${addDays(P.from, -50)}T10:00:00Z`,
        null,
      );
    }
  });

  afterAll(async () => {
    await world?.env.close();
  });

  const period = () => ({ period_from: P.from, period_to: P.to });

  it('the department report’s rejects equal the images counted here (all, by reason, procedure and room)', async () => {
    const report = await rpc(world.as.fatima, 'department_report', period());
    const r = report['rejects'] as Json;
    const all = await images();
    const rows = patientImages(all, P.from, P.to);
    const expected = rejectFigures(rows);
    expect({ images: r['images'], rejected: r['rejected'], without_reason: r['without_reason'] }).toEqual(expected);
    expect(expected.rejected).toBeGreaterThan(3);
    expect(Number(r['rate'])).toBeCloseTo(expected.rejected / expected.images, 10);
    // reasons: rejected per reason code, null for those without
    const reasons = Object.fromEntries(((r['reasons'] as Json[]) ?? []).map((x) => [String(x['key']), x['rejected']]));
    const expectedReasons: Record<string, number> = {};
    for (const i of rows.filter((x) => x.rejected))
      expectedReasons[String(i.reason_code)] = (expectedReasons[String(i.reason_code)] ?? 0) + 1;
    expect(reasons).toEqual(expectedReasons);
    // by procedure and by room
    for (const [section, key] of [
      ['by_procedure', (i: Img) => i.procedure_code],
      ['by_room', (i: Img) => i.station_name],
    ] as const) {
      const got = Object.fromEntries(
        (r[section] as Json[]).map((x) => [String(x['key']), { images: x['images'], rejected: x['rejected'] }]),
      );
      const want = Object.fromEntries(
        [...byKey(rows, key)].map(([k, v]) => [String(k), { images: v.length, rejected: v.filter((i) => i.rejected).length }]),
      );
      expect({ section, got }).toEqual({ section, got: want });
    }
  });

  it('the department report’s evaluation results: evaluations by use, images scored, shares per criterion and the change', async () => {
    const report = await rpc(world.as.fatima, 'department_report', period());
    const e = report['evaluations'] as Json;
    expect([e['previous_from'], e['previous_to']]).toEqual([P.previousFrom, P.previousTo]);
    const evaluations = await q<{ use: string; created: string; closed: string | null }>(
      'select use::text as use, created_at::date::text as created, closed_at::date::text as closed from public.evaluations where site_id = $1',
      [DEMO_SITE_ID],
    );
    const byUse = Object.fromEntries(
      ['quality', 'peer', 'self'].map((use) => [
        use,
        {
          started: evaluations.filter((x) => x.use === use && inPeriod(x.created, P.from, P.to)).length,
          closed: evaluations.filter((x) => x.use === use && inPeriod(x.closed, P.from, P.to)).length,
        },
      ]),
    );
    expect(Object.fromEntries((e['by_use'] as Json[]).map((x) => [x['use'], { started: x['started'], closed: x['closed'] }]))).toEqual(
      byUse,
    );
    expect(byUse['self']).toEqual({ started: 2, closed: 2 });

    const counted = (await items()).filter(
      (it) =>
        it.state === 'scored' &&
        (it.use === 'quality' || (it.use === 'peer' && it.status === 'closed')) &&
        inPeriod(it.study_date, P.from, P.to),
    );
    expect(e['images_scored']).toBe(new Set(counted.map((x) => x.image_id)).size);
    expect(e['evaluations_counted']).toBe(new Set(counted.map((x) => x.evaluation_id)).size);

    const all = await answers();
    const now = tally(all.filter((a) => departmentCounts(a) && inPeriod(a.study_date, P.from, P.to)));
    const before = tally(all.filter((a) => departmentCounts(a) && inPeriod(a.study_date, P.previousFrom, P.previousTo)));
    // a self-evaluation's answers are its evaluator's: left out (the same figures without them)
    expect(all.some((a) => a.use === 'self')).toBe(true);
    const got = Object.fromEntries(
      (e['criteria'] as Json[]).map((c) => [
        c['code'],
        { answered: c['answered'], met: c['met'], previous_answered: c['previous_answered'], previous_met: c['previous_met'] },
      ]),
    );
    const codes = new Set([...Object.keys(now), ...Object.keys(before)]);
    const want = Object.fromEntries(
      [...codes].map((code) => [
        code,
        {
          answered: now[code]?.answered ?? 0,
          met: now[code]?.met ?? 0,
          previous_answered: before[code]?.answered ?? 0,
          previous_met: before[code]?.met ?? 0,
        },
      ]),
    );
    expect(got).toEqual(want);
    for (const c of e['criteria'] as Json[]) {
      const n = now[c['code'] as string];
      const o = before[c['code'] as string];
      if (n && n.answered > 0) expect(Number(c['share'])).toBeCloseTo(n.met / n.answered, 10);
      if (n && o && n.answered > 0 && o.answered > 0) expect(Number(c['change'])).toBeCloseTo(n.met / n.answered - o.met / o.answered, 10);
      else expect(c['change']).toBeNull();
    }
    expect(Object.values(before).some((t) => t.answered > 0)).toBe(true);
  });

  it('the department report’s dose: per room, procedure and view the median of accepted adult DAP against the DRN and streefwaarde', async () => {
    const report = await rpc(world.as.fatima, 'department_report', period());
    const got = Object.fromEntries(
      (report['dose'] as Json[]).map((d) => [
        `${d['room_key']}|${d['procedure_code']}|${d['view_position']}`,
        {
          n: d['n'],
          median: Number(Number(d['median']).toPrecision(9)),
          drl: d['drl'] === null ? null : Number(d['drl']),
          target: d['target'] === null ? null : Number(d['target']),
          status: d['status'],
        },
      ]),
    );
    const want = await doseExpected(await images(), (i) => `${i.station_name}|${i.procedure_code}|${i.view_position}`);
    for (const w of Object.values(want)) w.median = Number(w.median.toPrecision(9));
    expect(got).toEqual(want);
    expect(Object.keys(want).length).toBeGreaterThanOrEqual(4);
    // the chest PA rows have the Dutch DRN and streefwaarde (not only rows without a reference)
    expect(Object.values(want).some((w) => w.drl !== null && w.target !== null)).toBe(true);
    expect((report['dose'] as Json[]).every((d) => d['quantity'] === 'dap' && d['unit'] === 'Gy·cm²')).toBe(true);
  });

  it('the department report’s follow-up actions: those alive in the period with their state, overdue and on time', async () => {
    const hasActions = (await q<{ t: string | null }>("select to_regclass('public.quality_actions')::text as t"))[0]?.t;
    const report = await rpc(world.as.fatima, 'department_report', period());
    const a = report['actions'] as Json;
    if (!hasActions) {
      expect(a['available']).toBe(false);
      return;
    }
    const rows = await q<{
      title: string;
      state: string;
      due: string;
      created: string;
      completed: string | null;
      updated: string;
      owner: string;
    }>(
      `select a.title, a.state::text as state, a.due_date::text as due, a.created_at::date::text as created,
              a.completed_at::date::text as completed, a.updated_at::date::text as updated, p.display_name as owner
       from public.quality_actions a join public.people p on p.id = a.owner_id where a.site_id = $1`,
      [DEMO_SITE_ID],
    );
    const alive = rows.filter(
      (x) => x.created <= P.to && (!['done', 'cancelled'].includes(x.state) || (x.completed ?? x.updated) >= P.from),
    );
    const items = a['items'] as Json[];
    expect(items.map((x) => x['title']).sort()).toEqual(alive.map((x) => x.title).sort());
    expect(items.map((x) => x['title'])).not.toContain('Oude actie');
    const overdue = alive.filter((x) => !['done', 'cancelled'].includes(x.state) && x.due < P.today);
    const onTime = alive.filter((x) => x.state === 'done' && (x.completed as string) <= x.due);
    expect({ open: a['open'], overdue: a['overdue'], done: a['done'], done_on_time: a['done_on_time'] }).toEqual({
      open: alive.filter((x) => !['done', 'cancelled'].includes(x.state)).length,
      overdue: overdue.length,
      done: alive.filter((x) => x.state === 'done').length,
      done_on_time: onTime.length,
    });
    expect(overdue.length).toBe(1);
    for (const x of items) expect(x['owner']).toBe(alive.find((y) => y.title === x['title'])?.owner);
  });

  it('Petra’s personal report: her self-evaluations by procedure, the closed peer reviews of her, her rejects and doses beside the department’s', async () => {
    const report = await rpc(world.as.petra, 'personal_report', { person: PETRA, ...period() });
    expect((report['person'] as Json)['display_name']).toBe('Petra Jansen');
    expect(report['author']).toBe('Petra Jansen');
    const all = await answers();
    const allItems = await items();
    // self-evaluations: her own, closed in the period (today)
    for (const [section, ids] of [
      ['self_evaluations', [ev.petraSelf]],
      ['peer_reviews', [ev.peerPetra]],
    ] as const) {
      const s = report[section] as Json;
      const mine = allItems.filter((it) => (ids as readonly string[]).includes(it.evaluation_id));
      expect({ section, evaluations: s['evaluations'], images: s['images_scored'] }).toEqual({
        section,
        evaluations: ids.length,
        images: new Set(mine.filter((it) => it.state === 'scored').map((it) => it.image_id)).size,
      });
      const mineAnswers = all.filter((a) => (ids as readonly string[]).includes(a.evaluation_id));
      // a procedure is listed when work was done on it: an image scored, or an answer that meets or fails its criterion
      // (answers on skipped images are no work; which procedure the skipped position holds depends on the draw)
      const byProcedure: Record<string, { answered: number; met: number }> = {};
      const scoredProcedures = new Set(mine.filter((it) => it.state === 'scored').map((it) => String(it.procedure_code)));
      for (const [code, rows] of byKey(mineAnswers as never, (a) => (a as unknown as Answer).procedure_code)) {
        const t = Object.values(tally(rows as unknown as Answer[])).reduce(
          (x, y) => ({ answered: x.answered + y.answered, met: x.met + y.met }),
          { answered: 0, met: 0 },
        );
        if (t.answered > 0 || scoredProcedures.has(String(code))) byProcedure[String(code)] = t;
      }
      for (const code of scoredProcedures) byProcedure[code] ??= { answered: 0, met: 0 };
      const got = Object.fromEntries(
        (s['by_procedure'] as Json[]).map((x) => [String(x['procedure_code']), { answered: x['answered'], met: x['met'] }]),
      );
      expect({ section, got }).toEqual({ section, got: byProcedure });
      const criteriaGot = Object.fromEntries((s['criteria'] as Json[]).map((c) => [c['code'], { answered: c['answered'], met: c['met'] }]));
      expect({ section, criteriaGot }).toEqual({ section, criteriaGot: tally(mineAnswers) });
    }
    // rejects: her own images and the department's
    const imgs = await images();
    const own = patientImages(imgs, P.from, P.to, PETRA);
    const rejects = report['rejects'] as { own: Json; department: Json };
    expect({ images: rejects.own['images'], rejected: rejects.own['rejected'], without_reason: rejects.own['without_reason'] }).toEqual(
      rejectFigures(own),
    );
    expect({
      images: rejects.department['images'],
      rejected: rejects.department['rejected'],
      without_reason: rejects.department['without_reason'],
    }).toEqual(rejectFigures(patientImages(imgs, P.from, P.to)));
    const ownByProcedure = Object.fromEntries(
      (rejects.own['by_procedure'] as Json[]).map((x) => [x['key'], { images: x['images'], rejected: x['rejected'] }]),
    );
    expect(ownByProcedure).toEqual(
      Object.fromEntries(
        [...byKey(own, (i) => i.procedure_code)].map(([k, v]) => [k, { images: v.length, rejected: v.filter((i) => i.rejected).length }]),
      ),
    );
    // dose: her medians per procedure and view beside the department's
    const ownDose = await doseExpected(imgs, (i) => `${i.procedure_code}|${i.view_position}`, PETRA);
    const departmentDose = await doseExpected(imgs, (i) => `${i.procedure_code}|${i.view_position}`);
    const got = Object.fromEntries(
      (report['dose'] as Json[]).map((d) => [
        `${d['procedure_code']}|${d['view_position']}`,
        {
          n: d['n'],
          median: Number(Number(d['median']).toPrecision(9)),
          department_n: d['department_n'],
          department_median: Number(Number(d['department_median']).toPrecision(9)),
        },
      ]),
    );
    const want = Object.fromEntries(
      Object.entries(ownDose).map(([k, v]) => [
        k,
        {
          n: v.n,
          median: Number(v.median.toPrecision(9)),
          department_n: departmentDose[k]?.n,
          department_median: Number((departmentDose[k]?.median as number).toPrecision(9)),
        },
      ]),
    );
    expect(got).toEqual(want);
    expect(Object.keys(want).length).toBeGreaterThanOrEqual(2);
  });

  it('a radiographer’s personal report names no colleague; the quality officer’s reading is audited', async () => {
    const report = await rpc(world.as.petra, 'personal_report', { person: PETRA, ...period() });
    const text = JSON.stringify(report);
    for (const name of COLLEAGUES_OF_PETRA) expect({ name, found: text.includes(name) }).toEqual({ name, found: false });
    // no person id but her own either
    const ids = text.match(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g) ?? [];
    expect([...new Set(ids)]).toEqual([PETRA]);

    const before =
      (await q<{ n: number }>("select count(*)::int as n from public.audit_log where action = 'report.read_personal'"))[0]?.n ?? 0;
    const byOfficer = await rpc(world.as.fatima, 'personal_report', { person: PETRA, ...period() });
    expect((byOfficer['self_evaluations'] as Json)['images_scored']).toEqual((report['self_evaluations'] as Json)['images_scored']);
    const after = await q<{ actor_id: string; target_id: string }>(
      "select actor_id, target_id from public.audit_log where action = 'report.read_personal' order by id",
    );
    expect(after.length).toBe(before + 1);
    expect(after[after.length - 1]).toEqual({ actor_id: FATIMA, target_id: PETRA });
  });

  it('who may: the department report for quality officers and admins, a personal report for its person too; others 42501', async () => {
    expect(await rpcError(world.as.petra, 'department_report', period())).toBe('42501');
    expect(await rpcError(world.as.anna, 'department_report', period())).toBe('42501');
    expect(await rpcError(world.as.petra, 'personal_report', { person: DAAN, ...period() })).toBe('42501');
    expect(await rpcError(world.as.anna, 'personal_report', { person: PETRA, ...period() })).toBe('42501');
    expect(await rpcError(world.env.client(), 'department_report', period())).toBeDefined();
    expect(await rpcError(world.as.jeroen, 'department_report', period())).toBeUndefined();
    expect(await rpcError(world.as.jeroen, 'personal_report', { person: DAAN, ...period() })).toBeUndefined();
    // the service role's variants are not for signed-in people
    expect(await rpcError(world.as.fatima, 'department_report_for_site', { site: DEMO_SITE_ID, ...period() })).toBe('42501');
    // bad periods
    expect(await rpcError(world.as.fatima, 'department_report', { period_from: P.to, period_to: P.from })).toBe('22023');
  });

  it('the service role’s reports (the CLI) hold the same figures as the quality officer’s', async () => {
    const service = world.service;
    const strip = (r: Json) => ({ ...r, author: null, generated_at: null });
    const officer = await rpc(world.as.fatima, 'department_report', period());
    const site = await rpc(service, 'department_report_for_site', { site: DEMO_SITE_ID, ...period() });
    expect(strip(site)).toEqual(strip(officer));
    expect(site['author']).toBeNull();
    const personal = await rpc(service, 'personal_report_for_site', { site: DEMO_SITE_ID, person: PETRA, ...period() });
    expect(strip(personal)).toEqual(strip(await rpc(world.as.petra, 'personal_report', { person: PETRA, ...period() })));
  });

  it('recommendations: quality officers write the department’s, a radiographer her own personal ones, nobody else’s', async () => {
    const save = (client: SupabaseClient, kind: string, person: string | null, text: string) =>
      client.rpc('save_report_recommendations', { kind, person, ...period(), text });
    expect((await save(world.as.fatima, 'department', null, 'Eerste versie')).error).toBeNull();
    expect((await save(world.as.fatima, 'department', null, 'Positionering thorax bespreken in het werkoverleg')).error).toBeNull();
    expect((await save(world.as.petra, 'department', null, 'mijn tekst')).error?.code).toBe('42501');
    expect((await save(world.as.petra, 'personal', PETRA, 'Zelfevaluatie knie plannen')).error).toBeNull();
    expect((await save(world.as.daan, 'personal', PETRA, 'niet van mij')).error?.code).toBe('42501');
    const report = await rpc(world.as.fatima, 'department_report', period());
    expect((report['recommendations'] as Json)['text']).toBe('Positionering thorax bespreken in het werkoverleg');
    const personal = await rpc(world.as.petra, 'personal_report', { person: PETRA, ...period() });
    expect((personal['recommendations'] as Json)['text']).toBe('Zelfevaluatie knie plannen');
    const stored = await q<{ n: number; by: string }>(
      "select count(*)::int as n, max(updated_by::text) as by from public.report_recommendations where kind = 'department'",
    );
    expect(stored[0]).toEqual({ n: 1, by: FATIMA });
    const { data } = await world.as.daan.from('report_recommendations').select('text');
    expect(data).toEqual([]);
  });
});
