/**
 * The reference sets (migrations 22–23) on both engines: the catalogue holds exactly the values of
 * shared/reference/analysis.md §2 as published (typed here from that document) and their canonical values equal the
 * conversion computed here; nobody writes the catalogue, everyone signed in reads it; the value that applies to an
 * image (private.applicable_reference): the department's own first (most specific view, age band, thickness; valid
 * on the date), else the Dutch one for the procedure's reference examination, else the reason; the admin's RPCs
 * (set_site_reference, adopt_reference_value, remove_site_reference) refused to everyone else; every change of drls
 * audited by trigger, never by hand; image_dose_reference for the viewer, as far as the caller may see the image;
 * and `iqs drl set|list` recording and showing the value as published and its set.
 */
import type { SupabaseClient } from '@supabase/supabase-js';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEMO_PASSWORD, DEMO_PEOPLE, DEMO_SITE_ID } from '@iqs/demo-department';
import { ENGINES, startTestSupabase, type TestSupabase } from '../../../test/support/engines';
import { run } from '../../src/cli/main';

const MIGRATIONS = path.resolve(__dirname, '../../supabase/migrations');
const SEED = path.resolve(__dirname, '../../supabase/seed.sql');
const OTHER_SITE_ID = 'a0000000-0000-4000-8000-0000000000f2';
const OTHER_PERSON_ID = 'b0000000-0000-4000-8000-0000000000f2';
const OTHER_EMAIL = 'kees.kwaliteit@ander.iqs.example';

jest.setTimeout(300_000);

/**
 * analysis.md §2, as published: set, examination (IQS key), quantity, DRL, streefwaarde, unit, thickness (mm).
 * The Dutch DRN 2012; Belgium (FANC) radiography, CT and mammography; Germany (BfS, 17 Nov 2022); UK adult CT 2022.
 */
type Published = [set: string, exam: string, quantity: string, drl: number, target: number | null, unit: string, thickness: number | null];
const PUBLISHED: Published[] = [
  ['nl-drn-2012', 'chest-pa', 'dap', 12, 6, 'µGy·m²', null],
  ['nl-drn-2012', 'pelvis-ap', 'dap', 300, null, 'µGy·m²', null],
  ['be-fanc', 'chest-pa', 'dap', 150, 100, 'mGy·cm²', null],
  ['be-fanc', 'chest-lat', 'dap', 400, 250, 'mGy·cm²', null],
  ['be-fanc', 'pelvis-ap', 'dap', 1800, 1000, 'mGy·cm²', null],
  ['be-fanc', 'lumbar-spine-ap', 'dap', 1500, 800, 'mGy·cm²', null],
  ['be-fanc', 'lumbar-spine-lat', 'dap', 2500, 1200, 'mGy·cm²', null],
  ['be-fanc', 'lumbar-spine-oblique', 'dap', 2000, 1000, 'mGy·cm²', null],
  ['be-fanc', 'abdomen-ap', 'dap', 1300, 900, 'mGy·cm²', null],
  ['be-fanc', 'ct-chest', 'ctdivol', 8, 6, 'mGy', null],
  ['be-fanc', 'ct-chest', 'dlp', 260, 200, 'mGy·cm', null],
  ['be-fanc', 'ct-abdomen', 'ctdivol', 10, 8, 'mGy', null],
  ['be-fanc', 'ct-abdomen', 'dlp', 490, 380, 'mGy·cm', null],
  ['be-fanc', 'ct-chest-abdomen', 'ctdivol', 8.5, 7, 'mGy', null],
  ['be-fanc', 'ct-chest-abdomen', 'dlp', 550, 450, 'mGy·cm', null],
  ['be-fanc', 'ct-head', 'ctdivol', 50, 40, 'mGy', null],
  ['be-fanc', 'ct-head', 'dlp', 800, 720, 'mGy·cm', null],
  ['be-fanc', 'ct-lumbar-spine', 'ctdivol', 26, 20, 'mGy', null],
  ['be-fanc', 'ct-lumbar-spine', 'dlp', 600, 450, 'mGy·cm', null],
  ['be-fanc', 'ct-cervical-spine', 'ctdivol', 25, 18, 'mGy', null],
  ['be-fanc', 'ct-cervical-spine', 'dlp', 450, 350, 'mGy·cm', null],
  ['be-fanc', 'ct-sinuses', 'ctdivol', 4.5, 3, 'mGy', null],
  ['be-fanc', 'ct-sinuses', 'dlp', 65, 50, 'mGy·cm', null],
  ['be-fanc', 'ct-cta-chest', 'ctdivol', 7.5, 6, 'mGy', null],
  ['be-fanc', 'ct-cta-chest', 'dlp', 300, 230, 'mGy·cm', null],
  ['be-fanc', 'mammography', 'organ_dose', 2.0, 1.4, 'mGy', null],
  ['be-fanc', 'mammography', 'organ_dose', 1.6, 0.9, 'mGy', 32],
  ['be-fanc', 'mammography', 'organ_dose', 1.8, 1.1, 'mGy', 45],
  ['be-fanc', 'mammography', 'organ_dose', 2.1, 1.3, 'mGy', 53],
  ['be-fanc', 'mammography', 'organ_dose', 2.4, 1.5, 'mGy', 60],
  ['be-fanc', 'mammography', 'organ_dose', 3.2, 1.8, 'mGy', 75],
  ['be-fanc', 'mammography', 'organ_dose', 4.0, 2.3, 'mGy', 90],
  ['de-bfs-2022', 'chest-pa', 'dap', 12, null, 'cGy·cm²', null],
  ['de-bfs-2022', 'chest-ap-supine', 'dap', 15, null, 'cGy·cm²', null],
  ['de-bfs-2022', 'chest-lat', 'dap', 40, null, 'cGy·cm²', null],
  ['de-bfs-2022', 'thoracic-spine-ap', 'dap', 100, null, 'cGy·cm²', null],
  ['de-bfs-2022', 'thoracic-spine-lat', 'dap', 120, null, 'cGy·cm²', null],
  ['de-bfs-2022', 'lumbar-spine-ap', 'dap', 200, null, 'cGy·cm²', null],
  ['de-bfs-2022', 'lumbar-spine-lat', 'dap', 330, null, 'cGy·cm²', null],
  ['de-bfs-2022', 'abdomen-ap', 'dap', 200, null, 'cGy·cm²', null],
  ['de-bfs-2022', 'pelvis-ap', 'dap', 230, null, 'cGy·cm²', null],
  ['de-bfs-2022', 'shoulder', 'dap', 25, null, 'cGy·cm²', null],
  ['uk-ndrl-2022', 'ct-chest', 'ctdivol', 8.5, null, 'mGy', null],
  ['uk-ndrl-2022', 'ct-chest', 'dlp', 290, null, 'mGy·cm', null],
  ['uk-ndrl-2022', 'ct-ctpa', 'ctdivol', 9.1, null, 'mGy', null],
  ['uk-ndrl-2022', 'ct-ctpa', 'dlp', 310, null, 'mGy·cm', null],
  ['uk-ndrl-2022', 'ct-head', 'ctdivol', 47, null, 'mGy', null],
  ['uk-ndrl-2022', 'ct-head', 'dlp', 790, null, 'mGy·cm', null],
  ['uk-ndrl-2022', 'ct-abdomen-pelvis', 'ctdivol', 10, null, 'mGy', null],
  ['uk-ndrl-2022', 'ct-abdomen-pelvis', 'dlp', 530, null, 'mGy·cm', null],
  ['uk-ndrl-2022', 'ct-kub', 'ctdivol', 6.3, null, 'mGy', null],
  ['uk-ndrl-2022', 'ct-kub', 'dlp', 290, null, 'mGy·cm', null],
];

