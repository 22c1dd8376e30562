/**
 * The yearly coverage plan (issue 13, migration 34) on both engines: coverage_matrix and peer_review_coverage equal
 * a computation written here in TypeScript from the raw rows (images, image_operators, people, evaluations,
 * evaluation_items, coverage_targets read with the service role), never by asking the SQL under test. Fixtures:
 * closed and open self-evaluations, one with every item skipped, one closed last year, peer reviews closed, open and
 * closed last year, rejected images, images of last year and next, an image two of whose operator names are the
 * same person, an inactive person, another site with its own targets; targets of 1 (no row), 2 and 0.
 * Visibility: a radiographer or reviewer gets only their own rows; the quality officer and the admin the site's;
 * the _for_site variants only the service role, and never another site's rows.
 */
import type { SupabaseClient } from '@supabase/supabase-js';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { run } from '../../src/cli/main';
import { DEMO_PEOPLE, DEMO_SITE_ID } from '@iqs/demo-department';
import { ENGINES } from '../../../test/support/engines';
import {
  expectedCoverage as expected,
  readCoverageRows as readRaw,
  type MatrixRow,
  type PeerRow,
} from '../../../test/support/coverageExpectation';
import { ELIF, JURGEN, MIGRATIONS, scoreAll, startEvaluation, startEvaluationWorld, type EvaluationWorld } from './evaluationFixtures';

jest.setTimeout(300_000);

const PETRA = DEMO_PEOPLE.petra.personId;
const DAAN = DEMO_PEOPLE.daan.personId;
const OTHER_SITE = 'a0000000-0000-4000-8000-0000000000c2';
const OTHER_PERSON = 'b0000000-0000-4000-8000-0000000000c2';
const INACTIVE = 'b0000000-0000-4000-8000-0000000000c3';

const sortMatrix = (rows: MatrixRow[]) =>
  [...rows].sort((a, b) => (`${a.person_id}|${a.procedure_id}` < `${b.person_id}|${b.procedure_id}` ? -1 : 1));
const sortPeers = (rows: PeerRow[]) => [...rows].sort((a, b) => (a.person_id < b.person_id ? -1 : 1));

