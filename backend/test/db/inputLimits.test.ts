/**
 * Limits on what users write (issue 12, finding 7 and "Limits"), through supabase-js as the demo people on both
 * engines: every free-text column a user writes has a length limit (a too long value is refused with 23514, which
 * the API answers 400, and nothing is stored); the who-and-when columns are filled by the database from the session,
 * whatever the client sends; a reject reason is refused on an accepted image through the REST API; the API roles
 * have a statement timeout.
 */
import { DEMO_PEOPLE, DEMO_SITE_ID } from '@iqs/demo-department';
import { ENGINES } from '../../../test/support/engines';
import { startEvaluation, startEvaluationWorld, type EvaluationWorld, type FixtureImage } from './evaluationFixtures';

jest.setTimeout(300_000);

const PETRA = DEMO_PEOPLE.petra.personId;
const DAAN = DEMO_PEOPLE.daan.personId;
const FATIMA = DEMO_PEOPLE.fatima.personId;
const JEROEN = DEMO_PEOPLE.jeroen.personId;

describe.each(ENGINES)('input limits on %s', (engine) => {
  let world: EvaluationWorld;
  let images: FixtureImage[];

  const refusedAsTooLong = (result: { error: { code: string; message: string } | null; status: number }, constraint: string) => {
    expect({ status: result.status, code: result.error?.code, message: result.error?.message }).toEqual({
      status: 400,
      code: '23514',
      message: expect.stringContaining(constraint),
    });
  };
  const one = async <T>(sql: string, params: unknown[] = []): Promise<T> => (await world.env.db.query<T>(sql, params)).rows[0] as T;

  beforeAll(async () => {
    world = await startEvaluationWorld(engine);
    images = await world.addImages([
      { operators: [PETRA], procedure: 'thorax', date: '2026-02-01' },
      { operators: [PETRA], procedure: 'thorax', date: '2026-02-02', rejected: true },
      { operators: [PETRA], procedure: 'thorax', date: '2026-02-03' },
    ]);
  });
  afterAll(async () => {
    await world?.env.close();
  });

  describe('lengths', () => {
    it('an evaluation name of a million characters is refused, through the table and through start_evaluation', async () => {
      const before = await one<{ n: number }>('select count(*)::int as n from public.evaluations');
      const huge = 'x'.repeat(1_000_000);
      const row = { site_id: DEMO_SITE_ID, use: 'self', evaluator_id: PETRA, subject_person_id: PETRA, seed: 1, sample_size: 1 };
      refusedAsTooLong(await world.as.petra.from('evaluations').insert({ ...row, name: huge }), 'evaluations_name_length');
      refusedAsTooLong(await world.as.petra.from('evaluations').insert({ ...row, name: 'x'.repeat(201) }), 'evaluations_name_length');
      const rpc = await world.as.petra.rpc('start_evaluation', {
        use: 'self',
        name: huge,
        subject_person_id: null,
        filter: {},
        sample_size: 1,
      });
      expect(rpc.error?.code).toBe('23514');
      expect(await one<{ n: number }>('select count(*)::int as n from public.evaluations')).toEqual(before);
      // 200 characters are fine
      expect((await world.as.petra.from('evaluations').insert({ ...row, name: 'é'.repeat(200) })).error).toBeNull();
    });

    it('a score’s comment, a reject’s comment, a person’s and a group’s name, a station and a reference value’s notes', async () => {
      const { evaluation_id: evaluation } = await startEvaluation(world.as.petra, { use: 'self', filter: {}, sample_size: 1, seed: 2 });
      const item = await world.as.petra.from('evaluation_items').select('id, form_id').eq('evaluation_id', evaluation).single();
      const criterion =
        world.catalogue.criteria.find((c) => c.form_id === item.data?.form_id && c.kind === 'comment') ??
        world.catalogue.criteria.find((c) => c.form_id === item.data?.form_id)!;
      const score = {
        id: '6f1b2c3d-0000-4000-8000-000000000001',
        site_id: DEMO_SITE_ID,
        evaluation_item_id: item.data?.id,
        form_id: item.data?.form_id,
        criterion_id: criterion.id,
        value: null,
      };
      refusedAsTooLong(await world.as.petra.from('scores').insert({ ...score, comment: 'x'.repeat(4001) }), 'scores_comment_length');
      expect((await world.as.petra.from('scores').insert({ ...score, comment: 'x'.repeat(4000) })).error).toBeNull();

      refusedAsTooLong(
        await world.as.petra.from('rejects').insert({
          site_id: DEMO_SITE_ID,
          image_id: images[1]!.id,
          reason_id: (await world.service.from('reject_reasons').select('id').eq('code', 'positioning').single()).data?.id,
          recorded_by: PETRA,
          comment: 'x'.repeat(2001),
        }),
        'rejects_comment_length',
      );
      refusedAsTooLong(
        await world.as.jeroen
          .from('people')
          .update({ display_name: 'x'.repeat(201) })
          .eq('id', PETRA),
        'people_display_name_length',
      );
      refusedAsTooLong(
        await world.as.jeroen.from('person_groups').insert({ site_id: DEMO_SITE_ID, name: 'x'.repeat(201) }),
        'person_groups_name_length',
      );
      refusedAsTooLong(
        await world.as.jeroen
          .from('stations')
          .update({ display_name: 'x'.repeat(201) })
          .eq('site_id', DEMO_SITE_ID),
        'stations_display_name_length',
      );
      const procedure = world.catalogue.procedures['thorax'];
      const reference = await world.as.jeroen.rpc('set_site_reference', {
        procedure_id: procedure,
        quantity: 'dap',
        published_value: 1,
        published_unit: 'Gy·cm²',
        source: 'Afdeling',
        notes: 'x'.repeat(4001),
      });
      expect({ code: reference.error?.code, message: reference.error?.message }).toEqual({
        code: '23514',
        message: expect.stringContaining('drls_notes_length'),
      });
    });

    it('every text or JSON column that signed-in users may write has a named length limit', async () => {
      const unlimited = await world.env.db.query<{ col: string }>(
        `select c.table_name || '.' || c.column_name as col
         from information_schema.columns c
         join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name and t.table_type = 'BASE TABLE'
         where c.table_schema = 'public' and c.data_type in ('text', 'character varying', 'jsonb')
           and exists (select 1 from information_schema.column_privileges g
                       where g.table_schema = 'public' and g.table_name = c.table_name and g.column_name = c.column_name
                         and g.grantee = 'authenticated' and g.privilege_type in ('INSERT', 'UPDATE'))
           and not exists (select 1 from pg_constraint k
                           where k.conrelid = ('public.' || quote_ident(c.table_name))::regclass and k.contype = 'c'
                             and k.conname = c.table_name || '_' || c.column_name || '_length')
         order by 1`,
      );
      expect(unlimited.rows).toEqual([]);
    });
  });

  describe('filled by the database', () => {
    it('an admin cannot write a reference value’s updated_by as someone else', async () => {
      const id = (
        await world.as.jeroen.rpc('set_site_reference', {
          procedure_id: world.catalogue.procedures['thorax'],
          quantity: 'dap',
          published_value: 2,
          published_unit: 'Gy·cm²',
          source: 'Afdeling',
        })
      ).data as string;
      expect((await world.as.jeroen.from('drls').update({ notes: 'door Petra?', updated_by: PETRA }).eq('id', id)).error).toBeNull();
      expect(await one('select updated_by, notes from public.drls where id = $1', [id])).toEqual({
        updated_by: JEROEN,
        notes: 'door Petra?',
      });
      // the service role (tools) keeps what it sends
      expect((await world.service.from('drls').update({ updated_by: FATIMA }).eq('id', id)).error).toBeNull();
      expect(await one('select updated_by from public.drls where id = $1', [id])).toEqual({ updated_by: FATIMA });
    });

    it('an admin cannot mark an image rejected in someone else’s name, nor date it', async () => {
      const image = images[2]!.id;
      const marked = await world.as.jeroen
        .from('images')
        .update({ rejected: true, reject_source: 'iqs', rejected_by: DAAN, rejected_at: '2001-01-01T00:00:00Z' })
        .eq('id', image);
      expect(marked.error).toBeNull();
      const row = await one<{ rejected_by: string; recent: boolean }>(
        `select rejected_by, rejected_at > now() - interval '1 hour' as recent from public.images where id = $1`,
        [image],
      );
      expect(row).toEqual({ rejected_by: JEROEN, recent: true });
    });

    it('an evaluation’s creation time is the database’s, not the client’s', async () => {
      const created = await world.as.petra
        .from('evaluations')
        .insert({
          site_id: DEMO_SITE_ID,
          use: 'self',
          name: 'Terug in de tijd',
          evaluator_id: PETRA,
          subject_person_id: PETRA,
          seed: 1,
          sample_size: 1,
          created_at: '2001-01-01T00:00:00Z',
        })
        .select('id')
        .single();
      expect(created.error).toBeNull();
      const row = await one<{ recent: boolean }>(
        `select created_at > now() - interval '1 hour' as recent from public.evaluations where id = $1`,
        [created.data?.id],
      );
      expect(row).toEqual({ recent: true });
    });
  });

  it('a reject reason is refused on an accepted image through the REST API, inserted or moved there (since migration 18)', async () => {
    const reasonId = (await world.service.from('reject_reasons').select('id').eq('code', 'positioning').single()).data?.id as string;
    const accepted = images[0]!.id;
    const onAccepted = await world.as.petra
      .from('rejects')
      .insert({ site_id: DEMO_SITE_ID, image_id: accepted, reason_id: reasonId, recorded_by: PETRA });
    expect({ status: onAccepted.status, code: onAccepted.error?.code }).toEqual({ status: 400, code: '22023' });
    // a quality officer moving a reason from a rejected image to an accepted one
    const rejected = images[1]!.id;
    expect(
      (
        await world.as.fatima
          .from('rejects')
          .insert({ site_id: DEMO_SITE_ID, image_id: rejected, reason_id: reasonId, recorded_by: FATIMA })
      ).error,
    ).toBeNull();
    const moved = await world.as.fatima.from('rejects').update({ image_id: accepted }).eq('image_id', rejected);
    expect(moved.error?.code).toBe('22023');
    expect((await world.service.from('rejects').select('id').eq('image_id', accepted)).data).toEqual([]);
  });

  it('the API roles stop a statement after a while: 15 s signed in, 5 s signed out', async () => {
    const settings = await world.env.db.query<{ role: string; setting: string }>(
      `select r.rolname as role, s as setting
       from pg_db_role_setting d join pg_roles r on r.oid = d.setrole, unnest(d.setconfig) s
       where r.rolname in ('anon', 'authenticated') and s like 'statement_timeout=%' order by 1`,
    );
    expect(settings.rows).toEqual([
      { role: 'anon', setting: 'statement_timeout=5s' },
      { role: 'authenticated', setting: 'statement_timeout=15s' },
    ]);
  });
});