/** analysis.md: 1 µGy·m² = 1 cGy·cm² = 10 mGy·cm² = 0.01 Gy·cm²; CTDIvol, AGD (mGy) and DLP (mGy·cm) are canonical. */
const FACTOR: Record<string, number> = { 'µGy·m²': 0.01, 'cGy·cm²': 0.01, 'mGy·cm²': 0.001, mGy: 1, 'mGy·cm': 1 };
const canonical = (value: number, unit: string): number => Number((value * (FACTOR[unit] as number)).toPrecision(12));

interface Applicable {
  drl: number | null;
  target: number | null;
  reference_set: string | null;
  reference_label: string | null;
  source: string | null;
  reference_weight_kg: number | string | null;
  reason: string | null;
}

describe.each(ENGINES)('reference sets on %s', (engine) => {
  let env: TestSupabase;
  let service: SupabaseClient;
  const as: Record<'petra' | 'daan' | 'anna' | 'fatima' | 'jeroen' | 'other', SupabaseClient> = {} as never;
  const procedure: Record<string, string> = {};
  let today: string;
  let folder: string;
  let cliEnv: NodeJS.ProcessEnv;

  const query = async <R>(sql: string, params?: unknown[]): Promise<R[]> => (await env.db.query<R>(sql, params)).rows;

  /** private.applicable_reference, as the analysis calls it (as the owner). */
  const applicable = async (
    procedureCode: string | null,
    view: string | null,
    age: number | null,
    quantity: string | null,
    onDate: string | null,
    thickness: number | null = null,
    site = DEMO_SITE_ID,
  ): Promise<Applicable> => {
    const rows = await query<Applicable>(
      `select * from private.applicable_reference($1, $2, $3, $4::smallint, $5::public.dose_quantity, $6::date, $7)`,
      [site, procedureCode === null ? null : procedure[procedureCode], view, age, quantity, onDate, thickness],
    );
    expect(rows).toHaveLength(1);
    const row = rows[0] as Applicable;
    return { ...row, reference_weight_kg: row.reference_weight_kg === null ? null : Number(row.reference_weight_kg) };
  };

  const auditOf = async (action: string) =>
    query<{ actor_id: string | null; target_id: string; details: Record<string, unknown> }>(
      'select actor_id, target_id, details from public.audit_log where action = $1 order by id',
      [action],
    );

  let sopCounter = 0;
  async function addImage(fields: Record<string, unknown>, operators: string[], site = DEMO_SITE_ID): Promise<string> {
    sopCounter += 1;
    const sop = `1.2.826.0.1.3680043.10.1467.77.${sopCounter}`;
    const { data, error } = await service
      .from('images')
      .insert({
        site_id: site,
        sop_instance_uid: sop,
        study_instance_uid: `${sop}.0`,
        series_instance_uid: `${sop}.1`,
        source: 'demo',
        study_date: today,
        ...fields,
      })
      .select('id')
      .single();
    if (error) throw new Error(error.message);
    const rows = operators.map((person_id, position) => ({
      site_id: site,
      image_id: data.id,
      position,
      raw_name: `op${position}`,
      person_id,
    }));
    if (rows.length > 0) {
      const added = await service.from('image_operators').insert(rows);
      if (added.error) throw new Error(added.error.message);
    }
    return sop;
  }

  beforeAll(async () => {
    env = await startTestSupabase(engine, { migrationsDir: MIGRATIONS, seedFile: SEED });
    service = env.client(env.supabase.serviceRoleKey);
    await env.db.query(`insert into public.sites (id, code, name) values ($1, 'ander', 'Ander Ziekenhuis')`, [OTHER_SITE_ID]);
    const created = await service.auth.admin.createUser({ email: OTHER_EMAIL, password: DEMO_PASSWORD, email_confirm: true });
    if (created.error) throw new Error(created.error.message);
    await env.db.query(
      `insert into public.people (id, site_id, auth_user_id, display_name, role) values ($1, $2, $3, 'Kees Kwaliteit', 'admin')`,
      [OTHER_PERSON_ID, OTHER_SITE_ID, created.data.user?.id],
    );
    const signedIn = async (email: string): Promise<SupabaseClient> => {
      const client = env.client();
      const { error } = await client.auth.signInWithPassword({ email, password: DEMO_PASSWORD });
      if (error) throw new Error(`sign-in as ${email}: ${error.message}`);
      return client;
    };
    for (const who of ['petra', 'daan', 'anna', 'fatima', 'jeroen'] as const) as[who] = await signedIn(DEMO_PEOPLE[who].email);
    as.other = await signedIn(OTHER_EMAIL);
    for (const p of await query<{ id: string; code: string }>('select id, code from public.procedures where site_id = $1', [DEMO_SITE_ID]))
      procedure[p.code] = p.id;
    today = (await query<{ d: string }>('select current_date::text as d'))[0]?.d as string;
    folder = mkdtempSync(path.join(os.tmpdir(), `iqs-drl-${engine}-`));
    cliEnv = {
      SUPABASE_URL: env.supabase.url,
      SUPABASE_ANON_KEY: env.supabase.anonKey,
      SUPABASE_SERVICE_ROLE_KEY: env.supabase.serviceRoleKey,
      IQS_DATA_DIR: folder,
    };
  });

  afterAll(async () => {
    await env?.close();
    if (folder) rmSync(folder, { recursive: true, force: true });
  });

  it('holds exactly the values of analysis.md §2 as published, each converted once to the canonical unit', async () => {
    const { data, error } = await as.daan
      .from('dose_reference_values')
      .select('set_code, exam_key, quantity, published_drl, published_target, published_unit, drl_value, target_value, thickness_mm');
    expect(error).toBeNull();
    const rows = (data ?? []) as Array<{
      set_code: string;
      exam_key: string;
      quantity: string;
      published_drl: number;
      published_target: number | null;
      published_unit: string;
      drl_value: number;
      target_value: number | null;
      thickness_mm: number | string | null;
    }>;
    const key = (set: string, exam: string, quantity: string, thickness: number | null) => `${set}|${exam}|${quantity}|${thickness ?? ''}`;
    const stored = new Map(
      rows.map((r) => [key(r.set_code, r.exam_key, r.quantity, r.thickness_mm === null ? null : Number(r.thickness_mm)), r]),
    );
    expect([...stored.keys()].sort()).toEqual(PUBLISHED.map(([s, e, q, , , , t]) => key(s, e, q, t)).sort());
    for (const [set, exam, quantity, drl, target, unit, thickness] of PUBLISHED) {
      const row = stored.get(key(set, exam, quantity, thickness));
      expect({ set, exam, quantity, thickness, published: [row?.published_drl, row?.published_target, row?.published_unit] }).toEqual({
        set,
        exam,
        quantity,
        thickness,
        published: [drl, target, unit],
      });
      expect({ set, exam, quantity, thickness, canonical: [row?.drl_value, row?.target_value] }).toEqual({
        set,
        exam,
        quantity,
        thickness,
        canonical: [canonical(drl, unit), target === null ? null : canonical(target, unit)],
      });
    }
    // the Dutch values as analysis.md states them in Gy·cm²
    expect(stored.get(key('nl-drn-2012', 'chest-pa', 'dap', null))).toMatchObject({ drl_value: 0.12, target_value: 0.06 });
    expect(stored.get(key('nl-drn-2012', 'pelvis-ap', 'dap', null))).toMatchObject({ drl_value: 3, target_value: null });
  });

  it('names every set with its country, source and date where one is known; the Dutch chest PA is for a 77 kg adult', async () => {
    const { data } = await as.petra.from('dose_reference_sets').select('code, country, source, published_on, published_year').order('code');
    expect(data).toEqual([
      { code: 'be-fanc', country: 'BE', source: expect.stringContaining('FANC'), published_on: null, published_year: null },
      { code: 'de-bfs-2022', country: 'DE', source: expect.stringContaining('BfS'), published_on: '2022-11-17', published_year: 2022 },
      { code: 'nl-drn-2012', country: 'NL', source: expect.stringContaining('NCS'), published_on: null, published_year: 2012 },
      { code: 'uk-ndrl-2022', country: 'GB', source: expect.stringContaining('UKHSA'), published_on: null, published_year: 2022 },
    ]);
    const chest = await as.petra
      .from('dose_reference_values')
      .select('reference_weight_kg, age_min, view_position')
      .eq('set_code', 'nl-drn-2012')
      .eq('exam_key', 'chest-pa')
      .single();
    expect({ ...chest.data, reference_weight_kg: Number(chest.data?.reference_weight_kg) }).toEqual({
      reference_weight_kg: 77,
      age_min: 18,
      view_position: 'PA',
    });
  });

  it('computes the canonical values itself and refuses a unit that does not fit the quantity', async () => {
    const [value] = await query<{ id: string; drl_value: number; target_value: number }>(
      `insert into public.dose_reference_values (set_code, exam_key, label, quantity, published_unit, published_drl, published_target, drl_value, target_value)
       values ('be-fanc', 'shoulder', 'test only', 'dap', 'mGy·cm²', 250, 120, 999, 998) returning id, drl_value, target_value`,
    );
    expect(value).toMatchObject({ drl_value: 0.25, target_value: 0.12 });
    await query('delete from public.dose_reference_values where id = $1', [value?.id]);
    await expect(
      query(
        `insert into public.dose_reference_values (set_code, exam_key, label, quantity, published_unit, published_drl, drl_value)
         values ('be-fanc', 'shoulder', 'test only', 'dap', 'mGy', 250, 0)`,
      ),
    ).rejects.toThrow(/violates/u);
    await expect(
      query(
        `insert into public.dose_reference_values (set_code, exam_key, label, quantity, published_unit, published_drl, drl_value)
         values ('be-fanc', 'knee', 'test only', 'dap', 'mGy·cm²', 250, 0)`,
      ),
    ).rejects.toThrow(/violates/u);
  });

  it('lets nobody write the catalogue through the API, and nobody anonymous read it', async () => {
    for (const table of ['dose_reference_sets', 'dose_reference_values']) {
      const anon = await env.client().from(table).select('*');
      expect({ table, code: anon.error?.code }).toEqual({ table, code: '42501' });
    }
    const row = {
      set_code: 'nl-drn-2012',
      exam_key: 'shoulder',
      label: 'x',
      quantity: 'dap',
      published_unit: 'Gy·cm²',
      published_drl: 1,
      drl_value: 1,
    };
    for (const client of [as.jeroen, service]) {
      expect((await client.from('dose_reference_values').insert(row)).error).not.toBeNull();
      expect((await client.from('dose_reference_values').update({ published_drl: 99 }).eq('set_code', 'nl-drn-2012')).error).not.toBeNull();
      expect((await client.from('dose_reference_sets').delete().eq('code', 'be-fanc')).error).not.toBeNull();
    }
    expect((await query<{ n: number }>('select count(*)::int as n from public.dose_reference_values'))[0]?.n).toBe(PUBLISHED.length);
  });

  it('applies the Dutch value for the procedure’s reference examination, else says why none applies', async () => {
    // whatever the seed maps, start from no mapping: no reference
    await query('update public.procedures set reference_exam = null where site_id = $1', [DEMO_SITE_ID]);
    expect(await applicable('thorax', 'PA', 40, 'dap', today)).toMatchObject({ drl: null, reason: 'no_reference' });
    const mapped = await as.jeroen.from('procedures').update({ reference_exam: 'chest-pa' }).eq('id', procedure['thorax']).select('code');
    expect(mapped.error).toBeNull();
    await as.jeroen.from('procedures').update({ reference_exam: 'pelvis-ap' }).eq('id', procedure['bekken']);
    await as.jeroen.from('procedures').update({ reference_exam: 'mammography' }).eq('id', procedure['mammo']);

    const dutchChest = await applicable('thorax', 'PA', 40, 'dap', today);
    expect(dutchChest).toEqual({
      drl: 0.12,
      target: 0.06,
      reference_set: 'nl-drn-2012',
      reference_label: 'X-thorax PA',
      source: expect.stringContaining('NCS'),
      reference_weight_kg: 77,
      reason: null,
    });
    // an unknown age counts as an adult; a child has no Dutch (adult) value
    expect(await applicable('thorax', 'PA', null, 'dap', null)).toMatchObject({ drl: 0.12, target: 0.06 });
    expect(await applicable('thorax', 'PA', 10, 'dap', today)).toMatchObject({
      drl: null,
      target: null,
      reference_set: null,
      reason: 'not_adult',
    });
    // the Dutch chest value is for PA: a lateral has none; the pelvis value is for any view
    expect(await applicable('thorax', 'LL', 40, 'dap', today)).toMatchObject({ drl: null, reason: 'no_reference' });
    expect(await applicable('bekken', 'AP', 60, 'dap', today)).toMatchObject({
      drl: 3,
      target: null,
      reference_set: 'nl-drn-2012',
      reason: null,
    });
    // values for the examination, but not in this quantity; none for the examination at all; no procedure, no quantity
    expect(await applicable('thorax', 'PA', 40, 'ctdivol', today)).toMatchObject({ drl: null, reason: 'no_quantity' });
    expect(await applicable('mammo', null, 50, 'organ_dose', today)).toMatchObject({ drl: null, reason: 'no_reference' });
    expect(await applicable('knie', 'AP', 40, 'dap', today)).toMatchObject({ drl: null, reason: 'no_reference' });
    expect(await applicable(null, 'PA', 40, 'dap', today)).toMatchObject({ drl: null, reason: 'no_procedure' });
    expect(await applicable('thorax', 'PA', 40, null, today)).toMatchObject({ drl: null, reason: 'no_quantity' });
    // the seed's UK example for CT thorax is the department's own value, valid from 2024-11-20
    expect(await applicable('ct-thorax', null, 60, 'ctdivol', today)).toMatchObject({
      drl: 8.5,
      reference_set: null,
      reference_label: 'CT chest, lung cancer',
      reason: null,
    });
    expect(await applicable('ct-thorax', null, 60, 'ctdivol', '2024-01-01')).toMatchObject({ drl: null, reason: 'no_reference' });
    // the mapping is audited, in the admin's name
    const audit = (await auditOf('drl.procedure_mapped')).filter((a) => a.actor_id !== null);
    expect(audit.map((a) => [a.actor_id, a.details['procedure_code'], a.details['old'], a.details['new']])).toEqual([
      [DEMO_PEOPLE.jeroen.personId, 'thorax', null, 'chest-pa'],
      [DEMO_PEOPLE.jeroen.personId, 'bekken', null, 'pelvis-ap'],
      [DEMO_PEOPLE.jeroen.personId, 'mammo', null, 'mammography'],
    ]);
  });

  it('lets only the admin set, adopt and remove the department’s values', async () => {
    const args = {
      procedure_id: procedure['thorax'],
      quantity: 'dap',
      published_value: 100,
      published_unit: 'mGy·cm²',
      source: 'test',
    };
    for (const who of ['petra', 'anna', 'fatima'] as const) {
      const set = await as[who].rpc('set_site_reference', args);
      expect({ who, code: set.error?.code }).toEqual({ who, code: '42501' });
      const adopt = await as[who].rpc('adopt_reference_value', {
        value_id: '00000000-0000-4000-8000-000000000000',
        procedure_id: procedure['thorax'],
      });
      expect({ who, code: adopt.error?.code }).toEqual({ who, code: '42501' });
      const remove = await as[who].rpc('remove_site_reference', { id: '00000000-0000-4000-8000-000000000000' });
      expect({ who, code: remove.error?.code }).toEqual({ who, code: '42501' });
    }
    expect((await env.client().rpc('set_site_reference', args)).error).not.toBeNull();
    // another site's admin cannot put a value on this site's procedure
    const foreign = await as.other.rpc('set_site_reference', args);
    expect(foreign.error?.message).toMatch(/no procedure/u);
    // nobody writes a drl audit row by hand, not even the admin
    for (const who of ['petra', 'jeroen'] as const) {
      const forged = await as[who]
        .from('audit_log')
        .insert({ site_id: DEMO_SITE_ID, actor_id: DEMO_PEOPLE[who].personId, action: 'drl.created', target_table: 'drls' });
      expect({ who, status: forged.status }).toEqual({ who, status: 403 });
    }
    expect((await query<{ n: number }>(`select count(*)::int as n from public.drls where source = 'test'`))[0]?.n).toBe(0);
  });

  it('takes the department’s own value first: the most specific view, age band and thickness, valid on the date', async () => {
    // the department's chest PA value, given as published in mGy·cm²
    const own = await as.jeroen.rpc('set_site_reference', {
      procedure_id: procedure['thorax'],
      quantity: 'dap',
      published_value: 100,
      published_target: 50,
      published_unit: 'mGy·cm²',
      view_position: 'PA',
      label: 'Thorax PA (afdeling)',
      source: 'Afdeling, 2026',
      valid_from: '2026-01-01',
    });
    expect(own.error).toBeNull();
    const ownId = own.data as string;
    const stored = await service
      .from('drls')
      .select('unit, drl_value, target_value, published_value, published_unit, reference_set, updated_by')
      .eq('id', ownId)
      .single();
    expect(stored.data).toEqual({
      unit: 'Gy·cm²',
      drl_value: 0.1,
      target_value: 0.05,
      published_value: 100,
      published_unit: 'mGy·cm²',
      reference_set: null,
      updated_by: DEMO_PEOPLE.jeroen.personId,
    });
    expect(await applicable('thorax', 'PA', 40, 'dap', today)).toMatchObject({
      drl: 0.1,
      target: 0.05,
      reference_set: null,
      reference_label: 'Thorax PA (afdeling)',
      source: 'Afdeling, 2026',
      reason: null,
    });
    // before it was valid, the Dutch value applied
    expect(await applicable('thorax', 'PA', 40, 'dap', '2025-06-01')).toMatchObject({ drl: 0.12, reference_set: 'nl-drn-2012' });

    // any view (a lateral now has one), a children's band, and a lateral-family value
    const anyView = await as.jeroen.rpc('set_site_reference', {
      procedure_id: procedure['thorax'],
      quantity: 'dap',
      published_value: 0.3,
      published_unit: 'Gy·cm²',
      source: 'Afdeling, 2026',
      valid_from: '2026-01-01',
    });
    expect(anyView.error).toBeNull();
    const children = await as.jeroen.rpc('set_site_reference', {
      procedure_id: procedure['thorax'],
      quantity: 'dap',
      published_value: 5,
      published_unit: 'cGy·cm²',
      view_position: 'PA',
      age_min: 0,
      age_max: 17,
      source: 'Afdeling, 2026',
      valid_from: '2026-01-01',
    });
    expect(children.error).toBeNull();
    const lateral = await as.jeroen.rpc('set_site_reference', {
      procedure_id: procedure['thorax'],
      quantity: 'dap',
      published_value: 40,
      published_unit: 'µGy·m²',
      view_position: 'LAT',
      source: 'Afdeling, 2026',
      valid_from: '2026-01-01',
    });
    expect(lateral.error).toBeNull();
    expect(await applicable('thorax', 'PA', 40, 'dap', today)).toMatchObject({ drl: 0.1 });
    expect(await applicable('thorax', 'PA', 10, 'dap', today)).toMatchObject({ drl: 0.05, target: null });
    expect(await applicable('thorax', 'PA', null, 'dap', today)).toMatchObject({ drl: 0.1 });
    expect(await applicable('thorax', 'RL', 40, 'dap', today)).toMatchObject({ drl: 0.4 });
    expect(await applicable('thorax', 'AP', 40, 'dap', today)).toMatchObject({ drl: 0.3 });
    expect(await applicable('thorax', null, 40, 'dap', today)).toMatchObject({ drl: 0.3 });
    // another site's values never apply here
    expect(await applicable('knie', 'AP', 40, 'dap', today, null, OTHER_SITE_ID)).toMatchObject({ drl: null, reason: 'no_reference' });

    // a new value from a later date: the earlier one ends there, and each applies on its own dates
    const later = await as.jeroen.rpc('set_site_reference', {
      procedure_id: procedure['thorax'],
      quantity: 'dap',
      published_value: 90,
      published_target: 45,
      published_unit: 'mGy·cm²',
      view_position: 'PA',
      source: 'Afdeling, 2027',
      valid_from: '2027-01-01',
    });
    expect(later.error).toBeNull();
    expect((await service.from('drls').select('valid_to').eq('id', ownId).single()).data?.valid_to).toBe('2027-01-01');
    expect(await applicable('thorax', 'PA', 40, 'dap', '2026-12-31')).toMatchObject({ drl: 0.1 });
    expect(await applicable('thorax', 'PA', 40, 'dap', '2027-01-01')).toMatchObject({ drl: 0.09, target: 0.045 });

    // mammography by compressed breast thickness: the FANC table adopted, the nearest thickness applies
    const fanc = await query<{ id: string; thickness_mm: string | null }>(
      `select id, thickness_mm::text from public.dose_reference_values where set_code = 'be-fanc' and exam_key = 'mammography'`,
    );
    for (const value of fanc) {
      const adopted = await as.jeroen.rpc('adopt_reference_value', { value_id: value.id, procedure_id: procedure['mammo'] });
      expect(adopted.error).toBeNull();
    }
    expect(await applicable('mammo', 'CC', 55, 'organ_dose', today, 50)).toMatchObject({ drl: 2.1, target: 1.3, reference_set: 'be-fanc' });
    expect(await applicable('mammo', 'CC', 55, 'organ_dose', today, 47)).toMatchObject({ drl: 1.8, target: 1.1 });
    expect(await applicable('mammo', 'MLO', 55, 'organ_dose', today, 120)).toMatchObject({ drl: 4, target: 2.3 });
    expect(await applicable('mammo', 'CC', 55, 'organ_dose', today, null)).toMatchObject({
      drl: 2,
      target: 1.4,
      reference_label: 'Mammography',
      source: expect.stringContaining('FANC'),
    });
  });

  it('adopts catalogue values beside or in place of the department’s, keeps the set until changed, and removes', async () => {
    const valueId = async (set: string, exam: string): Promise<string> =>
      (await query<{ id: string }>(`select id from public.dose_reference_values where set_code = $1 and exam_key = $2`, [set, exam]))[0]
        ?.id as string;
    const belgian = await valueId('be-fanc', 'pelvis-ap');
    const first = await as.jeroen.rpc('adopt_reference_value', { value_id: belgian, procedure_id: procedure['bekken'] });
    expect(first.error).toBeNull();
    expect(await applicable('bekken', 'AP', 60, 'dap', today)).toMatchObject({
      drl: 1.8,
      target: 1,
      reference_set: 'be-fanc',
      reason: null,
    });
    // adopting it again the same day replaces it (one value per procedure, quantity, view, age band and thickness)
    const again = await as.jeroen.rpc('adopt_reference_value', { value_id: belgian, procedure_id: procedure['bekken'] });
    expect(again.error).toBeNull();
    const rowsOf = async () =>
      query<{ id: string; reference_set: string; reference_value_id: string; published_value: number; published_unit: string }>(
        `select id, reference_set, reference_value_id, published_value, published_unit from public.drls where procedure_id = $1 order by published_value`,
        [procedure['bekken']],
      );
    expect(await rowsOf()).toEqual([
      { id: again.data, reference_set: 'be-fanc', reference_value_id: belgian, published_value: 1800, published_unit: 'mGy·cm²' },
    ]);
    // the German value is for adults (age band from 18): beside the Belgian one (no band), the more specific for adults
    const german = await valueId('de-bfs-2022', 'pelvis-ap');
    const second = await as.jeroen.rpc('adopt_reference_value', { value_id: german, procedure_id: procedure['bekken'] });
    expect(second.error).toBeNull();
    expect(await rowsOf()).toEqual([
      { id: second.data, reference_set: 'de-bfs-2022', reference_value_id: german, published_value: 230, published_unit: 'cGy·cm²' },
      { id: again.data, reference_set: 'be-fanc', reference_value_id: belgian, published_value: 1800, published_unit: 'mGy·cm²' },
    ]);
    expect(await applicable('bekken', 'AP', 60, 'dap', today)).toMatchObject({ drl: 2.3, target: null, reference_set: 'de-bfs-2022' });
    expect(await applicable('bekken', 'AP', null, 'dap', today)).toMatchObject({ drl: 2.3, reference_set: 'de-bfs-2022' });
    expect(await applicable('bekken', 'AP', 12, 'dap', today)).toMatchObject({ drl: 1.8, reference_set: 'be-fanc' });

    // changed by the admin: no longer the catalogue's value, the department's own
    const edited = await as.jeroen.rpc('set_site_reference', {
      id: second.data,
      procedure_id: procedure['bekken'],
      quantity: 'dap',
      published_value: 210,
      published_unit: 'cGy·cm²',
      age_min: 18,
      source: 'BfS 2022, lowered by the department',
      valid_from: today,
    });
    expect(edited.error).toBeNull();
    expect(edited.data).toBe(second.data);
    expect(await applicable('bekken', 'AP', 60, 'dap', today)).toMatchObject({ drl: 2.1, reference_set: null });

    const removed = await as.jeroen.rpc('remove_site_reference', { id: second.data });
    expect(removed.error).toBeNull();
    expect(await applicable('bekken', 'AP', 60, 'dap', today)).toMatchObject({ drl: 1.8, reference_set: 'be-fanc' });
    expect((await as.jeroen.rpc('remove_site_reference', { id: again.data })).error).toBeNull();
    expect(await applicable('bekken', 'AP', 60, 'dap', today)).toMatchObject({ drl: 3, reference_set: 'nl-drn-2012' });
    expect(await applicable('bekken', 'AP', 12, 'dap', today)).toMatchObject({ drl: null, reason: 'not_adult' });
    const twice = await as.jeroen.rpc('remove_site_reference', { id: second.data });
    expect(twice.error?.message).toMatch(/no reference value/u);
    // an unknown unit is refused, with nothing stored
    const badUnit = await as.jeroen.rpc('set_site_reference', {
      procedure_id: procedure['bekken'],
      quantity: 'dap',
      published_value: 3,
      published_unit: 'mGy',
      source: 'x',
    });
    expect(badUnit.error?.message).toMatch(/not a unit of dap/u);
  });

  it('audits every change of the department’s values by trigger: created, changed (old and new), removed', async () => {
    const created = await auditOf('drl.created');
    const changed = await auditOf('drl.changed');
    const removed = await auditOf('drl.removed');
    const mine = (rows: typeof created) => rows.filter((r) => r.actor_id === DEMO_PEOPLE.jeroen.personId);
    // the seed's values were created by the service role (no actor); the admin's in his name
    expect(created.filter((r) => r.actor_id === null).length).toBeGreaterThanOrEqual(1);
    const bekken = procedure['bekken'];
    const bekkenCreated = mine(created).filter((r) => (r.details['new'] as Record<string, unknown>)['procedure_id'] === bekken);
    expect(bekkenCreated.map((r) => (r.details['new'] as Record<string, unknown>)['reference_set'])).toEqual([
      'be-fanc',
      'be-fanc',
      'de-bfs-2022',
    ]);
    // the Belgian value gave way to itself adopted again the same day; then the edited German one and the Belgian removed
    const bekkenRemoved = mine(removed).filter((r) => (r.details['old'] as Record<string, unknown>)['procedure_id'] === bekken);
    expect(bekkenRemoved.map((r) => (r.details['old'] as Record<string, unknown>)['reference_set'])).toEqual(['be-fanc', null, 'be-fanc']);
    // the edit: old and new, as published and canonical
    const edit = mine(changed).find((r) => (r.details['new'] as Record<string, unknown>)['published_value'] === 210);
    expect(edit?.details['old']).toMatchObject({
      published_value: 230,
      published_unit: 'cGy·cm²',
      drl_value: 2.3,
      reference_set: 'de-bfs-2022',
    });
    expect(edit?.details['new']).toMatchObject({ published_value: 210, published_unit: 'cGy·cm²', drl_value: 2.1, reference_set: null });
    // the chest PA value that a later one closed: changed, valid_to from null to the new start
    const closed = mine(changed).find(
      (r) =>
        (r.details['old'] as Record<string, unknown>)['valid_to'] === null &&
        (r.details['new'] as Record<string, unknown>)['valid_to'] === '2027-01-01',
    );
    expect(closed).toBeDefined();
    // an update that changes nothing is not a change
    const before = (await auditOf('drl.changed')).length;
    const same = await query<{ id: string }>(`select id from public.drls where procedure_id = $1 limit 1`, [procedure['thorax']]);
    await query('update public.drls set notes = notes where id = $1', [same[0]?.id]);
    expect((await auditOf('drl.changed')).length).toBe(before);
    // the audit rows are the quality officer's and admin's to read, not a radiographer's
    expect(((await as.fatima.from('audit_log').select('id').like('action', 'drl.%')).data ?? []).length).toBe(
      created.length + changed.length + removed.length + (await auditOf('drl.procedure_mapped')).length,
    );
    expect((await as.petra.from('audit_log').select('id').like('action', 'drl.%')).data).toEqual([]);
  });

  it('compares an image with its reference for the viewer, only for those who may see the image', async () => {
    const chest = await addImage(
      { modality: 'DX', procedure_id: procedure['thorax'], view_position: 'PA', patient_age_years: 45, dap_gy_cm2: 0.331 },
      [DEMO_PEOPLE.petra.personId],
    );
    const ct = await addImage(
      { modality: 'CT', procedure_id: procedure['ct-thorax'], patient_age_years: 60, ctdivol_mgy: 7, dlp_mgy_cm: 300 },
      [DEMO_PEOPLE.petra.personId],
    );
    const mammo = await addImage(
      {
        modality: 'MG',
        procedure_id: procedure['mammo'],
        view_position: 'CC',
        patient_age_years: 55,
        organ_dose_mgy: 1.2,
        body_part_thickness_mm: 52,
      },
      [DEMO_PEOPLE.daan.personId],
    );
    const unmapped = await addImage({ modality: 'DX', procedure_id: null, dap_gy_cm2: 0.2 }, [DEMO_PEOPLE.petra.personId]);
    const elsewhere = await addImage({ modality: 'DX', dap_gy_cm2: 0.5 }, [OTHER_PERSON_ID], OTHER_SITE_ID);

    const read = async (client: SupabaseClient, sop: string) => {
      const { data, error } = await client.rpc('image_dose_reference', { sop_instance_uid: sop });
      expect(error).toBeNull();
      return data as Array<Record<string, unknown>>;
    };
    const [dap] = await read(as.petra, chest);
    expect(dap).toMatchObject({
      quantity: 'dap',
      value: 0.331,
      unit: 'Gy·cm²',
      drl: 0.1,
      target: 0.05,
      reference_set: null,
      reference_label: 'Thorax PA (afdeling)',
      reason: null,
      status: 'above_drl',
    });
    expect(dap?.['percent_of_drl']).toBeCloseTo(331, 9);
    // an image made before the department's value was set is compared with the value in force now, as the
    // whole-period analysis does (a value adopted today applies to the images already there)
    const older = await addImage(
      {
        modality: 'DX',
        procedure_id: procedure['thorax'],
        view_position: 'PA',
        patient_age_years: 45,
        dap_gy_cm2: 0.331,
        study_date: '2020-06-01',
      },
      [DEMO_PEOPLE.petra.personId],
    );
    expect((await read(as.petra, older))[0]).toMatchObject({ drl: 0.1, reference_label: 'Thorax PA (afdeling)', status: 'above_drl' });

    // CT: CTDIvol against the seed's UK example (the department's), DLP too
    expect((await read(as.petra, ct)).map((r) => [r['quantity'], r['value'], r['unit'], r['drl'], r['status']])).toEqual([
      ['ctdivol', 7, 'mGy', 8.5, 'at_or_below_target'],
      ['dlp', 300, 'mGy·cm', 290, 'above_drl'],
    ]);
    // MG: the AGD at the nearest tabulated thickness (53 mm: 2.1 / 1.3)
    expect(await read(as.daan, mammo)).toEqual([
      expect.objectContaining({
        quantity: 'organ_dose',
        value: 1.2,
        drl: 2.1,
        target: 1.3,
        reference_set: 'be-fanc',
        status: 'at_or_below_target',
      }),
    ]);
    // no procedure: the reason, no band
    expect(await read(as.petra, unmapped)).toEqual([
      expect.objectContaining({
        quantity: 'dap',
        value: 0.2,
        drl: null,
        reason: 'no_procedure',
        status: 'no_reference',
        percent_of_drl: null,
      }),
    ]);
    // who sees what: not a colleague's image, yes for reviewers and up, never another site's
    expect(await read(as.daan, chest)).toEqual([]);
    expect(await read(as.petra, mammo)).toEqual([]);
    expect((await read(as.anna, chest)).length).toBe(1);
    expect((await read(as.fatima, mammo)).length).toBe(1);
    expect(await read(as.jeroen, elsewhere)).toEqual([]);
    expect(await read(as.other, chest)).toEqual([]);
    expect((await env.client().rpc('image_dose_reference', { sop_instance_uid: chest })).error).not.toBeNull();
  });

  it('iqs drl set records the value as published and iqs drl list shows its set', async () => {
    const lines: string[] = [];
    const output = {
      out: (line: string) => lines.push(line),
      err: (line: string) => lines.push(line),
      progress: { write: () => undefined },
    };
    const code = await run(
      [
        'drl',
        'set',
        '--site',
        'demo',
        '--procedure',
        'lwk',
        '--quantity',
        'dap',
        '--value',
        '200',
        '--target',
        '100',
        '--unit',
        'cGy·cm²',
        '--view',
        'AP',
        '--source',
        'Afdeling',
        '--valid-from',
        '2026-02-01',
      ],
      cliEnv,
      output,
    );
    expect({ code, lines }).toEqual({
      code: 0,
      lines: [expect.stringContaining('DRL 2, streefwaarde 1 Gy·cm² (as published: 200/100 cGy·cm²) from 2026-02-01')],
    });
    const stored = await query<Record<string, unknown>>(
      `select drl_value, target_value, published_value, published_target, published_unit, reference_set from public.drls where procedure_id = $1`,
      [procedure['lwk']],
    );
    expect(stored).toEqual([
      { drl_value: 2, target_value: 1, published_value: 200, published_target: 100, published_unit: 'cGy·cm²', reference_set: null },
    ]);
    // the same day again: the earlier value gives way; without --unit the canonical unit is the published one
    lines.length = 0;
    expect(
      await run(
        [
          'drl',
          'set',
          '--site',
          'demo',
          '--procedure',
          'lwk',
          '--quantity',
          'dap',
          '--value',
          '1.9',
          '--view',
          'AP',
          '--source',
          'Afdeling',
          '--valid-from',
          '2026-02-01',
        ],
        cliEnv,
        output,
      ),
    ).toBe(0);
    expect(
      await query(`select drl_value, published_value, published_unit from public.drls where procedure_id = $1`, [procedure['lwk']]),
    ).toEqual([{ drl_value: 1.9, published_value: 1.9, published_unit: 'Gy·cm²' }]);
    // a unit of another quantity is refused as bad input
    lines.length = 0;
    expect(
      await run(
        ['drl', 'set', '--site', 'demo', '--procedure', 'lwk', '--quantity', 'dap', '--value', '2', '--unit', 'mGy', '--source', 'x'],
        cliEnv,
        output,
      ),
    ).toBe(2);
    expect(lines.join('\n')).toMatch(/mGy is not a unit of dap/u);

    lines.length = 0;
    expect(await run(['drl', 'list', '--site', 'demo'], cliEnv, output)).toBe(0);
    expect(lines).toContainEqual(
      expect.stringMatching(/^Lumbar spine X-ray AP: dap DRL 1\.9 Gy·cm² \(from 2026-02-01; Afdeling\) \[department’s own\]$/u),
    );
    expect(lines).toContainEqual(
      expect.stringMatching(/^Mammography, 53 mm: organ_dose DRL 2\.1, streefwaarde 1\.3 mGy .*\[set be-fanc\]$/u),
    );
    expect(lines).toContainEqual(
      expect.stringMatching(
        /^Thorax PA \(afdeling\) PA: dap DRL 0\.1, streefwaarde 0\.05 Gy·cm² \(from 2026-01-01 until 2027-01-01; Afdeling, 2026; as published 100\/50 mGy·cm²\) \[department’s own\]$/u,
      ),
    );
  });
});
