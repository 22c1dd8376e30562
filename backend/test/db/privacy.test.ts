/**
 * Privacy rules as the database enforces them (issue 12, findings 4–6), on both engines, through supabase-js as each
 * demo login: whatever table, view or function a person asks,
 *  a. a radiographer's statistics never name a colleague (their own row and the department's, key null);
 *  b. a colleague's self-evaluation (scores and comments) is the evaluator's: a co-operator of the image does not read it;
 *  c. a peer review's scores reach its subject when the reviewer closes it;
 *  d. while a blind evaluation is open its evaluator (unless quality officer or admin) reads no operator of its images;
 *     nobody reads who marked a reject in IQS (images.rejected_by) through the API;
 *  e. scores one did not give are read only through functions that write 'scores.read' to the audit log.
 */
import type { SupabaseClient } from '@supabase/supabase-js';
import { DEMO_PEOPLE, DEMO_SITE_ID } from '@iqs/demo-department';
import { ENGINES } from '../../../test/support/engines';
import {
  auditEntries,
  JURGEN,
  scoreAll,
  startEvaluation,
  startEvaluationWorld,
  worklist,
  type EvaluationWorld,
  type FixtureImage,
} from './evaluationFixtures';

jest.setTimeout(300_000);

const PETRA = DEMO_PEOPLE.petra.personId;
const DAAN = DEMO_PEOPLE.daan.personId;
const ANNA = DEMO_PEOPLE.anna.personId;
const FATIMA = DEMO_PEOPLE.fatima.personId;
const COLLEAGUES_OF_PETRA = ['Daan Smit', 'Jürgen Müller', 'Fatima Mulder', 'Anna de Vries'];

interface ScoreRow {
  id: string;
  evaluation_item_id: string;
  criterion_id: string;
  value: string | null;
  comment: string | null;
}

