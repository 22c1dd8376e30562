/**
 * The Supabase project's migrations and seed, on the embedded engine (PGlite, PostgreSQL 18) and on PostgreSQL 15:
 * they apply cleanly in order, every table is behind Row Level Security, the anon role holds no table privileges,
 * the seed agrees with the demo data, and the extension's database types match the schema.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { DEMO_PEOPLE, DEMO_SITE_ID } from '@iqs/demo-department';
import { PROCEDURES, RADIOGRAPHERS, STATIONS } from '@iqs/demo-department';
import { generateDatabaseTypes } from '@iqs/supabase-local';
import { MAPPABLE_FIELDS } from '@iqs/domain';
import { ENGINES, openTestDatabase } from '../../../test/support/engines';

const MIGRATIONS = path.resolve(__dirname, '../../supabase/migrations');
const SEED = path.resolve(__dirname, '../../supabase/seed.sql');
const TYPES_FILE = path.resolve(__dirname, '../../../packages/database/src/database.types.ts');

jest.setTimeout(120_000);

describe.each(ENGINES)('the Supabase project on %s', (engine) => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;

  beforeAll(async () => {
    db = await openTestDatabase(engine, { migrationsDir: MIGRATIONS, seedFile: SEED });
  });
  afterAll(async () => {
    await db?.close();
  });

  const rows = async <R = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<R[]> => (await db.query<R>(sql, params)).rows;

  it('applied every migration, in order, as the Supabase CLI records them', async () => {
    const files = readdirSync(MIGRATIONS)
      .filter((f) => f.endsWith('.sql'))
      .sort();
    const applied = await rows<{ version: string; name: string }>(
      'select version, name from supabase_migrations.schema_migrations order by version',
    );
    expect(applied.map((m) => m.version)).toEqual(files.map((f) => f.split('_')[0]));
  });

  it('has Row Level Security on every table in the API schema, and no privileges for anon', async () => {
    const tables = await rows<{ relname: string; relrowsecurity: boolean }>(
      `select c.relname, c.relrowsecurity from pg_class c join pg_namespace n on n.oid = c.relnamespace
       where n.nspname = 'public' and c.relkind = 'r' order by c.relname`,
    );
    expect(tables.length).toBeGreaterThanOrEqual(20);
    expect(tables.filter((t) => !t.relrowsecurity).map((t) => t.relname)).toEqual([]);
    const anonGrants = await rows(
      `select table_name, privilege_type from information_schema.role_table_grants where grantee = 'anon' and table_schema = 'public'`,
    );
    expect(anonGrants).toEqual([]);
  });

  it('keeps the policy helpers out of the API', async () => {
    const exposed = await rows<{ proname: string }>(
      `select p.proname from pg_proc p join pg_namespace n on n.oid = p.pronamespace where n.nspname = 'public' and p.prosecdef`,
    );
    expect(exposed).toEqual([]);
  });

  it('accepts a station tag mapping on exactly the fields the ingestion can map', async () => {
    const valid = async (mapping: unknown): Promise<boolean> =>
      (await rows<{ ok: boolean }>('select private.is_valid_tag_mapping($1::jsonb) as ok', [JSON.stringify(mapping)]))[0]?.ok === true;
    for (const field of Object.keys(MAPPABLE_FIELDS))
      expect({ field, valid: await valid([{ tag: '00191021', field, unit: 'mGy' }]) }).toEqual({ field, valid: true });
    for (const field of ['patient_age_years', 'study_date', 'rejected', ''])
      expect({ field, valid: await valid([{ tag: '00191021', field, unit: 'mGy' }]) }).toEqual({ field, valid: false });
    expect(await valid([])).toBe(true);
    expect(await valid([{ tag: '0019102', field: 'dap_gy_cm2' }])).toBe(false);
    expect(await valid({})).toBe(false);
  });

  it('stores no patient names, IDs or birth dates', async () => {
    const columns = await rows<{ column_name: string }>(`select column_name from information_schema.columns where table_schema = 'public'`);
    const names = columns.map((c) => c.column_name);
    for (const forbidden of ['patient_name', 'patient_id', 'patient_birth_date', 'birth_date', 'accession_number'])
      expect(names).not.toContain(forbidden);
  });

  it('seeds the demo department as the demo data names it', async () => {
    const aliases = await rows<{ raw_name: string }>('select raw_name from public.operator_aliases where site_id = $1 order by raw_name', [
      DEMO_SITE_ID,
    ]);
    expect(aliases.map((a) => a.raw_name)).toEqual(RADIOGRAPHERS.map((r) => r.operatorName).sort());
    const stations = await rows<{ station_name: string; modality: string }>(
      'select station_name, modality from public.stations where site_id = $1 order by station_name',
      [DEMO_SITE_ID],
    );
    expect(stations).toEqual(
      STATIONS.map((s) => ({ station_name: s.stationName, modality: s.modality })).sort((a, b) =>
        a.station_name.localeCompare(b.station_name),
      ),
    );
    const procedures = await rows<{ code: string }>('select code from public.procedures where site_id = $1 order by code', [DEMO_SITE_ID]);
    expect(procedures.map((p) => p.code)).toEqual(PROCEDURES.map((p) => p.code).sort());
    // every demo study description maps to its procedure through the aliases
    for (const procedure of PROCEDURES) {
      const matched = await rows<{ code: string }>(
        `select p.code from public.procedure_aliases a join public.procedures p on p.id = a.procedure_id
         where a.site_id = $1 and $2 ilike a.pattern order by a.priority desc limit 1`,
        [DEMO_SITE_ID, procedure.studyDescription],
      );
      expect({ description: procedure.studyDescription, code: matched[0]?.code }).toEqual({
        description: procedure.studyDescription,
        code: procedure.code,
      });
    }
  });

  it('seeds a login for each role, tied to a person who is in the demo images', async () => {
    const logins = await rows<{ email: string; role: string; person_id: string; raw_name: string }>(
      `select u.email, p.role::text as role, p.id as person_id, a.raw_name
       from auth.users u join public.people p on p.auth_user_id = u.id
       join public.operator_aliases a on a.person_id = p.id order by u.email`,
    );
    expect(logins).toEqual(
      Object.values(DEMO_PEOPLE)
        .map((d) => ({ email: d.email, role: d.role, person_id: d.personId, raw_name: d.operatorName }))
        .sort((a, b) => a.email.localeCompare(b.email)),
    );
    expect(new Set(logins.map((l) => l.role))).toEqual(new Set(['radiographer', 'reviewer', 'quality_officer', 'admin']));
  });

  it('seeds the catalogue: CID 7011 and local reject reasons, EUR 16260 and generic forms, the UK CT example levels', async () => {
    const reasons = await rows<{ coding_scheme: string; n: number }>(
      'select coding_scheme, count(*)::int as n from public.reject_reasons group by 1 order by 1',
    );
    expect(reasons).toEqual([
      { coding_scheme: 'DCM', n: 16 },
      { coding_scheme: 'IQS', n: 13 },
    ]);
    const unlabelled = await rows("select code from public.reject_reasons where btrim(label_nl) = '' or btrim(label_en) = ''");
    expect(unlabelled).toEqual([]);
    const forms = await rows<{ code: string }>('select code from public.scoring_forms order by code');
    expect(forms.map((f) => f.code)).toEqual([
      'chest-lat',
      'chest-pa',
      'ct-chest',
      'generic',
      'hand-oblique',
      'hand-pa',
      'knee-ap',
      'knee-lat',
      'lumbar-ap',
      'lumbar-lat',
      'mammo-cc',
      'mammo-mlo',
      'pelvis-ap',
      'skull-lat',
      'skull-pa',
    ]);
    const everyFormEndsWithAGrade = await rows(
      `select f.code from public.scoring_forms f where not exists (select 1 from public.scoring_criteria c where c.form_id = f.id and c.kind = 'grade' and c.required)`,
    );
    expect(everyFormEndsWithAGrade).toEqual([]);
    const chest = await rows<{ quantity: string; drl_value: number; unit: string }>(
      `select quantity::text, drl_value, unit from public.drls where label = 'CT chest, lung cancer' order by quantity`,
    );
    expect(chest).toEqual([
      { quantity: 'ctdivol', drl_value: 8.5, unit: 'mGy' },
      { quantity: 'dlp', drl_value: 290, unit: 'mGy·cm' },
    ]);
    expect(await rows(`select id from public.drls where source is null or source not like 'UKHSA%'`)).toEqual([]);
  });

  it('matches the extension’s generated database types (npm run db:types)', async () => {
    const generated = await generateDatabaseTypes(async (sql) => rows(sql));
    expect(generated).toBe(readFileSync(TYPES_FILE, 'utf8'));
  });
});
