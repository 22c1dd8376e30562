/**
 * Row Level Security of the IQS schema, per role and per table, through supabase-js against the local stand-in
 * on both engines (PGlite and PostgreSQL 15): what each role can read and write, and what it cannot — another
 * site's rows, another radiographer's scores and rejects, writing in someone else's name, moving rows between sites.
 */
import type { SupabaseClient } from '@supabase/supabase-js';
import path from 'node:path';
import { DEMO_PASSWORD, DEMO_SITE_ID, DEMO_PEOPLE } from '@iqs/demo-department';
import { ENGINES, startTestSupabase, type TestSupabase } from '../../../test/support/engines';

const MIGRATIONS = path.resolve(__dirname, '../../supabase/migrations');
const SEED = path.resolve(__dirname, '../../supabase/seed.sql');

jest.setTimeout(120_000);

const OTHER_SITE_ID = 'a0000000-0000-4000-8000-0000000000ff';
const OTHER_PERSON_ID = 'b0000000-0000-4000-8000-0000000000ff';
const OTHER_EMAIL = 'kwaliteit@ander.iqs.example';

describe.each(ENGINES)('RLS on %s', (engine) => {
  let env: TestSupabase;
  let service: SupabaseClient;
  const as: Record<'petra' | 'daan' | 'anna' | 'fatima' | 'jeroen' | 'other', SupabaseClient> = {} as never;
  const image: Record<string, string> = {};

  async function signedIn(email: string, password = DEMO_PASSWORD): Promise<SupabaseClient> {
    const client = env.client();
    const { error } = await client.auth.signInWithPassword({ email, password });
    if (error) throw new Error(`sign-in as ${email} failed: ${error.message}`);
    return client;
  }

  /** An image in the index, made by these people (by their seeded person ids), written as the ingestion does. */
  async function addImage(key: string, site: string, operatorIds: string[], rejected = false): Promise<void> {
    const sop = `1.2.826.0.1.3680043.10.1467.5.${Object.keys(image).length + 1}`;
    const { data, error } = await service
      .from('images')
      .insert({
        site_id: site,
        sop_instance_uid: sop,
        study_instance_uid: `${sop}.0`,
        series_instance_uid: `${sop}.1`,
        modality: 'DX',
        study_date: '2026-10-01',
        source: 'demo',
        rejected,
        dap_gy_cm2: 0.1,
      })
      .select('id')
      .single();
    if (error) throw new Error(error.message);
    image[key] = data.id as string;
    const operators = operatorIds.map((personId, position) => ({
      site_id: site,
      image_id: data.id,
      position,
      raw_name: `op${position}`,
      person_id: personId,
    }));
    const added = await service.from('image_operators').insert(operators);
    if (added.error) throw new Error(added.error.message);
  }

  beforeAll(async () => {
    env = await startTestSupabase(engine, { migrationsDir: MIGRATIONS, seedFile: SEED });
    service = env.client(env.supabase.serviceRoleKey);

    // a second hospital in the same project, with its own quality officer
    await env.db.query(`insert into public.sites (id, code, name) values ($1, 'ander', 'Ander Ziekenhuis')`, [OTHER_SITE_ID]);
    const created = await service.auth.admin.createUser({ email: OTHER_EMAIL, password: DEMO_PASSWORD, email_confirm: true });
    if (created.error) throw new Error(created.error.message);
    await env.db.query(
      `insert into public.people (id, site_id, auth_user_id, display_name, role) values ($1, $2, $3, 'Kees Kwaliteit', 'quality_officer')`,
      [OTHER_PERSON_ID, OTHER_SITE_ID, created.data.user?.id],
    );

    await addImage('petra', DEMO_SITE_ID, [DEMO_PEOPLE.petra.personId]);
    await addImage('petraRejected', DEMO_SITE_ID, [DEMO_PEOPLE.petra.personId], true);
    await addImage('daan', DEMO_SITE_ID, [DEMO_PEOPLE.daan.personId]);
    await addImage('daanRejected', DEMO_SITE_ID, [DEMO_PEOPLE.daan.personId], true);
    await addImage('pair', DEMO_SITE_ID, [DEMO_PEOPLE.daan.personId, DEMO_PEOPLE.petra.personId]);
    await addImage('other', OTHER_SITE_ID, [OTHER_PERSON_ID]);

    as.petra = await signedIn(DEMO_PEOPLE.petra.email);
    as.daan = await signedIn(DEMO_PEOPLE.daan.email);
    as.anna = await signedIn(DEMO_PEOPLE.anna.email);
    as.fatima = await signedIn(DEMO_PEOPLE.fatima.email);
    as.jeroen = await signedIn(DEMO_PEOPLE.jeroen.email);
    as.other = await signedIn(OTHER_EMAIL);
  });

  afterAll(async () => {
    await env?.close();
  });

  const ids = (rows: Array<{ id: string }> | null): string[] => (rows ?? []).map((r) => r.id).sort();

  describe('anonymous', () => {
    it.each(['sites', 'people', 'images', 'rejects', 'evaluations', 'scores', 'drls', 'audit_log', 'reject_reasons'])(
      'cannot read %s',
      async (table) => {
        const { data, error, status } = await env.client().from(table).select('*');
        expect(data).toBeNull();
        expect(error?.code).toBe('42501');
        expect(status).toBe(401);
      },
    );

    it('no table or view of the API schema may be read or written without a session (those added later too)', async () => {
      const { rows } = await env.db.query<{ name: string }>(
        `select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
          where n.nspname = 'public' and c.relkind in ('r', 'v', 'm', 'p')
            and (has_table_privilege('anon', c.oid, 'select') or has_table_privilege('anon', c.oid, 'insert')
              or has_table_privilege('anon', c.oid, 'update') or has_table_privilege('anon', c.oid, 'delete'))
          order by 1`,
      );
      expect(rows.map((r) => r.name)).toEqual([]);
    });
  });

  describe('every member', () => {
    it('sees their own site and its people, nothing of another site', async () => {
      const sites = await as.petra.from('sites').select('id');
      expect(ids(sites.data)).toEqual([DEMO_SITE_ID]);
      const people = await as.petra.from('people').select('id, site_id');
      expect(people.data?.length).toBe(8);
      expect(people.data?.every((p) => p.site_id === DEMO_SITE_ID)).toBe(true);
      const theirs = await as.other.from('people').select('id');
      expect(ids(theirs.data)).toEqual([OTHER_PERSON_ID]);
      for (const table of ['stations', 'procedures', 'reject_reasons', 'scoring_forms', 'drls']) {
        const seen = await as.other.from(table).select('site_id');
        expect({ table, rows: seen.data }).toEqual({ table, rows: [] });
      }
    });

    it('reads the catalogue: reject reasons, forms, procedures, DRLs', async () => {
      for (const table of ['reject_reasons', 'scoring_forms', 'scoring_criteria', 'procedures', 'stations', 'drls']) {
        const { data, error } = await as.daan.from(table).select('id');
        expect({ table, error, some: (data?.length ?? 0) > 0 }).toEqual({ table, error: null, some: true });
      }
    });
  });

  describe('a radiographer', () => {
    it('sees the images they made (alone or with a colleague), not a colleague’s', async () => {
      const { data } = await as.petra.from('images').select('id');
      expect(ids(data)).toEqual([image['petra'], image['petraRejected'], image['pair']].sort());
      const operators = await as.petra.from('image_operators').select('image_id');
      expect(new Set(operators.data?.map((o) => o.image_id))).toEqual(new Set([image['petra'], image['petraRejected'], image['pair']]));
    });

    it('records the reject reason of their own rejected image, not of a colleague’s, and not in another’s name', async () => {
      const reason = (await as.petra.from('reject_reasons').select('id').eq('code', 'positioning').single()).data?.id;
      const own = await as.petra
        .from('rejects')
        .insert({ site_id: DEMO_SITE_ID, image_id: image['petraRejected'], reason_id: reason, recorded_by: DEMO_PEOPLE.petra.personId })
        .select('id');
      expect(own.error).toBeNull();
      const colleague = await as.petra
        .from('rejects')
        .insert({ site_id: DEMO_SITE_ID, image_id: image['daanRejected'], reason_id: reason, recorded_by: DEMO_PEOPLE.petra.personId });
      expect(colleague.status).toBe(403);
      expect(colleague.error?.code).toBe('42501');
      const forged = await as.daan
        .from('rejects')
        .insert({ site_id: DEMO_SITE_ID, image_id: image['daanRejected'], reason_id: reason, recorded_by: DEMO_PEOPLE.petra.personId });
      expect(forged.status).toBe(403);
      const ownByDaan = await as.daan
        .from('rejects')
        .insert({ site_id: DEMO_SITE_ID, image_id: image['daanRejected'], reason_id: reason, recorded_by: DEMO_PEOPLE.daan.personId });
      expect(ownByDaan.error).toBeNull();
    });

    it('reads the rejects of their own images only', async () => {
      const petra = await as.petra.from('rejects').select('image_id');
      expect(petra.data?.map((r) => r.image_id)).toEqual([image['petraRejected']]);
      const fatima = await as.fatima.from('rejects').select('image_id');
      expect(fatima.data?.length).toBe(2);
    });

    it('starts a self-evaluation, but no peer review or quality analysis, and nothing in another’s name', async () => {
      const self = await as.petra
        .from('evaluations')
        .insert({
          site_id: DEMO_SITE_ID,
          use: 'self',
          name: 'Mijn thorax',
          evaluator_id: DEMO_PEOPLE.petra.personId,
          subject_person_id: DEMO_PEOPLE.petra.personId,
          seed: 1,
          sample_size: 5,
        })
        .select('id')
        .single();
      expect(self.error).toBeNull();
      const peer = await as.petra.from('evaluations').insert({
        site_id: DEMO_SITE_ID,
        use: 'peer',
        name: 'x',
        evaluator_id: DEMO_PEOPLE.petra.personId,
        subject_person_id: DEMO_PEOPLE.daan.personId,
        seed: 1,
        sample_size: 5,
      });
      expect(peer.status).toBe(403);
      const quality = await as.petra
        .from('evaluations')
        .insert({ site_id: DEMO_SITE_ID, use: 'quality', name: 'x', evaluator_id: DEMO_PEOPLE.petra.personId, seed: 1, sample_size: 5 });
      expect(quality.status).toBe(403);
      const forged = await as.petra.from('evaluations').insert({
        site_id: DEMO_SITE_ID,
        use: 'self',
        name: 'x',
        evaluator_id: DEMO_PEOPLE.daan.personId,
        subject_person_id: DEMO_PEOPLE.daan.personId,
        seed: 1,
        sample_size: 5,
      });
      expect(forged.status).toBe(403);
    });

    it('cannot raise their own role, write reference levels or the catalogue', async () => {
      const update = await as.petra.from('people').update({ role: 'admin' }).eq('id', DEMO_PEOPLE.petra.personId);
      expect(update.error).toBeNull(); // PostgREST answers 204: the row is simply not among those the user may change
      const role = await service.from('people').select('role').eq('id', DEMO_PEOPLE.petra.personId).single();
      expect(role.data?.role).toBe('radiographer');
      const drl = await as.petra.from('drls').insert({
        site_id: DEMO_SITE_ID,
        label: 'x',
        quantity: 'dap',
        unit: 'Gy·cm²',
        drl_value: 1,
        source: 'x',
        valid_from: '2026-01-01',
      });
      expect(drl.status).toBe(403);
      const reason = await as.petra
        .from('reject_reasons')
        .insert({ site_id: DEMO_SITE_ID, coding_scheme: 'IQS', code: 'mine', label_nl: 'x', label_en: 'x', category: 'other' });
      expect(reason.status).toBe(403);
    });
  });

  describe('peer review: reviewer and subject', () => {
    let evaluationId: string;
    let itemId: string;
    let criterionId: string;
    let formId: string;

    beforeAll(async () => {
      const form = await as.anna.from('scoring_forms').select('id').eq('code', 'generic').single();
      formId = form.data?.id as string;
      const criterion = await as.anna.from('scoring_criteria').select('id').eq('form_id', formId).eq('code', 'overall').single();
      criterionId = criterion.data?.id as string;
    });

    it('a reviewer reviews a colleague: evaluation, items from the colleague’s images, scores in their own name', async () => {
      const evaluation = await as.anna
        .from('evaluations')
        .insert({
          site_id: DEMO_SITE_ID,
          use: 'peer',
          name: 'Peer review Petra',
          evaluator_id: DEMO_PEOPLE.anna.personId,
          subject_person_id: DEMO_PEOPLE.petra.personId,
          seed: 7,
          sample_size: 1,
        })
        .select('id')
        .single();
      expect(evaluation.error).toBeNull();
      evaluationId = evaluation.data?.id as string;
      const item = await as.anna
        .from('evaluation_items')
        .insert({ site_id: DEMO_SITE_ID, evaluation_id: evaluationId, image_id: image['petra'], form_id: formId, position: 1 })
        .select('id')
        .single();
      expect(item.error).toBeNull();
      itemId = item.data?.id as string;
      // as the data layer sends answers: without scored_by, which the database fills in from the login (and which
      // no one reads through the API: it would name the reviewer to the subject)
      const score = await as.anna.from('scores').upsert(
        {
          id: '5c0e0000-0000-4000-8000-000000000001',
          site_id: DEMO_SITE_ID,
          evaluation_item_id: itemId,
          form_id: formId,
          criterion_id: criterionId,
          value: '2',
        },
        { onConflict: 'id' },
      );
      expect(score.error).toBeNull();
      // a retried upload of the same answer does not duplicate it
      const again = await as.anna.from('scores').upsert(
        {
          id: '5c0e0000-0000-4000-8000-000000000001',
          site_id: DEMO_SITE_ID,
          evaluation_item_id: itemId,
          form_id: formId,
          criterion_id: criterionId,
          value: '3',
        },
        { onConflict: 'id' },
      );
      expect(again.error).toBeNull();
      const count = await service.from('scores').select('id', { count: 'exact', head: true }).eq('evaluation_item_id', itemId);
      expect(count.count).toBe(1);
      expect((await service.from('scores').select('scored_by').eq('evaluation_item_id', itemId).single()).data?.scored_by).toBe(
        DEMO_PEOPLE.anna.personId,
      );
    });

    it('nobody scores in someone else’s name, or in someone else’s evaluation', async () => {
      const forged = await as.anna.from('scores').insert({
        id: '5c0e0000-0000-4000-8000-000000000002',
        site_id: DEMO_SITE_ID,
        evaluation_item_id: itemId,
        form_id: formId,
        criterion_id: criterionId,
        value: '1',
        scored_by: DEMO_PEOPLE.petra.personId,
      });
      expect(forged.status).toBe(403);
      const intruder = await as.fatima.from('scores').insert({
        id: '5c0e0000-0000-4000-8000-000000000003',
        site_id: DEMO_SITE_ID,
        evaluation_item_id: itemId,
        form_id: formId,
        criterion_id: criterionId,
        value: '1',
        scored_by: DEMO_PEOPLE.fatima.personId,
      });
      expect(intruder.status).toBe(403);
      const items = await as.petra
        .from('evaluation_items')
        .insert({ site_id: DEMO_SITE_ID, evaluation_id: evaluationId, image_id: image['petraRejected'], form_id: formId, position: 2 });
      expect(items.status).toBe(403);
    });

    it('an answer must fit its criterion', async () => {
      const bad = await as.anna.from('scores').update({ value: '7' }).eq('evaluation_item_id', itemId);
      expect(bad.status).toBe(400);
      expect(bad.error?.code).toBe('23514');
    });

    // (issue 12: through the table each reads only the answers they gave; the subject reads a peer review once it is
    // closed, the quality officer at any time, both through the audited evaluation_scores)
    it('through the table only the reviewer reads her answers; the quality officer reads them through evaluation_scores', async () => {
      expect((await as.anna.from('scores').select('value').eq('evaluation_item_id', itemId)).data).toEqual([{ value: '3' }]);
      expect((await as.petra.from('scores').select('value').eq('evaluation_item_id', itemId)).data).toEqual([]);
      expect((await as.daan.from('scores').select('value')).data).toEqual([]);
      expect((await as.fatima.from('scores').select('value').eq('evaluation_item_id', itemId)).data).toEqual([]);
      expect((await as.fatima.rpc('evaluation_scores', { evaluation: evaluationId })).data).toEqual([
        expect.objectContaining({ value: '3' }),
      ]);
      expect((await as.petra.rpc('evaluation_scores', { evaluation: evaluationId })).error?.code).toBe('42501');
      expect((await as.other.from('scores').select('value')).data).toEqual([]);
    });

    it('the reviewer sees the evaluations they made; the subject does not see the reviewer’s evaluation row', async () => {
      expect(ids((await as.anna.from('evaluations').select('id')).data)).toEqual([evaluationId]);
      expect((await as.petra.from('evaluations').select('id').eq('id', evaluationId)).data).toEqual([]);
      expect(ids((await as.fatima.from('evaluations').select('id').eq('id', evaluationId)).data)).toEqual([evaluationId]);
    });

    it('a closed evaluation keeps its answers', async () => {
      const close = await as.anna
        .from('evaluations')
        .update({ status: 'closed' })
        .eq('id', evaluationId)
        .select('status, closed_at')
        .single();
      expect(close.error).toBeNull();
      expect(close.data?.closed_at).not.toBeNull();
      const change = await as.anna.from('scores').update({ value: '1' }).eq('evaluation_item_id', itemId);
      expect(change.error).toBeNull(); // no row may be changed any more: nothing changes
      expect((await service.from('scores').select('value').eq('evaluation_item_id', itemId).single()).data?.value).toBe('3');
      const reopen = await as.anna.from('evaluations').update({ status: 'open' }).eq('id', evaluationId);
      expect(reopen.status).toBe(400);
      // closed: the subject reads the review of her image (audited)
      expect((await as.petra.rpc('evaluation_scores', { evaluation: evaluationId })).data).toEqual([
        expect.objectContaining({ value: '3' }),
      ]);
    });
  });

  describe('the quality officer', () => {
    it('sees the site’s images, rejects and evaluations, nothing of another site', async () => {
      const images = await as.fatima.from('images').select('id');
      expect(ids(images.data)).toEqual(
        [image['petra'], image['petraRejected'], image['daan'], image['daanRejected'], image['pair']].sort(),
      );
      expect(ids((await as.other.from('images').select('id')).data)).toEqual([image['other']]);
    });

    it('starts a quality analysis, but does not write reference levels', async () => {
      const quality = await as.fatima.from('evaluations').insert({
        site_id: DEMO_SITE_ID,
        use: 'quality',
        name: 'Thorax kamer 2',
        evaluator_id: DEMO_PEOPLE.fatima.personId,
        seed: 3,
        sample_size: 20,
        filter: { procedure: 'thorax' },
      });
      expect(quality.error).toBeNull();
      const drl = await as.fatima.from('drls').insert({
        site_id: DEMO_SITE_ID,
        label: 'x',
        quantity: 'dap',
        unit: 'Gy·cm²',
        drl_value: 1,
        source: 'x',
        valid_from: '2026-01-01',
      });
      expect(drl.status).toBe(403);
    });

    it('cannot write into another site', async () => {
      const intrusion = await as.fatima
        .from('evaluations')
        .insert({ site_id: OTHER_SITE_ID, use: 'quality', name: 'x', evaluator_id: DEMO_PEOPLE.fatima.personId, seed: 3, sample_size: 20 });
      expect(intrusion.status).toBe(403);
    });
  });

  describe('the admin', () => {
    let drlId: string;

    it('enters and changes the department’s DRN and streefwaarde through supabase-js', async () => {
      const thorax = (await as.jeroen.from('procedures').select('id').eq('code', 'thorax').single()).data?.id;
      const created = await as.jeroen
        .from('drls')
        .insert({
          site_id: DEMO_SITE_ID,
          procedure_id: thorax,
          label: 'X-Thorax PA',
          view_position: 'PA',
          quantity: 'dap',
          unit: 'Gy·cm²',
          drl_value: 0.15,
          target_value: 0.08,
          source: 'Afdeling (test)',
          valid_from: '2026-01-01',
          updated_by: DEMO_PEOPLE.jeroen.personId,
        })
        .select('id')
        .single();
      expect(created.error).toBeNull();
      drlId = created.data?.id as string;
      const changed = await as.jeroen.from('drls').update({ drl_value: 0.14 }).eq('id', drlId).select('drl_value').single();
      expect(changed.data?.drl_value).toBe(0.14);
    });

    it('cannot store a reference level in the wrong unit, or a target above the level', async () => {
      const wrongUnit = await as.jeroen.from('drls').insert({
        site_id: DEMO_SITE_ID,
        label: 'x',
        quantity: 'dap',
        unit: 'dGy·cm²',
        drl_value: 1.5,
        source: 'x',
        valid_from: '2026-01-01',
      });
      expect(wrongUnit.status).toBe(400);
      const targetAbove = await as.jeroen.from('drls').update({ target_value: 0.5 }).eq('id', drlId);
      expect(targetAbove.status).toBe(400);
    });

    it('manages people’s roles, but cannot move a row to another site', async () => {
      const promote = await as.jeroen
        .from('people')
        .update({ role: 'reviewer' })
        .eq('id', DEMO_PEOPLE.daan.personId)
        .select('role')
        .single();
      expect(promote.data?.role).toBe('reviewer');
      await as.jeroen.from('people').update({ role: 'radiographer' }).eq('id', DEMO_PEOPLE.daan.personId);
      const move = await as.jeroen.from('drls').update({ site_id: OTHER_SITE_ID }).eq('id', drlId);
      expect(move.status).toBe(403);
      expect((await service.from('drls').select('site_id').eq('id', drlId).single()).data?.site_id).toBe(DEMO_SITE_ID);
    });
  });

  describe('the department’s mappings and the ingestion’s lists', () => {
    const seh = async (client: SupabaseClient) =>
      (await client.from('stations').select('id, tag_mapping').eq('station_name', 'SEH-KAMER').maybeSingle()).data;
    const mapping = [{ tag: '00191021', field: 'dap_gy_cm2', unit: 'mGy·cm²' }];

    it('the admin keeps the station tag mappings and the operator and procedure aliases', async () => {
      const station = await as.jeroen
        .from('stations')
        .update({ tag_mapping: mapping })
        .eq('station_name', 'SEH-KAMER')
        .select('tag_mapping')
        .single();
      expect(station.data?.tag_mapping).toEqual(mapping);
      const alias = await as.jeroen
        .from('operator_aliases')
        .insert({ site_id: DEMO_SITE_ID, raw_name: 'PJ', person_id: DEMO_PEOPLE.petra.personId })
        .select('raw_name')
        .single();
      expect(alias.error).toBeNull();
      const knee = (await as.jeroen.from('procedures').select('id').eq('code', 'knie').single()).data?.id;
      const pattern = await as.jeroen
        .from('procedure_aliases')
        .insert({ site_id: DEMO_SITE_ID, procedure_id: knee, pattern: 'Knie%' })
        .select('pattern')
        .single();
      expect(pattern.error).toBeNull();
      const removed = await as.jeroen.from('operator_aliases').delete().eq('raw_name', 'PJ').select('raw_name');
      expect(removed.data).toEqual([{ raw_name: 'PJ' }]);
    });

    it('a mapping of the wrong shape is refused with the constraint named', async () => {
      for (const wrong of [
        [{ tag: '0019,1021', field: 'dap_gy_cm2', unit: 'mGy·cm²' }],
        [{ tag: '00191021', field: 'dap', unit: 'mGy·cm²' }],
        [{ tag: '00191021', field: 'dap_gy_cm2', unit: 3 }],
        { tag: '00191021' },
      ]) {
        const refused = await as.jeroen.from('stations').update({ tag_mapping: wrong }).eq('station_name', 'SEH-KAMER');
        expect({ wrong, code: refused.error?.code, message: refused.error?.message }).toEqual({
          wrong,
          code: '23514',
          message: expect.stringContaining('stations_tag_mapping_valid'),
        });
      }
      expect((await seh(as.jeroen))?.tag_mapping).toEqual(mapping);
    });

    it('everyone else reads the mappings of their own site and changes none', async () => {
      for (const [who, client] of [
        ['radiographer', as.petra],
        ['reviewer', as.anna],
        ['quality officer', as.fatima],
      ] as const) {
        const changed = await client.from('stations').update({ tag_mapping: [] }).eq('station_name', 'SEH-KAMER').select('id');
        expect({ who, changed: changed.data ?? changed.error?.code }).toEqual({ who, changed: [] });
        const alias = await client
          .from('operator_aliases')
          .insert({ site_id: DEMO_SITE_ID, raw_name: `forged-${who}`, person_id: DEMO_PEOPLE.petra.personId });
        expect({ who, status: alias.status }).toEqual({ who, status: 403 });
        const pattern = await client.from('procedure_aliases').insert({
          site_id: DEMO_SITE_ID,
          procedure_id: (await client.from('procedures').select('id').limit(1).single()).data?.id,
          pattern: 'x%',
        });
        expect({ who, status: pattern.status }).toEqual({ who, status: 403 });
      }
      expect((await seh(as.petra))?.tag_mapping).toEqual(mapping);
      // another site sees none of it, and cannot write into it
      expect(await seh(as.other)).toBeNull();
      expect((await as.other.from('operator_aliases').select('raw_name')).data).toEqual([]);
      expect(
        (await as.other.from('operator_aliases').insert({ site_id: DEMO_SITE_ID, raw_name: 'x', person_id: DEMO_PEOPLE.petra.personId }))
          .status,
      ).toBe(403);
    });

    it('the quarantine and the harvest progress are for the admin; the unmatched lists follow the images one sees', async () => {
      const quarantined = await service.rpc('quarantine_files', {
        site: DEMO_SITE_ID,
        entries: [{ source_ref: '/archive/broken.dcm', reason: 'truncated' }],
      });
      expect(quarantined.error).toBeNull();
      await service
        .from('harvest_progress')
        .insert({ site_id: DEMO_SITE_ID, source: 'http://pacs/dicom-web', study_instance_uid: '1.2.3', instances: 2 });
      expect((await as.jeroen.from('ingest_quarantine').select('source_ref, reason')).data).toEqual([
        { source_ref: '/archive/broken.dcm', reason: 'truncated' },
      ]);
      expect((await as.jeroen.from('harvest_progress').select('study_instance_uid')).data).toEqual([{ study_instance_uid: '1.2.3' }]);
      for (const client of [as.petra, as.fatima, as.other]) {
        expect((await client.from('ingest_quarantine').select('source_ref')).data).toEqual([]);
        expect((await client.from('harvest_progress').select('study_instance_uid')).data).toEqual([]);
      }
      // an operator name no alias matches, on one of Petra's images: the admin sees it, Petra sees her own, Daan not
      await service
        .from('image_operators')
        .insert({ site_id: DEMO_SITE_ID, image_id: image['petra'], position: 9, raw_name: 'Onbekend^X', person_id: null });
      const names = async (client: SupabaseClient) =>
        ((await client.from('unmatched_operator_names').select('raw_name')).data ?? []).map((r) => r.raw_name);
      expect(await names(as.jeroen)).toContain('Onbekend^X');
      expect(await names(as.daan)).not.toContain('Onbekend^X');
      expect(await names(as.other)).toEqual([]);
      for (const client of [as.petra, as.jeroen, as.daan]) {
        const written = await client.from('ingest_quarantine').insert({ site_id: DEMO_SITE_ID, source_ref: 'x', reason: 'y' });
        expect(written.status).toBe(403);
      }
    });
  });

  describe('the audit log', () => {
    it('takes no entries through the API, not even in one’s own name, and is never changed', async () => {
      // only the database writes the log (migration 28): Petra's evaluation above was recorded by its trigger
      const own = await as.petra
        .from('audit_log')
        .insert({ site_id: DEMO_SITE_ID, actor_id: DEMO_PEOPLE.petra.personId, action: 'evaluation.start' });
      expect(own.error?.code).toBe('42501');
      const forged = await as.petra
        .from('audit_log')
        .insert({ site_id: DEMO_SITE_ID, actor_id: DEMO_PEOPLE.anna.personId, action: 'evaluation.start' });
      expect(forged.status).toBe(403);
      // even the service role cannot rewrite history
      const rewrite = await service.from('audit_log').update({ action: 'nothing' }).eq('actor_id', DEMO_PEOPLE.petra.personId);
      expect(rewrite.error?.code).toBe('42501');
      expect((await as.fatima.from('audit_log').select('action')).data?.map((r) => r.action)).toContain('evaluation.start');
      // a radiographer reads only entries in their own name (the database audited the reason Daan recorded above)
      const daan = (await as.daan.from('audit_log').select('action, actor_id')).data ?? [];
      expect(daan.map((r) => [r.action, r.actor_id])).toEqual([['reject.reason_recorded', DEMO_PEOPLE.daan.personId]]);
    });
  });

  describe('the service role (ingestion)', () => {
    it('reads every site, but cannot move a row between sites either', async () => {
      const all = await service.from('images').select('site_id');
      expect(new Set(all.data?.map((r) => r.site_id))).toEqual(new Set([DEMO_SITE_ID, OTHER_SITE_ID]));
      const move = await service.from('images').update({ site_id: OTHER_SITE_ID }).eq('id', image['petra']);
      expect(move.error?.code).toBe('42501');
    });
  });
});
