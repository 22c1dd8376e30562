/**
 * The audit written by the database (issue 12, finding 5): nobody writes audit rows through the API, not even in
 * their own name, in one row or in bulk; the functions that wrote rows before keep writing them; and what people
 * do to evaluations through the tables (created, changed, closed, items added or removed, deleted) is written by
 * triggers, once, with the actor, the action, the target and the time, whether it went through an RPC or a plain
 * POST/PATCH/DELETE. Through supabase-js as the demo people, on both engines; the rows are read back through the
 * service role.
 */
import { DEMO_PEOPLE, DEMO_SITE_ID } from '@iqs/demo-department';
import { ENGINES } from '../../../test/support/engines';
import { startEvaluation, startEvaluationWorld, type EvaluationWorld, type FixtureImage } from './evaluationFixtures';

jest.setTimeout(300_000);

const PETRA = DEMO_PEOPLE.petra.personId;
const FATIMA = DEMO_PEOPLE.fatima.personId;
const JEROEN = DEMO_PEOPLE.jeroen.personId;

interface AuditRow {
  actor_id: string | null;
  action: string;
  target_table: string | null;
  target_id: string | null;
  details: Record<string, unknown>;
  at: string;
}

describe.each(ENGINES)('the audit by the database on %s', (engine) => {
  let world: EvaluationWorld;
  let images: FixtureImage[];

  const auditOf = async (target: string): Promise<AuditRow[]> => {
    const { data, error } = await world.service
      .from('audit_log')
      .select('actor_id, action, target_table, target_id, details, at')
      .eq('target_id', target)
      .order('id');
    if (error) throw new Error(error.message);
    return data as AuditRow[];
  };
  const auditCount = async (): Promise<number> =>
    (await world.env.db.query<{ n: number }>('select count(*)::int as n from public.audit_log')).rows[0]?.n ?? -1;

  beforeAll(async () => {
    world = await startEvaluationWorld(engine);
    images = await world.addImages(
      Array.from({ length: 6 }, (_, i) => ({ operators: [PETRA], procedure: 'thorax', date: `2026-02-0${i + 1}` })),
    );
  });
  afterAll(async () => {
    await world?.env.close();
  });

  describe('nobody writes audit rows through the API', () => {
    it('a radiographer’s rows in her own name are refused, one or a thousand in one request, and none are stored', async () => {
      const before = await auditCount();
      const row = { site_id: DEMO_SITE_ID, actor_id: PETRA, action: 'evaluation.export', target_table: 'evaluations' };
      const one = await world.as.petra.from('audit_log').insert(row);
      expect(one.error?.code).toBe('42501');
      const bulk = await world.as.petra
        .from('audit_log')
        .insert(Array.from({ length: 1000 }, (_, i) => ({ ...row, target_id: String(i), details: { filler: 'x'.repeat(100) } })));
      expect(bulk.error?.code).toBe('42501');
      // nor the admin, nor anyone signed out
      expect((await world.as.jeroen.from('audit_log').insert({ ...row, actor_id: JEROEN })).error?.code).toBe('42501');
      expect(
        (
          await world.env
            .client()
            .from('audit_log')
            .insert({ ...row, actor_id: null })
        ).error,
      ).not.toBeNull();
      expect(await auditCount()).toBe(before);
    });

    it('no function running with the caller’s rights writes the log itself: each writer is security definer', async () => {
      const invokers = await world.env.db.query<{ fn: string }>(
        `select n.nspname || '.' || p.proname as fn
         from pg_proc p join pg_namespace n on n.oid = p.pronamespace
         where p.prosrc ~* 'insert\\s+into\\s+public\\.audit_log' and not p.prosecdef
         order by 1`,
      );
      expect(invokers.rows).toEqual([]);
      const grants = await world.env.db.query<{ grantee: string }>(
        `select grantee from information_schema.role_table_grants
         where table_schema = 'public' and table_name = 'audit_log' and privilege_type = 'INSERT'
           and grantee in ('anon', 'authenticated')`,
      );
      expect(grants.rows).toEqual([]);
    });
  });

  describe('the functions that wrote rows still write them, once', () => {
    it('start, export and close through the RPCs: one row each, in the evaluator’s name', async () => {
      const started = await startEvaluation(world.as.petra, { use: 'self', name: 'Zelf RPC', filter: {}, sample_size: 2, seed: 3 });
      const id = started.evaluation_id;
      expect((await world.as.petra.rpc('record_evaluation_export', { evaluation: id, format: 'csv' })).error).toBeNull();
      expect((await world.as.petra.rpc('close_evaluation', { evaluation: id })).error).toBeNull();
      const rows = await auditOf(id);
      expect(rows.map((r) => [r.action, r.actor_id])).toEqual([
        ['evaluation.start', PETRA],
        ['evaluation.export', PETRA],
        ['evaluation.close', PETRA],
      ]);
      expect(rows[0]?.details).toMatchObject({ use: 'self', name: 'Zelf RPC', requested: 2, drawn: 2, available: expect.any(Number) });
      expect(rows[2]?.details).toEqual({ items: 2, scored: 0, skipped: 0 });
    });

    it('a quality officer reading a colleague’s evaluation through evaluation_summary is still audited', async () => {
      const { evaluation_id: id } = await startEvaluation(world.as.petra, { use: 'self', filter: {}, sample_size: 1, seed: 4 });
      const summary = await world.as.fatima.rpc('evaluation_summary', { evaluation: id });
      expect(summary.error).toBeNull();
      expect((await auditOf(id)).map((r) => [r.action, r.actor_id])).toEqual([
        ['evaluation.start', PETRA],
        ['scores.read', FATIMA],
      ]);
    });
  });

  describe('what is done through the tables is audited by triggers', () => {
    it('an evaluation created, filled, renamed and closed with POST and PATCH leaves a row for each step', async () => {
      const created = await world.as.petra
        .from('evaluations')
        .insert({
          site_id: DEMO_SITE_ID,
          use: 'self',
          name: 'Via de tabel',
          evaluator_id: PETRA,
          subject_person_id: PETRA,
          seed: 7,
          sample_size: 2,
        })
        .select('id')
        .single();
      expect(created.error).toBeNull();
      const id = (created.data as { id: string }).id;
      const form = world.catalogue.forms['generic'] ?? Object.values(world.catalogue.forms)[0];
      const items = await world.as.petra
        .from('evaluation_items')
        .insert(
          images
            .slice(0, 2)
            .map((image, i) => ({ site_id: DEMO_SITE_ID, evaluation_id: id, image_id: image.id, form_id: form, position: i + 1 })),
        )
        .select('id');
      expect(items.error).toBeNull();
      const removed = await world.as.petra.from('evaluation_items').delete().eq('evaluation_id', id).eq('position', 2);
      expect(removed.error).toBeNull();
      expect((await world.as.petra.from('evaluations').update({ name: 'Hernoemd' }).eq('id', id)).error).toBeNull();
      expect((await world.as.petra.from('evaluations').update({ status: 'closed' }).eq('id', id)).error).toBeNull();

      const rows = await auditOf(id);
      expect(rows.map((r) => [r.action, r.actor_id, r.target_table])).toEqual([
        ['evaluation.start', PETRA, 'evaluations'],
        ['evaluation.items_added', PETRA, 'evaluations'],
        ['evaluation.items_removed', PETRA, 'evaluations'],
        ['evaluation.changed', PETRA, 'evaluations'],
        ['evaluation.close', PETRA, 'evaluations'],
      ]);
      expect(rows[0]?.details).toMatchObject({
        use: 'self',
        name: 'Via de tabel',
        subject_person_id: PETRA,
        seed: 7,
        requested: 2,
        drawn: 0,
      });
      expect(rows[1]?.details).toEqual({ image_ids: [images[0]!.id, images[1]!.id] });
      expect(rows[2]?.details).toEqual({ image_ids: [images[1]!.id] });
      expect(rows[3]?.details).toEqual({ name: { old: 'Via de tabel', new: 'Hernoemd' } });
      expect(rows[4]?.details).toEqual({ items: 1, scored: 0, skipped: 0 });
      for (const r of rows) expect(Number.isNaN(Date.parse(r.at))).toBe(false);
      // a closed evaluation is not reopened, so there is nothing to audit there
      expect((await world.as.petra.from('evaluations').update({ status: 'open', closed_at: null }).eq('id', id)).error).not.toBeNull();
    });

    it('an evaluation deleted by the admin leaves a row with what it held', async () => {
      const { evaluation_id: id } = await startEvaluation(world.as.petra, {
        use: 'self',
        name: 'Weg',
        filter: {},
        sample_size: 2,
        seed: 5,
      });
      const deleted = await world.as.jeroen.from('evaluations').delete().eq('id', id).select('id');
      expect(deleted.data).toEqual([{ id }]);
      const rows = await auditOf(id);
      expect(rows.map((r) => [r.action, r.actor_id])).toEqual([
        ['evaluation.start', PETRA],
        ['evaluation.deleted', JEROEN],
      ]);
      expect(rows[1]?.details).toMatchObject({ use: 'self', name: 'Weg', evaluator_id: PETRA, status: 'open', items: 2, scores: 0 });
    });

    it('the items start_evaluation draws are part of the start, not separate rows', async () => {
      const { evaluation_id: id } = await startEvaluation(world.as.petra, { use: 'self', filter: {}, sample_size: 3, seed: 6 });
      expect((await auditOf(id)).map((r) => r.action)).toEqual(['evaluation.start']);
    });
  });
});