describe.each(ENGINES)('the yearly coverage plan on %s', (engine) => {
  let world: EvaluationWorld;
  let year: number;
  let from: string;
  let to: string;

  const call = async <T>(client: SupabaseClient, fn: string, args: object): Promise<T[]> => {
    const { data, error } = await client.rpc(fn, args);
    if (error) throw new Error(`${fn}: ${error.code} ${error.message}`);
    return data as T[];
  };
  const matrixOf = async (client: SupabaseClient) =>
    sortMatrix(await call<MatrixRow>(client, 'coverage_matrix', { period_from: from, period_to: to }));
  const peersOf = async (client: SupabaseClient) =>
    sortPeers(await call<PeerRow>(client, 'peer_review_coverage', { period_from: from, period_to: to }));
  const selfEvaluation = async (client: SupabaseClient, person: string, filter: object, size: number): Promise<string> =>
    (await startEvaluation(client, { use: 'self', subject_person_id: person, filter, sample_size: size })).evaluation_id;
  const close = async (client: SupabaseClient, evaluation: string) => {
    const { error } = await client.rpc('close_evaluation', { evaluation });
    if (error) throw new Error(`close: ${error.message}`);
  };
  const closedLastYear = async (evaluation: string) => {
    // a closed evaluation is never changed through the API (a trigger refuses it): moved in time here, with the
    // triggers off for this one statement, as if it had been closed on the last day of last year
    if (!/^[0-9a-f-]{36}$/.test(evaluation)) throw new Error(`not an id: ${evaluation}`);
    await world.env.db.exec(
      `begin; set local session_replication_role = replica; ` +
        `update public.evaluations set closed_at = '${year - 1}-12-31T12:00:00Z' where id = '${evaluation}'; commit;`,
    );
  };

  beforeAll(async () => {
    world = await startEvaluationWorld(engine, MIGRATIONS);
    const { rows } = await world.env.db.query<{ y: number; tz: string }>(
      `select extract(year from current_date)::int as y, current_setting('TimeZone') as tz`,
    );
    year = rows[0]!.y;
    from = `${year}-01-01`;
    to = `${year}-12-31`;
    expect(['UTC', 'Etc/UTC', 'GMT']).toContain(rows[0]!.tz);

    // another site, with its own person, procedure, image and targets; an inactive person of the demo site
    await world.env.db.query(`insert into public.sites (id, code, name) values ($1, 'coverage-other', 'Other department')`, [OTHER_SITE]);
    await world.env.db.query(`insert into public.people (id, site_id, display_name) values ($1, $2, 'Other Person')`, [
      OTHER_PERSON,
      OTHER_SITE,
    ]);
    await world.env.db.query(`insert into public.people (id, site_id, display_name, active) values ($1, $2, 'Left Department', false)`, [
      INACTIVE,
      DEMO_SITE_ID,
    ]);
    await world.env.db.query(
      `insert into public.procedures (id, site_id, code, name_nl, name_en) values ('d0000000-0000-4000-8000-0000000000c2', $1, 'thorax', 'X-Thorax', 'Chest X-ray')`,
      [OTHER_SITE],
    );
    await world.env.db.query(
      `insert into public.images (id, site_id, sop_instance_uid, study_instance_uid, series_instance_uid, study_date, procedure_id, source)
       values ('e0000000-0000-4000-8000-0000000000c2', $1, '1.2.3.99.1', '1.2.3.99', '1.2.3.99.0', $2, 'd0000000-0000-4000-8000-0000000000c2', 'demo')`,
      [OTHER_SITE, `${year}-05-01`],
    );
    await world.env.db.query(
      `insert into public.image_operators (site_id, image_id, position, raw_name, person_id) values ($1, 'e0000000-0000-4000-8000-0000000000c2', 0, 'Person^Other', $2)`,
      [OTHER_SITE, OTHER_PERSON],
    );
    await world.env.db.query(
      `insert into public.coverage_targets (site_id, self_evaluations_per_procedure, peer_reviews_per_radiographer) values ($1, 3, 3)`,
      [OTHER_SITE],
    );

    const d = (month: number, day = 10) => `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
    await world.addImages([
      { operators: [PETRA], procedure: 'thorax', date: d(2) },
      { operators: [PETRA, PETRA], procedure: 'thorax', date: d(3) },
      { operators: [PETRA, DAAN], procedure: 'thorax', date: d(4) },
      { operators: [PETRA], procedure: 'thorax', date: d(5), rejected: true },
      { operators: [PETRA], procedure: 'thorax', date: `${year - 1}-12-31` },
      { operators: [PETRA], procedure: 'knie', date: d(6) },
      { operators: [PETRA], procedure: 'knie', date: d(12, 31) },
      { operators: [DAAN], procedure: 'thorax', date: d(1, 1) },
      { operators: [DAAN], procedure: 'bekken', date: `${year + 1}-01-01` },
      { operators: [DAAN], procedure: 'hand', date: d(7), rejected: true },
      { operators: [JURGEN], procedure: 'bekken', date: d(8) },
      { operators: [JURGEN, { raw: 'Unknown^Person' }], procedure: 'lwk', date: d(9) },
      { operators: [ELIF], procedure: null, date: d(9) },
      { operators: [INACTIVE], procedure: 'thorax', date: d(9) },
    ]);

    // images evaluated before may be drawn again (the sampling leaves them out by default)
    const period = { from, to, exclude_evaluated: false };
    const thorax = world.catalogue.procedures['thorax'];
    const knie = world.catalogue.procedures['knie'];
    const petra = world.as.petra;
    const daan = world.as.daan;
    // Petra: two closed self-evaluations of her chest images, one of every procedure (closed), one of the knee open
    for (const seed of [11, 12]) {
      const id = await selfEvaluation(petra, PETRA, { ...period, procedure_ids: [thorax] }, 2);
      await scoreAll(world, petra, id, seed);
      await close(petra, id);
    }
    const open = await selfEvaluation(petra, PETRA, { ...period, procedure_ids: [knie] }, 1);
    await scoreAll(world, petra, open, 13);
    // Daan: a closed one with every image skipped; a closed one of last year; one closed with one image scored
    const skipped = await selfEvaluation(daan, DAAN, { ...period, procedure_ids: [thorax] }, 2);
    await scoreAll(world, daan, skipped, 21, { skip: () => true });
    await close(daan, skipped);
    const old = await selfEvaluation(daan, DAAN, { ...period, procedure_ids: [thorax] }, 2);
    await scoreAll(world, daan, old, 22);
    await close(daan, old);
    await closedLastYear(old);
    const partly = await selfEvaluation(daan, DAAN, { ...period, procedure_ids: [thorax] }, 2);
    await scoreAll(world, daan, partly, 23, { skip: (position) => position === 1 });
    await close(daan, partly);
    // peer reviews: of Petra closed (Anna); of Daan open (Anna); of Jürgen closed last year (Fatima)
    const peer = async (client: SupabaseClient, subject: string, seed: number) => {
      const id = (await startEvaluation(client, { use: 'peer', subject_person_id: subject, filter: period, sample_size: 1 })).evaluation_id;
      await scoreAll(world, client, id, seed);
      return id;
    };
    await close(world.as.anna, await peer(world.as.anna, PETRA, 31));
    await peer(world.as.anna, DAAN, 32);
    const lastYears = await peer(world.as.fatima, JURGEN, 33);
    await close(world.as.fatima, lastYears);
    await closedLastYear(lastYears);
  });
  afterAll(async () => {
    await world?.env.close();
  });

  const check = async () => {
    const raw = await readRaw(world.service);
    const want = expected(raw, DEMO_SITE_ID, from, to);
    // the quality officer and the admin: every radiographer in scope
    expect(await matrixOf(world.as.fatima)).toEqual(want.matrix);
    expect(await peersOf(world.as.fatima)).toEqual(want.peers);
    expect(await matrixOf(world.as.jeroen)).toEqual(want.matrix);
    expect(await peersOf(world.as.jeroen)).toEqual(want.peers);
    // a radiographer or reviewer: their own rows, never a colleague's
    for (const login of ['petra', 'daan', 'anna'] as const) {
      const me = DEMO_PEOPLE[login].personId;
      expect(await matrixOf(world.as[login])).toEqual(want.matrix.filter((r) => r.person_id === me));
      expect(await peersOf(world.as[login])).toEqual(want.peers.filter((r) => r.person_id === me));
    }
    // the service role, per site
    expect(
      sortMatrix(
        await call<MatrixRow>(world.service, 'coverage_matrix_for_site', { site: DEMO_SITE_ID, period_from: from, period_to: to }),
      ),
    ).toEqual(want.matrix);
    expect(
      sortPeers(
        await call<PeerRow>(world.service, 'peer_review_coverage_for_site', { site: DEMO_SITE_ID, period_from: from, period_to: to }),
      ),
    ).toEqual(want.peers);
    return want;
  };

  it('equals the computation from the raw rows with the default targets (no row: 1 and 1)', async () => {
    const want = await check();
    // the fixtures give every case: covered, to do, several people, peer reviews done, due, a last review of last year
    expect(want.matrix.some((r) => r.covered)).toBe(true);
    expect(want.matrix.some((r) => !r.covered)).toBe(true);
    expect(want.matrix.find((r) => r.person_id === PETRA && r.procedure_code === 'thorax')).toMatchObject({
      performed: 3,
      self_evaluations: 2,
    });
    expect(want.matrix.find((r) => r.person_id === DAAN && r.procedure_code === 'thorax')).toMatchObject({
      performed: 2,
      self_evaluations: 1,
    });
    expect(want.peers.find((r) => r.person_id === PETRA)).toMatchObject({ peer_reviews: 1, due: false });
    expect(want.peers.find((r) => r.person_id === JURGEN)).toMatchObject({ peer_reviews: 0, due: true, last_review: `${year - 1}-12-31` });
    expect(want.peers.map((r) => r.person_id)).toContain(ELIF);
    expect(want.peers.map((r) => r.person_id)).not.toContain(INACTIVE);
    expect(want.matrix.filter((r) => r.person_id === ELIF)).toEqual([]);
  });

  it('follows the targets the quality officer (2 and 0) and the admin (0 and 2) set; a radiographer cannot change them', async () => {
    const set = async (client: SupabaseClient, self: number, peer: number) => {
      const { error } = await client
        .from('coverage_targets')
        .upsert(
          { site_id: DEMO_SITE_ID, self_evaluations_per_procedure: self, peer_reviews_per_radiographer: peer },
          { onConflict: 'site_id' },
        );
      return error;
    };
    expect(await set(world.as.fatima, 2, 0)).toBeNull();
    let want = await check();
    expect(want.matrix.find((r) => r.person_id === PETRA && r.procedure_code === 'thorax')).toMatchObject({ target: 2, covered: true });
    expect(want.matrix.find((r) => r.person_id === DAAN && r.procedure_code === 'thorax')).toMatchObject({ target: 2, covered: false });
    expect(want.peers.every((r) => !r.due)).toBe(true);

    expect(await set(world.as.jeroen, 0, 2)).toBeNull();
    want = await check();
    expect(want.matrix.every((r) => r.covered)).toBe(true);
    expect(want.peers.every((r) => r.due)).toBe(true);
    // who and when by the database
    const { rows } = await world.env.db.query<{ updated_by: string }>('select updated_by from public.coverage_targets where site_id = $1', [
      DEMO_SITE_ID,
    ]);
    expect(rows[0]?.updated_by).toBe(DEMO_PEOPLE.jeroen.personId);

    // a radiographer: refused (no row changes), and out-of-range numbers refused for anyone
    expect(await set(world.as.petra, 5, 5)).not.toBeNull();
    expect(await set(world.as.fatima, 53, 1)).not.toBeNull();
    expect(await set(world.as.fatima, -1, 1)).not.toBeNull();
    const after = await world.env.db.query<{ s: number; p: number }>(
      'select self_evaluations_per_procedure as s, peer_reviews_per_radiographer as p from public.coverage_targets where site_id = $1',
      [DEMO_SITE_ID],
    );
    expect(after.rows[0]).toEqual({ s: 0, p: 2 });
  });

  it('keeps sites apart and the _for_site variants to the service role; refuses a bad period', async () => {
    const other = await call<MatrixRow>(world.service, 'coverage_matrix_for_site', { site: OTHER_SITE, period_from: from, period_to: to });
    expect(other.map((r) => [r.person_id, r.performed, r.target])).toEqual([[OTHER_PERSON, 1, 3]]);
    const raw = await readRaw(world.service);
    expect(sortMatrix(other)).toEqual(expected(raw, OTHER_SITE, from, to).matrix);
    for (const login of ['petra', 'fatima', 'jeroen'] as const) {
      const rows = await matrixOf(world.as[login]);
      expect(rows.some((r) => r.person_id === OTHER_PERSON)).toBe(false);
      const { error } = await world.as[login].rpc('coverage_matrix_for_site', { site: DEMO_SITE_ID, period_from: from, period_to: to });
      expect(error).not.toBeNull();
    }
    // a named read by a quality officer or admin is audited; a radiographer's own rows are not
    const audited = async () =>
      (await world.env.db.query<{ n: number }>(`select count(*)::int as n from public.audit_log where action = 'coverage.read_named'`))
        .rows[0]!.n;
    const before = await audited();
    await matrixOf(world.as.petra);
    await peersOf(world.as.petra);
    expect(await audited()).toBe(before);
    await matrixOf(world.as.fatima);
    await peersOf(world.as.jeroen);
    expect(await audited()).toBe(before + 2);
    const anon = world.env.client();
    expect((await anon.rpc('coverage_matrix', { period_from: from, period_to: to })).error).not.toBeNull();
    const bad = await world.as.fatima.rpc('coverage_matrix', { period_from: to, period_to: from });
    expect(bad.error?.code).toBe('22023');
  });

  it('runs as `iqs report coverage … --json`: the same rows as the functions, one line each; bad arguments exit 2', async () => {
    const folder = mkdtempSync(path.join(os.tmpdir(), `iqs-coverage-${engine}-`));
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
      expect(await run(['report', 'coverage', '--from', from, '--to', to, '--site', 'demo', '--json'], cliEnv, io)).toBe(0);
      expect(errors).toEqual([]);
      const printed = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
      const want = expected(await readRaw(world.service), DEMO_SITE_ID, from, to);
      const cells = printed.filter((l) => l['kind'] === 'self_evaluation');
      expect(
        sortMatrix(cells as unknown as MatrixRow[]).map((c) => [
          c.person_id,
          c.procedure_code,
          c.performed,
          c.self_evaluations,
          c.target,
          c.covered,
        ]),
      ).toEqual(want.matrix.map((c) => [c.person_id, c.procedure_code, c.performed, c.self_evaluations, c.target, c.covered]));
      const peers = printed.filter((l) => l['kind'] === 'peer_review');
      expect(
        sortPeers(peers as unknown as PeerRow[]).map((p) => [p.person_id, p.performed, p.peer_reviews, p.last_review, p.target, p.due]),
      ).toEqual(want.peers.map((p) => [p.person_id, p.performed, p.peer_reviews, p.last_review, p.target, p.due]));
      expect(cells.length + peers.length).toBe(printed.length);
      // without --from/--to: this calendar year, the same lines
      lines.length = 0;
      expect(await run(['report', 'coverage', '--site', 'demo', '--json'], cliEnv, io)).toBe(0);
      expect(lines.length).toBe(printed.length);
      // the readable list names the examinations
      lines.length = 0;
      expect(await run(['report', 'coverage', '--site', 'demo'], cliEnv, io)).toBe(0);
      expect(lines.join('\n')).toContain('thorax');
      for (const bad of [
        ['report', 'coverage', '--from', '2026-02-30'],
        ['report', 'coverage', '--from', '2026-03-01', '--to', '2026-02-01'],
        ['report', 'coverage', 'extra'],
      ]) {
        errors.length = 0;
        expect({ bad, code: await run(bad, cliEnv, io) }).toEqual({ bad, code: 2 });
        expect(errors.join('\n')).toMatch(/^iqs: /u);
      }
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
