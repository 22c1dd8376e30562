/**
 * Follow-up actions (issue 13, migration 33) on both engines, through supabase-js as the demo people: who sees and
 * changes which action (RLS), what the database fills (created_by/at, updated_at, completed_at with the state), the
 * owner an active person of the site, the limits, overdue / on time against an independent computation from the raw
 * rows, and the audit written by the database only.
 */
import type { SupabaseClient } from '@supabase/supabase-js';
import { DEMO_PASSWORD, DEMO_PEOPLE, DEMO_SITE_ID } from '@iqs/demo-department';
import { ENGINES } from '../../../test/support/engines';
import { startEvaluationWorld, type EvaluationWorld } from './evaluationFixtures';

jest.setTimeout(300_000);

const PETRA = DEMO_PEOPLE.petra.personId;
const DAAN = DEMO_PEOPLE.daan.personId;
const FATIMA = DEMO_PEOPLE.fatima.personId;
const JEROEN = DEMO_PEOPLE.jeroen.personId;
const OTHER_SITE_ID = 'a0000000-0000-4000-8000-0000000000a3';
const OTHER_EMAIL = 'kwaliteit@elders.actions.example';

interface RawAction {
  id: string;
  state: string;
  due_date: string;
  completed_at: string | null;
}

describe.each(ENGINES)('follow-up actions on %s', (engine) => {
  let world: EvaluationWorld;
  let other: SupabaseClient;
  let today: string;

  const db = <R>(sql: string, params?: unknown[]) => world.env.db.query<R>(sql, params).then((r) => r.rows);
  const rowOf = async (id: string) =>
    (
      await db<{ created_by: string; created_at: string; updated_at: string; completed_at: string | null; state: string }>(
        `select created_by, created_at::text, updated_at::text, completed_at::text, state::text from public.quality_actions where id = $1`,
        [id],
      )
    )[0];
  const auditOf = (id: string) =>
    db<{ actor_id: string | null; action: string; details: Record<string, { old: unknown; new: unknown }> }>(
      `select actor_id, action, details from public.audit_log where target_table = 'quality_actions' and target_id = $1 order by id`,
      [id],
    );
  const create = async (client: SupabaseClient, row: Record<string, unknown>) =>
    client
      .from('quality_actions')
      .insert({ title: 'Houding thorax PA', finding_kind: 'reject_analysis', finding_ref: 'section=reject-analysis', ...row })
      .select('id')
      .single();
  const dayBefore = (iso: string, days: number) => new Date(Date.parse(`${iso}T00:00:00Z`) - days * 86_400_000).toISOString().slice(0, 10);

  beforeAll(async () => {
    world = await startEvaluationWorld(engine);
    today = (await db<{ d: string }>('select current_date::text as d'))[0]!.d;
    await world.env.db.query(`insert into public.sites (id, code, name) values ($1, 'elders-acties', 'Elders Ziekenhuis')`, [
      OTHER_SITE_ID,
    ]);
    const created = await world.service.auth.admin.createUser({ email: OTHER_EMAIL, password: DEMO_PASSWORD, email_confirm: true });
    if (created.error) throw new Error(created.error.message);
    await world.env.db.query(
      `insert into public.people (site_id, auth_user_id, display_name, role) values ($1, $2, 'Karin Kwaliteit', 'quality_officer')`,
      [OTHER_SITE_ID, created.data.user?.id],
    );
    other = world.env.client();
    const signedIn = await other.auth.signInWithPassword({ email: OTHER_EMAIL, password: DEMO_PASSWORD });
    if (signedIn.error) throw new Error(signedIn.error.message);
  });
  afterAll(async () => {
    await world?.env.close();
  });

  it('a quality officer gives an action to a radiographer; who and when are the database’s, whatever the client sends', async () => {
    const { data, error } = await create(world.as.fatima, {
      site_id: DEMO_SITE_ID,
      owner_id: PETRA,
      due_date: dayBefore(today, 3),
      created_by: JEROEN,
      created_at: '2001-01-01T00:00:00Z',
      completed_at: '2001-01-02T00:00:00Z',
    });
    expect(error).toBeNull();
    const row = await rowOf(data!.id);
    expect(row?.created_by).toBe(FATIMA);
    expect(row?.created_at.slice(0, 4)).not.toBe('2001');
    expect(row?.completed_at).toBeNull();
    expect(row?.state).toBe('planned');
    // site_id defaults to the caller's site
    const bare = await create(world.as.fatima, { owner_id: DAAN, due_date: today });
    expect(bare.error).toBeNull();
    expect((await db<{ site_id: string }>('select site_id from public.quality_actions where id = $1', [bare.data!.id]))[0]?.site_id).toBe(
      DEMO_SITE_ID,
    );
  });

  it('a radiographer sees and changes only her own actions, and creates actions only for herself', async () => {
    const forPetra = (await create(world.as.fatima, { owner_id: PETRA, due_date: today, title: 'Voor Petra' })).data!.id;
    const forDaan = (await create(world.as.fatima, { owner_id: DAAN, due_date: today, title: 'Voor Daan' })).data!.id;
    const seen = async (client: SupabaseClient) => ((await client.from('quality_actions').select('id')).data ?? []).map((r) => r.id);
    expect(await seen(world.as.petra)).toContain(forPetra);
    expect(await seen(world.as.petra)).not.toContain(forDaan);
    expect(await seen(world.as.daan)).not.toContain(forPetra);
    // the owners of all visible rows: her own only
    const owners = new Set(((await world.as.petra.from('quality_action_overview').select('owner_id')).data ?? []).map((r) => r.owner_id));
    expect([...owners]).toEqual([PETRA]);

    // changing a colleague's action changes nothing
    const { data: changed } = await world.as.petra.from('quality_actions').update({ state: 'in_progress' }).eq('id', forDaan).select('id');
    expect(changed ?? []).toEqual([]);
    expect((await rowOf(forDaan))?.state).toBe('planned');

    // not for a colleague; for herself yes
    const forColleague = await create(world.as.petra, { owner_id: DAAN, due_date: today });
    expect(forColleague.error?.code).toBe('42501');
    const own = await create(world.as.petra, { owner_id: PETRA, due_date: today, title: 'Eigen actie' });
    expect(own.error).toBeNull();
    // handing her own action to a colleague is refused too
    const handOver = await world.as.petra.from('quality_actions').update({ owner_id: DAAN }).eq('id', own.data!.id);
    expect(handOver.error?.code).toBe('42501');
    // what she created she may retitle; what the quality officer gave her: state and outcome only
    expect((await world.as.petra.from('quality_actions').update({ title: 'Eigen actie, beter' }).eq('id', own.data!.id)).error).toBeNull();
    const retitle = await world.as.petra.from('quality_actions').update({ title: 'Anders', due_date: '2099-01-01' }).eq('id', forPetra);
    expect(retitle.error?.code).toBe('42501');
    // she cannot remove one; the quality officer can
    await world.as.petra.from('quality_actions').delete().eq('id', own.data!.id);
    expect(await rowOf(own.data!.id)).toBeDefined();
  });

  it('a quality officer or admin sees the site’s actions; the other site never', async () => {
    const all = (await db<{ id: string }>('select id from public.quality_actions where site_id = $1', [DEMO_SITE_ID]))
      .map((r) => r.id)
      .sort();
    for (const client of [world.as.fatima, world.as.jeroen]) {
      const { data } = await client.from('quality_actions').select('id');
      expect((data ?? []).map((r) => r.id).sort()).toEqual(all);
    }
    expect((await other.from('quality_actions').select('id')).data).toEqual([]);
    expect((await other.from('quality_action_overview').select('id')).data).toEqual([]);
    const intoDemo = await create(other, { site_id: DEMO_SITE_ID, owner_id: PETRA, due_date: today });
    expect(intoDemo.error).not.toBeNull();
    // the other site's quality officer cannot give work to a person of the demo site in her own site either
    const crossOwner = await create(other, { owner_id: PETRA, due_date: today });
    expect(crossOwner.error).not.toBeNull();
    const { data: touched } = await other.from('quality_actions').update({ state: 'cancelled' }).eq('site_id', DEMO_SITE_ID).select('id');
    expect(touched ?? []).toEqual([]);
  });

  it('the owner is an active person of the site; title, texts and due date within their limits; done needs an outcome', async () => {
    const [left] = await db<{ id: string }>(
      `insert into public.people (site_id, display_name, role, active) values ($1, 'Oud Collega', 'radiographer', false) returning id`,
      [DEMO_SITE_ID],
    );
    const toLeaver = await create(world.as.fatima, { owner_id: left!.id, due_date: today });
    expect(toLeaver.error?.code).toBe('23514');
    expect((await create(world.as.fatima, { owner_id: PETRA, due_date: today, title: 'x'.repeat(201) })).error?.code).toBe('23514');
    expect((await create(world.as.fatima, { owner_id: PETRA, due_date: today, title: '   ' })).error?.code).toBe('23514');
    expect((await create(world.as.fatima, { owner_id: PETRA, due_date: today, outcome: 'y'.repeat(4001) })).error?.code).toBe('23514');
    expect((await create(world.as.fatima, { owner_id: PETRA, due_date: '1999-12-31' })).error?.code).toBe('23514');
    expect((await create(world.as.fatima, { owner_id: PETRA, due_date: '2100-01-01' })).error?.code).toBe('23514');
    expect((await create(world.as.fatima, { owner_id: PETRA, due_date: today, state: 'done' })).error?.code).toBe('23514');
    expect((await create(world.as.fatima, { owner_id: PETRA, due_date: today, state: 'done', outcome: '  ' })).error?.code).toBe('23514');
  });

  it('completed_at is set when an action becomes done and cleared when it leaves done; each change audited in the changer’s name', async () => {
    const id = (await create(world.as.fatima, { owner_id: PETRA, due_date: dayBefore(today, 2), title: 'Te laat' })).data!.id;
    const before = await rowOf(id);
    expect((await world.as.petra.from('quality_actions').update({ state: 'in_progress' }).eq('id', id)).error).toBeNull();
    expect((await rowOf(id))?.completed_at).toBeNull();
    expect((await world.as.petra.from('quality_actions').update({ state: 'done' }).eq('id', id)).error?.code).toBe('23514');
    const done = await world.as.petra
      .from('quality_actions')
      .update({ state: 'done', outcome: 'Protocol aangepast', completed_at: '2001-01-01T00:00:00Z' })
      .eq('id', id);
    expect(done.error).toBeNull();
    const closed = await rowOf(id);
    expect(closed?.completed_at).not.toBeNull();
    expect(closed?.completed_at?.slice(0, 4)).not.toBe('2001');
    expect(closed!.updated_at >= before!.updated_at).toBe(true);
    expect(closed?.created_by).toBe(FATIMA);
    // a later change of the outcome keeps the completion time
    await world.as.petra.from('quality_actions').update({ outcome: 'Protocol aangepast en besproken' }).eq('id', id);
    expect((await rowOf(id))?.completed_at).toBe(closed?.completed_at);
    // reopened for another check: no longer completed
    expect((await world.as.fatima.from('quality_actions').update({ state: 'checking' }).eq('id', id)).error).toBeNull();
    expect((await rowOf(id))?.completed_at).toBeNull();

    const audit = await auditOf(id);
    expect(audit.map((a) => [a.action, a.actor_id])).toEqual([
      ['quality_action.created', FATIMA],
      ['quality_action.changed', PETRA],
      ['quality_action.changed', PETRA],
      ['quality_action.changed', PETRA],
      ['quality_action.changed', FATIMA],
    ]);
    expect(audit[1]?.details).toEqual({ state: { old: 'planned', new: 'in_progress' } });
    expect(audit[2]?.details).toEqual({ state: { old: 'in_progress', new: 'done' }, outcome: { old: null, new: 'Protocol aangepast' } });
    expect(audit[4]?.details).toEqual({ state: { old: 'done', new: 'checking' } });

    // removed by the quality officer: audited with what it was
    expect((await world.as.fatima.from('quality_actions').delete().eq('id', id)).error).toBeNull();
    const gone = await auditOf(id);
    expect(gone.at(-1)).toMatchObject({ action: 'quality_action.deleted', actor_id: FATIMA });
    expect(gone.at(-1)?.details).toMatchObject({ title: 'Te laat', owner_id: PETRA, state: 'checking' });
  });

  it('audit rows are written by the database only: nobody inserts, changes or removes them through the API', async () => {
    const id = (await create(world.as.fatima, { owner_id: PETRA, due_date: today })).data!.id;
    const row = {
      site_id: DEMO_SITE_ID,
      actor_id: PETRA,
      action: 'quality_action.changed',
      target_table: 'quality_actions',
      target_id: id,
    };
    expect((await world.as.petra.from('audit_log').insert(row)).error?.code).toBe('42501');
    expect((await world.as.fatima.from('audit_log').insert({ ...row, actor_id: FATIMA })).error?.code).toBe('42501');
    const [first] = await db<{ id: number }>(`select id from public.audit_log where target_id = $1`, [id]);
    await world.as.jeroen.from('audit_log').delete().eq('id', first!.id);
    await world.as.jeroen.from('audit_log').update({ action: 'x' }).eq('id', first!.id);
    expect(await auditOf(id)).toHaveLength(1);
    // the writer behind the trigger is not reachable through the API (schema private)
    const viaApi = await (world.as.petra as unknown as { schema(s: string): SupabaseClient })
      .schema('private')
      .from('audit_log_writer')
      .insert(row);
    expect(viaApi.error).not.toBeNull();
    expect(await auditOf(id)).toHaveLength(1);
  });

  it('overdue and on time as the database says equal the rule computed here from the raw rows', async () => {
    // history written by the service role (which keeps the completion time it sends), and open actions around today
    const cases: Array<Record<string, unknown>> = [
      { state: 'planned', due_date: dayBefore(today, 1) },
      { state: 'in_progress', due_date: dayBefore(today, 30) },
      { state: 'checking', due_date: today },
      { state: 'planned', due_date: dayBefore(today, -5) },
      { state: 'cancelled', due_date: dayBefore(today, 10) },
      { state: 'done', due_date: '2026-03-31', completed_at: '2026-03-31T23:00:00+00', outcome: 'op tijd' },
      { state: 'done', due_date: '2026-03-31', completed_at: '2026-04-02T08:00:00+00', outcome: 'te laat' },
      { state: 'done', due_date: '2026-06-30', completed_at: '2026-01-15T08:00:00+00', outcome: 'ruim op tijd' },
    ];
    for (const c of cases) {
      const { error } = await world.service
        .from('quality_actions')
        .insert({ site_id: DEMO_SITE_ID, title: `Geval ${String(c.state)}`, owner_id: DAAN, created_by: FATIMA, ...c });
      expect(error).toBeNull();
    }
    const raw = await db<RawAction>(
      `select id, state::text, due_date::text, completed_at::text from public.quality_actions where site_id = $1`,
      [DEMO_SITE_ID],
    );
    // completed_at::date is taken in the session's time zone: UTC here, as the computation below
    const [zone] = await db<Record<string, string>>('show timezone');
    expect(Object.values(zone ?? {})[0]).toMatch(/^(UTC|Etc\/UTC|GMT)$/);
    const expected = new Map(
      raw.map((a) => [
        a.id,
        {
          overdue: !['done', 'cancelled'].includes(a.state) && a.due_date < today,
          on_time: a.state === 'done' && a.completed_at !== null && new Date(a.completed_at).toISOString().slice(0, 10) <= a.due_date,
        },
      ]),
    );
    const { data, error } = await world.as.fatima.from('quality_action_overview').select('id, overdue, on_time, owner_name');
    expect(error).toBeNull();
    expect(data).toHaveLength(raw.length);
    for (const row of data ?? [])
      expect({ id: row.id, overdue: row.overdue, on_time: row.on_time }).toEqual({ id: row.id, ...expected.get(row.id) });
    // the cases above cover both answers of each flag
    const flags = [...expected.values()];
    expect(flags.some((f) => f.overdue) && flags.some((f) => !f.overdue)).toBe(true);
    expect(flags.filter((f) => f.on_time)).toHaveLength(2);
    // a radiographer reads the flags of her own actions only, named by her own name
    const daans = await world.as.daan.from('quality_action_overview').select('owner_name, overdue');
    expect(new Set((daans.data ?? []).map((r) => r.owner_name))).toEqual(new Set([DEMO_PEOPLE.daan.name]));
  });
});