describe.each(ENGINES)('privacy by the database on %s', (engine) => {
  let world: EvaluationWorld;
  let petraOnly: FixtureImage[];
  let pair: FixtureImage[];
  let marked: FixtureImage;
  const ev: Record<'daanSelf' | 'petraSelf' | 'peer' | 'quality' | 'blind' | 'blindByFatima', string> = {} as never;
  const itemsOf: Record<string, string[]> = {};
  const MARCH = { from: '2025-03-01', to: '2025-03-31' };

  /** the items of an evaluation and their images, read as the service role */
  const items = async (evaluation: string): Promise<Array<{ id: string; image_id: string }>> => {
    const { data, error } = await world.service.from('evaluation_items').select('id, image_id').eq('evaluation_id', evaluation);
    if (error) throw new Error(error.message);
    return data as Array<{ id: string; image_id: string }>;
  };
  const scoresThrough = async (client: SupabaseClient, evaluation: string): Promise<ScoreRow[]> => {
    const { data, error } = await client
      .from('scores')
      .select('id, evaluation_item_id, criterion_id, value, comment')
      .in('evaluation_item_id', itemsOf[evaluation] as string[]);
    if (error) throw new Error(`scores: ${error.message}`);
    return data as ScoreRow[];
  };
  const allScoresOf = async (evaluation: string): Promise<ScoreRow[]> => {
    const { data, error } = await world.service
      .from('scores')
      .select('id, evaluation_item_id, criterion_id, value, comment')
      .in('evaluation_item_id', itemsOf[evaluation] as string[]);
    if (error) throw new Error(error.message);
    return data as ScoreRow[];
  };
  const statistics = async (client: SupabaseClient, dimension: string, filter: object = {}) => {
    const { data, error } = await client.rpc('score_statistics', { dimension, period: 'all', filter });
    return { rows: (data ?? []) as Array<{ group_key: string | null; group_label: string | null; answered: number }>, error };
  };
  const operatorsThrough = async (client: SupabaseClient, imageIds: string[]) => {
    const { data, error } = await client.from('image_operators').select('image_id, person_id, raw_name').in('image_id', imageIds);
    if (error) throw new Error(`image_operators: ${error.message}`);
    return data as Array<{ image_id: string; person_id: string | null; raw_name: string }>;
  };

  beforeAll(async () => {
    world = await startEvaluationWorld(engine);
    const thorax = (operators: string[], day: number) => ({
      operators,
      procedure: 'thorax',
      view: 'PA',
      date: `2025-03-${String(day).padStart(2, '0')}`,
    });
    petraOnly = await world.addImages([1, 2, 3].map((d) => thorax([PETRA], d)));
    pair = await world.addImages([4, 5, 6].map((d) => thorax([PETRA, DAAN], d)));
    await world.addImages([7, 8, 9, 10].map((d) => thorax([DAAN], d)));
    await world.addImages([thorax([JURGEN], 11), thorax([JURGEN], 12), thorax([PETRA, FATIMA], 13)]);
    [marked] = (await world.addImages([{ operators: [PETRA], procedure: 'thorax', view: 'PA', date: '2025-05-02' }])) as [FixtureImage];

    // Daan evaluates his own images (the pair's among them) with comments; Petra her own
    ev.daanSelf = (await startEvaluation(world.as.daan, { use: 'self', filter: MARCH, sample_size: 7, seed: 1 })).evaluation_id;
    await scoreAll(world, world.as.daan, ev.daanSelf, 11);
    ev.petraSelf = (await startEvaluation(world.as.petra, { use: 'self', filter: MARCH, sample_size: 2, seed: 2 })).evaluation_id;
    await scoreAll(world, world.as.petra, ev.petraSelf, 12);
    // Anna reviews Petra (left open for now), Fatima analyses the month
    ev.peer = (
      await startEvaluation(world.as.anna, { use: 'peer', subject_person_id: PETRA, filter: MARCH, sample_size: 4, seed: 3 })
    ).evaluation_id;
    await scoreAll(world, world.as.anna, ev.peer, 13);
    ev.quality = (await startEvaluation(world.as.fatima, { use: 'quality', filter: MARCH, sample_size: 13, seed: 4 })).evaluation_id;
    await scoreAll(world, world.as.fatima, ev.quality, 14);
    // Anna reviews Daan blind; Fatima analyses blind too (her role reads operators anyway)
    ev.blind = (
      await startEvaluation(world.as.anna, { use: 'peer', subject_person_id: DAAN, filter: MARCH, sample_size: 3, seed: 5, blind: true })
    ).evaluation_id;
    ev.blindByFatima = (
      await startEvaluation(world.as.fatima, {
        use: 'quality',
        filter: { ...MARCH, exclude_evaluated: false },
        sample_size: 3,
        seed: 6,
        blind: true,
      })
    ).evaluation_id;
    for (const id of Object.values(ev)) itemsOf[id] = (await items(id)).map((i) => i.id);
  });

  afterAll(async () => {
    await world?.env.close();
  });

  it('has the world the rules are about', async () => {
    const daanSelfImages = (await items(ev.daanSelf)).map((i) => i.image_id);
    expect(pair.every((p) => daanSelfImages.includes(p.id))).toBe(true);
    expect((await allScoresOf(ev.daanSelf)).some((s) => s.comment !== null)).toBe(true);
    expect((await allScoresOf(ev.peer)).length).toBeGreaterThan(0);
    expect(itemsOf[ev.blind]?.length).toBe(3);
  });

  describe('a. statistics never name a colleague', () => {
    it('Petra’s statistics by radiographer: her own row and the department’s, no colleague by name', async () => {
      const { rows, error } = await statistics(world.as.petra, 'radiographer');
      expect(error).toBeNull();
      const labels = [...new Set(rows.map((r) => r.group_label))];
      for (const colleague of COLLEAGUES_OF_PETRA) expect(labels).not.toContain(colleague);
      expect(new Set(rows.map((r) => r.group_key))).toEqual(new Set([PETRA, null]));
      expect(labels).toContain('Petra Jansen');
    });

    it('by group: the department’s row only, never a colleague’s band or group', async () => {
      const { rows, error } = await statistics(world.as.petra, 'group');
      expect(error).toBeNull();
      expect(rows.length).toBeGreaterThan(0);
      expect(new Set(rows.map((r) => r.group_key))).toEqual(new Set([null]));
    });

    it('a filter on a colleague or a group is refused (42501); on oneself it is allowed', async () => {
      expect((await statistics(world.as.petra, 'criterion', { operator_person_id: DAAN })).error?.code).toBe('42501');
      expect((await statistics(world.as.anna, 'criterion', { operator_person_id: DAAN })).error?.code).toBe('42501');
      expect((await statistics(world.as.petra, 'criterion', { group: { kind: 'service_years', band: '10+' } })).error?.code).toBe('42501');
      expect((await statistics(world.as.petra, 'criterion', { operator_person_id: PETRA })).error).toBeNull();
    });

    it('the quality officer still reads every radiographer by name', async () => {
      const { rows, error } = await statistics(world.as.fatima, 'radiographer');
      expect(error).toBeNull();
      expect(rows.map((r) => r.group_label)).toEqual(expect.arrayContaining(['Petra Jansen', 'Daan Smit']));
    });

    it('reject and dose analysis by radiographer: Petra’s own row and the department’s, no colleague', async () => {
      const rejects = await world.as.petra.rpc('reject_analysis', { dimension: 'radiographer', period: 'all', filter: {} });
      expect(rejects.error).toBeNull();
      const doses = await world.as.petra.rpc('dose_analysis', { quantity: 'dap', dimension: 'radiographer', period: 'all', filter: {} });
      expect(doses.error).toBeNull();
      for (const rows of [rejects.data, doses.data] as Array<Array<{ key: string | null; label: string | null }>>) {
        for (const row of rows) expect([PETRA, null]).toContain(row.key);
        for (const colleague of COLLEAGUES_OF_PETRA) expect(rows.map((r) => r.label)).not.toContain(colleague);
      }
    });
  });

  describe('b. a colleague’s self-evaluation stays the evaluator’s', () => {
    it('Petra reads none of Daan’s self-evaluation scores or comments on the images they made together', async () => {
      expect(await scoresThrough(world.as.petra, ev.daanSelf)).toEqual([]);
      const read = await world.as.petra.rpc('evaluation_scores', { evaluation: ev.daanSelf });
      expect(read.error?.code).toBe('42501');
      expect((await world.as.petra.rpc('evaluation_summary', { evaluation: ev.daanSelf })).error?.code).toBe('42501');
      const items = await world.as.petra.from('evaluation_items').select('id').eq('evaluation_id', ev.daanSelf);
      expect(items.data).toEqual([]);
      expect((await world.as.petra.rpc('evaluation_reviewer', { evaluation: ev.daanSelf })).data).toEqual([]);
    });

    it('nor through her statistics: only her own self-evaluation, the quality analysis (and closed reviews) count', async () => {
      const { rows } = await statistics(world.as.petra, 'criterion', { use: 'self' });
      const own = (await allScoresOf(ev.petraSelf)).length;
      const answered = rows.reduce((n, r) => n + r.answered, 0);
      expect(answered).toBeLessThanOrEqual(own);
    });

    it('Daan reads his own; the quality officer reads it through the audited function', async () => {
      expect((await scoresThrough(world.as.daan, ev.daanSelf)).length).toBe((await allScoresOf(ev.daanSelf)).length);
      const read = await world.as.fatima.rpc('evaluation_scores', { evaluation: ev.daanSelf });
      expect(read.error).toBeNull();
      expect((read.data as ScoreRow[]).length).toBe((await allScoresOf(ev.daanSelf)).length);
    });
  });

  describe('c. a peer review reaches its subject when it is closed', () => {
    it('while open: Petra reads none of its scores, summary or statistics', async () => {
      expect(await scoresThrough(world.as.petra, ev.peer)).toEqual([]);
      expect((await world.as.petra.rpc('evaluation_scores', { evaluation: ev.peer })).error?.code).toBe('42501');
      expect((await world.as.petra.rpc('evaluation_summary', { evaluation: ev.peer })).error?.code).toBe('42501');
      const { rows } = await statistics(world.as.petra, 'criterion', { use: 'peer' });
      expect(rows).toEqual([]);
    });

    it('once Anna closes it: Petra reads the scores on her images, through the audited function', async () => {
      expect((await world.as.anna.rpc('close_evaluation', { evaluation: ev.peer })).error).toBeNull();
      const before = (await auditEntries(world.service, 'scores.read')).length;
      const read = await world.as.petra.rpc('evaluation_scores', { evaluation: ev.peer });
      expect(read.error).toBeNull();
      expect((read.data as ScoreRow[]).length).toBe((await allScoresOf(ev.peer)).length);
      expect((await world.as.petra.rpc('evaluation_summary', { evaluation: ev.peer })).error).toBeNull();
      const { rows } = await statistics(world.as.petra, 'criterion', { use: 'peer' });
      expect(rows.length).toBeGreaterThan(0);
      const audit = (await auditEntries(world.service, 'scores.read')).slice(before);
      expect(audit[0]).toMatchObject({
        actor_id: PETRA,
        target_id: ev.peer,
        details: { function: 'evaluation_scores', evaluation_id: ev.peer, scores: (read.data as ScoreRow[]).length },
      });
    });
  });

  describe('d. blind means blind', () => {
    it('while open, Anna reads no operator of its images: not in image_operators, not in the worklist', async () => {
      const blindImages = (await items(ev.blind)).map((i) => i.image_id);
      expect(await operatorsThrough(world.as.anna, blindImages)).toEqual([]);
      expect((await worklist(world.as.anna, ev.blind)).every((w) => w.operator_names === null)).toBe(true);
      expect((await world.as.anna.rpc('evaluation_blinded', { evaluation: ev.blind })).data).toBe(true);
      // an image of another review is still hers to see with its operators
      expect((await operatorsThrough(world.as.anna, [petraOnly[0]!.id])).length).toBe(1);
    });

    it('the quality officer keeps reading operators by her role (the UI hides them), also in her own blind analysis', async () => {
      const blindImages = (await items(ev.blindByFatima)).map((i) => i.image_id);
      expect((await operatorsThrough(world.as.fatima, blindImages)).length).toBeGreaterThanOrEqual(blindImages.length);
      expect((await world.as.fatima.rpc('evaluation_blinded', { evaluation: ev.blindByFatima })).data).toBe(true);
    });

    it('once closed, the operators are readable again', async () => {
      expect((await world.as.anna.rpc('close_evaluation', { evaluation: ev.blind })).error).toBeNull();
      const blindImages = (await items(ev.blind)).map((i) => i.image_id);
      expect((await operatorsThrough(world.as.anna, blindImages)).length).toBeGreaterThanOrEqual(3);
      expect((await world.as.anna.rpc('evaluation_blinded', { evaluation: ev.blind })).data).toBe(false);
    });

    it('who marked a reject in IQS is not readable through the API; the marker may still undo it', async () => {
      const { data: reason } = await world.service
        .from('reject_reasons')
        .select('id')
        .eq('site_id', DEMO_SITE_ID)
        .eq('active', true)
        .limit(1)
        .single();
      expect((await world.as.petra.rpc('mark_rejected', { image: marked.id, reason: reason?.id })).error).toBeNull();
      for (const client of [world.as.anna, world.as.petra, world.as.fatima]) {
        const read = await client.from('images').select('id, rejected_by').eq('id', marked.id);
        expect(read.error?.code).toBe('42501');
      }
      const status = await world.as.petra.rpc('image_reject_status', { sop_instance_uid: marked.sop });
      expect(status.error).toBeNull();
      expect((status.data as Array<{ may_unmark: boolean }>)[0]?.may_unmark).toBe(true);
      const daanStatus = await world.as.fatima.rpc('image_reject_status', { sop_instance_uid: marked.sop });
      expect((daanStatus.data as Array<{ may_unmark: boolean }>)[0]?.may_unmark).toBe(true);
    });
  });

  describe('e. colleagues’ scores only through audited functions', () => {
    it('the quality officer reads only her own answers from the scores table', async () => {
      const { data, error } = await world.as.fatima.from('scores').select('id, evaluation_item_id');
      expect(error).toBeNull();
      const mine = new Set((await allScoresOf(ev.quality)).map((s) => s.id));
      expect((data ?? []).length).toBe(mine.size);
      expect((data ?? []).every((s) => mine.has(s.id))).toBe(true);
    });

    it('evaluation_scores writes scores.read with the evaluation and the count; the evaluator reading her own writes nothing', async () => {
      const before = (await auditEntries(world.service, 'scores.read')).length;
      const own = await world.as.daan.rpc('evaluation_scores', { evaluation: ev.daanSelf });
      expect(own.error).toBeNull();
      expect((await auditEntries(world.service, 'scores.read')).length).toBe(before);
      const read = await world.as.jeroen.rpc('evaluation_scores', { evaluation: ev.petraSelf });
      expect(read.error).toBeNull();
      const audit = (await auditEntries(world.service, 'scores.read')).slice(before);
      expect(audit).toEqual([
        expect.objectContaining({
          actor_id: DEMO_PEOPLE.jeroen.personId,
          target_id: ev.petraSelf,
          details: expect.objectContaining({
            function: 'evaluation_scores',
            evaluation_id: ev.petraSelf,
            scores: (read.data as ScoreRow[]).length,
          }),
        }),
      ]);
    });

    it('a reviewer reads her own review through the table, nobody else’s', async () => {
      expect((await scoresThrough(world.as.anna, ev.peer)).length).toBe((await allScoresOf(ev.peer)).length);
      expect(await scoresThrough(world.as.anna, ev.quality)).toEqual([]);
      expect(await scoresThrough(world.as.daan, ev.quality)).toEqual([]);
      expect(ANNA).not.toBe(FATIMA);
    });
  });

  describe('f. without a session', () => {
    it.each([
      ['evaluation_scores', () => ({ evaluation: ev.quality })],
      ['evaluation_summary', () => ({ evaluation: ev.quality })],
      ['evaluation_blinded', () => ({ evaluation: ev.blind })],
      ['score_statistics', () => ({ dimension: 'radiographer', period: 'month', filter: {} })],
    ] as const)('%s answers nothing to a request without a session', async (name, args) => {
      const { data, error, status } = await world.env.client().rpc(name, args());
      expect(data).toBeNull();
      expect(error?.code).toBe('42501');
      expect(status).toBe(401);
    });

    it('no function of the API schema may be run without a session', async () => {
      const { rows } = await world.env.db.query<{ name: string }>(
        `select p.proname as name from pg_proc p join pg_namespace n on n.oid = p.pronamespace
          where n.nspname = 'public' and has_function_privilege('anon', p.oid, 'execute') order by 1`,
      );
      expect(rows.map((r) => r.name)).toEqual([]);
    });
  });
});
