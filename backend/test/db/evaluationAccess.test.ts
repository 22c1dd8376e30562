/**
 * Who sees what of the evaluations (point 6 of the issue), through supabase-js on both engines: a radiographer sees
 * the scores on their own images from every use and their own self-evaluations; a reviewer the evaluations they
 * made; the quality officer the site's; nobody another site's. Whether the subject of a peer review learns the
 * reviewer's name is the site's setting. The worklist, closing and exporting, and the audit entries they write.
 */
import type { SupabaseClient } from '@supabase/supabase-js';
import { DEMO_PASSWORD, DEMO_PEOPLE, DEMO_SITE_ID } from '@iqs/demo-department';
import { ENGINES } from '../../../test/support/engines';
import {
  auditEntries,
  rawRows,
  scoreAll,
  startEvaluation,
  startEvaluationWorld,
  worklist,
  type EvaluationWorld,
  type FixtureImage,
  type RawRows,
} from './evaluationFixtures';

jest.setTimeout(300_000);

const PETRA = DEMO_PEOPLE.petra.personId;
const DAAN = DEMO_PEOPLE.daan.personId;
const ANNA = DEMO_PEOPLE.anna.personId;
const FATIMA = DEMO_PEOPLE.fatima.personId;
const JEROEN = DEMO_PEOPLE.jeroen.personId;

const OTHER_SITE_ID = 'a0000000-0000-4000-8000-0000000000fe';
const OTHER_EMAIL = 'kwaliteit@elders.iqs.example';

describe.each(ENGINES)('evaluation access on %s', (engine) => {
  let world: EvaluationWorld;
  let other: SupabaseClient;
  let images: FixtureImage[];
  let raw: RawRows;
  const ev: Record<'peer' | 'quality' | 'petraSelf' | 'daanSelf' | 'blind', string> = {} as never;
  const YEAR = { from: '2025-01-01', to: '2025-12-31' };

  const idsOf = (rows: Array<{ id: string }> | null) => (rows ?? []).map((r) => r.id).sort();
  const rpcError = async (client: SupabaseClient, fn: string, args: object) => {
    const { error } = await client.rpc(fn, args);
    return { code: error?.code ?? null, message: error?.message ?? null };
  };

  beforeAll(async () => {
    world = await startEvaluationWorld(engine);
    images = await world.addImages([
      ...Array.from({ length: 4 }, (_, i) => ({ operators: [PETRA], procedure: 'thorax', view: 'PA', date: `2025-02-0${1 + i}` })),
      ...Array.from({ length: 4 }, (_, i) => ({ operators: [DAAN], procedure: 'thorax', view: 'PA', date: `2025-02-0${1 + i}` })),
      { operators: [PETRA, DAAN], procedure: 'thorax', view: 'PA', date: '2025-02-06' },
      { operators: [PETRA, { raw: 'Stagiair^X' }], procedure: 'knie', view: 'AP', date: '2025-02-07' },
    ]);

    // a second hospital with its own quality officer
    await world.env.db.query(`insert into public.sites (id, code, name) values ($1, 'elders', 'Elders Ziekenhuis')`, [OTHER_SITE_ID]);
    const created = await world.service.auth.admin.createUser({ email: OTHER_EMAIL, password: DEMO_PASSWORD, email_confirm: true });
    if (created.error) throw new Error(created.error.message);
    await world.env.db.query(
      `insert into public.people (site_id, auth_user_id, display_name, role) values ($1, $2, 'Karin Kwaliteit', 'quality_officer')`,
      [OTHER_SITE_ID, created.data.user?.id],
    );
    other = world.env.client();
    const signedIn = await other.auth.signInWithPassword({ email: OTHER_EMAIL, password: DEMO_PASSWORD });
    if (signedIn.error) throw new Error(signedIn.error.message);

    ev.peer = (
      await startEvaluation(world.as.anna, { use: 'peer', subject_person_id: PETRA, filter: YEAR, sample_size: 3, seed: 1 })
    ).evaluation_id;
    await scoreAll(world, world.as.anna, ev.peer, 1);
    ev.quality = (await startEvaluation(world.as.fatima, { use: 'quality', filter: YEAR, sample_size: 8, seed: 2 })).evaluation_id;
    await scoreAll(world, world.as.fatima, ev.quality, 2);
    ev.petraSelf = (await startEvaluation(world.as.petra, { use: 'self', filter: YEAR, sample_size: 6, seed: 3 })).evaluation_id;
    await scoreAll(world, world.as.petra, ev.petraSelf, 3);
    ev.daanSelf = (await startEvaluation(world.as.daan, { use: 'self', filter: YEAR, sample_size: 3, seed: 4 })).evaluation_id;
    await scoreAll(world, world.as.daan, ev.daanSelf, 4);
    raw = await rawRows(world.service);
  });

  afterAll(async () => {
    await world?.env.close();
  });

  describe('who sees which scores and evaluations', () => {
    const operatorsOf = (imageId: string) => raw.operators.filter((o) => o.image_id === imageId).map((o) => o.person_id);
    const itemOf = (itemId: string) => raw.items.find((i) => i.id === itemId) as RawRows['items'][number];

    // Issue 12: through the table everyone reads only the answers they gave (their own evaluations); the results on
    // their images (a quality analysis, a closed peer review; never a colleague's self-evaluation) come through the
    // audited evaluation_scores. (Before: the table gave every answer on one's images.)
    it('a radiographer: through the table their own self-evaluation; the quality analysis of their images through evaluation_scores', async () => {
      for (const [who, client, person, own] of [
        ['petra', world.as.petra, PETRA, ev.petraSelf],
        ['daan', world.as.daan, DAAN, ev.daanSelf],
      ] as const) {
        const expectedScores = raw.scores
          .filter((s) => itemOf(s.evaluation_item_id).evaluation_id === own)
          .map((s) => s.id)
          .sort();
        const seen = await client.from('scores').select('id');
        expect({ who, scores: idsOf(seen.data) }).toEqual({ who, scores: expectedScores });
        const quality = await client.rpc('evaluation_scores', { evaluation: ev.quality });
        expect({ who, error: quality.error }).toEqual({ who, error: null });
        const onTheirImages = raw.scores
          .filter((s) => itemOf(s.evaluation_item_id).evaluation_id === ev.quality)
          .filter((s) => operatorsOf(itemOf(s.evaluation_item_id).image_id).includes(person))
          .map((s) => s.id)
          .sort();
        expect({ who, quality: idsOf(quality.data) }).toEqual({ who, quality: onTheirImages });
        // the open peer review of Petra's images is not hers yet
        expect({ who, peer: (await client.rpc('evaluation_scores', { evaluation: ev.peer })).error?.code }).toEqual({ who, peer: '42501' });
        const evaluations = await client.from('evaluations').select('id');
        expect({ who, evaluations: idsOf(evaluations.data) }).toEqual({ who, evaluations: [own] });
      }
    });

    it('a reviewer: the evaluations they made and their scores, not the quality officer’s or a self-evaluation', async () => {
      expect(idsOf((await world.as.anna.from('evaluations').select('id')).data)).toEqual([ev.peer]);
      const expected = raw.scores
        .filter((s) => itemOf(s.evaluation_item_id).evaluation_id === ev.peer)
        .map((s) => s.id)
        .sort();
      expect(idsOf((await world.as.anna.from('scores').select('id')).data)).toEqual(expected);
      expect(idsOf((await world.as.anna.from('evaluation_items').select('id')).data)).toEqual(
        raw.items
          .filter((i) => i.evaluation_id === ev.peer)
          .map((i) => i.id)
          .sort(),
      );
    });

    it('the quality officer: everything of the site; another site: nothing', async () => {
      expect(idsOf((await world.as.fatima.from('evaluations').select('id')).data)).toEqual(raw.evaluations.map((e) => e.id).sort());
      // (issue 12: the table gives her own answers; the site's come through the audited evaluation_scores)
      const hers = (evaluation: string) =>
        raw.scores
          .filter((s) => itemOf(s.evaluation_item_id).evaluation_id === evaluation)
          .map((s) => s.id)
          .sort();
      expect(idsOf((await world.as.fatima.from('scores').select('id')).data)).toEqual(hers(ev.quality));
      for (const evaluation of [ev.peer, ev.petraSelf, ev.daanSelf])
        expect(idsOf((await world.as.fatima.rpc('evaluation_scores', { evaluation })).data)).toEqual(hers(evaluation));
      for (const table of ['evaluations', 'evaluation_items', 'scores'])
        expect({ table, rows: (await other.from(table).select('id')).data }).toEqual({ table, rows: [] });
      expect((await rpcError(other, 'evaluation_summary', { evaluation: ev.quality })).code).toBe('42501');
      expect((await rpcError(other, 'evaluation_worklist', { evaluation: ev.quality })).code).toBe('42501');
      expect((await rpcError(other, 'close_evaluation', { evaluation: ev.quality })).code).toBe('42501');
      expect((await other.rpc('score_statistics', { dimension: 'criterion', period: 'all', filter: {} })).data).toEqual([]);
      expect((await other.rpc('count_sample_candidates', { use: 'quality', subject_person_id: null, filter: {} })).data).toBe(0);
    });
  });

  describe('the reviewer’s name', () => {
    const reviewer = async (client: SupabaseClient, evaluation: string) => {
      const { data, error } = await client.rpc('evaluation_reviewer', { evaluation });
      if (error) throw new Error(error.message);
      return data as Array<{ person_id: string; display_name: string }>;
    };
    const ANNA_ROW = [{ person_id: ANNA, display_name: 'Anna de Vries' }];

    it('scored_by cannot be read, filtered on or selected with * by anyone through the API', async () => {
      for (const [who, client] of Object.entries(world.as)) {
        const named = await client.from('scores').select('id, scored_by').limit(1);
        expect({ who, code: named.error?.code }).toEqual({ who, code: '42501' });
        const star = await client.from('scores').select('*').limit(1);
        expect({ who, code: star.error?.code }).toEqual({ who, code: '42501' });
        const filtered = await client.from('scores').select('id').eq('scored_by', ANNA);
        expect({ who, code: filtered.error?.code }).toEqual({ who, code: '42501' });
        const listed = await client
          .from('scores')
          .select('id, evaluation_item_id, form_id, criterion_id, value, comment, created_at, updated_at')
          .limit(1);
        expect({ who, error: listed.error }).toEqual({ who, error: null });
      }
    });

    it('the subject learns it only when the site shows reviewers; the reviewer, quality officer and admin always', async () => {
      expect(await reviewer(world.as.petra, ev.peer)).toEqual([]);
      expect(await reviewer(world.as.daan, ev.peer)).toEqual([]);
      for (const client of [world.as.anna, world.as.fatima, world.as.jeroen]) expect(await reviewer(client, ev.peer)).toEqual(ANNA_ROW);
      expect(await reviewer(other, ev.peer)).toEqual([]);

      const on = await world.as.jeroen
        .from('sites')
        .update({ reviewer_visible_to_subject: true })
        .eq('id', DEMO_SITE_ID)
        .select('reviewer_visible_to_subject')
        .single();
      expect(on.data).toEqual({ reviewer_visible_to_subject: true });
      expect(await reviewer(world.as.petra, ev.peer)).toEqual(ANNA_ROW);
      // still nothing for a colleague with no image in it, or for another site
      const daanHasAnImage = raw.items.some(
        (i) => i.evaluation_id === ev.peer && raw.operators.some((o) => o.image_id === i.image_id && o.person_id === DAAN),
      );
      expect(await reviewer(world.as.daan, ev.peer)).toEqual(daanHasAnImage ? ANNA_ROW : []);
      expect(await reviewer(other, ev.peer)).toEqual([]);
      // the radiographer cannot switch it on
      await world.as.jeroen.from('sites').update({ reviewer_visible_to_subject: false }).eq('id', DEMO_SITE_ID);
      await world.as.petra.from('sites').update({ reviewer_visible_to_subject: true }).eq('id', DEMO_SITE_ID);
      expect(await reviewer(world.as.petra, ev.peer)).toEqual([]);
    });

    it('one’s own self-evaluation names oneself', async () => {
      expect(await reviewer(world.as.petra, ev.petraSelf)).toEqual([{ person_id: PETRA, display_name: 'Petra Jansen' }]);
      expect(await reviewer(world.as.anna, ev.petraSelf)).toEqual([]);
    });
  });

  describe('what can be written', () => {
    it('answers upserted without scored_by are in the writer’s name; an answer in another’s name is refused', async () => {
      const items = await worklist(world.as.anna, ev.peer);
      const item = items[0] as (typeof items)[number];
      const criterion = world.catalogue.criteria.find((c) => c.form_id === item.form_id && c.kind === 'yes_no_na');
      // the answer Anna gave earlier, changed: the same id, no duplicate
      const earlier = raw.scores.find((s) => s.evaluation_item_id === item.item_id && s.criterion_id === criterion?.id);
      const id = earlier?.id ?? '5c0e0000-0000-4000-8000-0000000000a1';
      const value = earlier?.value === 'yes' ? 'no' : 'yes';
      const upsert = await world.as.anna.from('scores').upsert(
        [
          {
            id,
            site_id: DEMO_SITE_ID,
            evaluation_item_id: item.item_id,
            form_id: item.form_id,
            criterion_id: criterion?.id,
            value,
            comment: null,
          },
        ],
        { onConflict: 'id' },
      );
      expect(upsert.error).toBeNull();
      const stored = await world.service.from('scores').select('value, scored_by').eq('id', id).single();
      expect(stored.data).toEqual({ value, scored_by: ANNA });
      const forged = await world.as.anna.from('scores').insert({
        id: '5c0e0000-0000-4000-8000-0000000000a2',
        site_id: DEMO_SITE_ID,
        evaluation_item_id: item.item_id,
        form_id: item.form_id,
        criterion_id: world.catalogue.criteria.find((c) => c.form_id === item.form_id && c.code === 'comment')?.id,
        value: null,
        comment: 'x',
        scored_by: PETRA,
      });
      expect(forged.status).toBe(403);
    });

    it('an item’s state changes; the image, form and position drawn do not, nor the seed, filter or subject of the evaluation', async () => {
      const items = await worklist(world.as.anna, ev.peer);
      const item = items[0] as (typeof items)[number];
      expect((await world.as.anna.from('evaluation_items').update({ state: 'skipped' }).eq('id', item.item_id)).error).toBeNull();
      expect((await world.as.anna.from('evaluation_items').update({ state: 'scored' }).eq('id', item.item_id)).error).toBeNull();
      for (const change of [{ image_id: (images[4] as FixtureImage).id }, { form_id: world.catalogue.forms['generic'] }, { position: 9 }]) {
        const refused = await world.as.anna.from('evaluation_items').update(change).eq('id', item.item_id);
        expect({ change, code: refused.error?.code }).toEqual({ change, code: '42501' });
      }
      for (const change of [{ seed: 99 }, { filter: {} }, { subject_person_id: DAAN }, { blind: true }, { sample_size: 1 }]) {
        const refused = await world.as.anna.from('evaluations').update(change).eq('id', ev.peer);
        expect({ change, code: refused.error?.code }).toEqual({ change, code: '42501' });
      }
      expect((await world.as.anna.from('evaluations').update({ name: 'Peer review Petra, februari' }).eq('id', ev.peer)).error).toBeNull();
    });

    it('an item is an accepted image of the evaluation’s subject: not a colleague’s image in a self-evaluation or peer review', async () => {
      const daans = images.find((i) => i.operators.length === 1 && i.operators[0] === DAAN) as FixtureImage;
      const generic = world.catalogue.forms['generic'];
      const self = await world.as.petra
        .from('evaluation_items')
        .insert({ site_id: DEMO_SITE_ID, evaluation_id: ev.petraSelf, image_id: daans.id, form_id: generic, position: 50 });
      expect(self.status).toBe(403);
      const peer = await world.as.anna
        .from('evaluation_items')
        .insert({ site_id: DEMO_SITE_ID, evaluation_id: ev.peer, image_id: daans.id, form_id: generic, position: 50 });
      expect(peer.status).toBe(403);
      const petras = images
        .filter((i) => i.operators.includes(PETRA))
        .find((i) => !raw.items.some((it) => it.evaluation_id === ev.peer && it.image_id === i.id)) as FixtureImage;
      const fits = await world.as.anna
        .from('evaluation_items')
        .insert({ site_id: DEMO_SITE_ID, evaluation_id: ev.peer, image_id: petras.id, form_id: generic, position: 50 });
      expect(fits.error).toBeNull();
    });
  });

  describe('the worklist', () => {
    it('lists the items in order with their image facts and the operators’ names (raw when not mapped)', async () => {
      const list = await worklist(world.as.petra, ev.petraSelf);
      const items = raw.items.filter((i) => i.evaluation_id === ev.petraSelf).sort((a, b) => a.position - b.position);
      expect(list.map((l) => [l.item_id, l.position, l.image_id, l.form_id])).toEqual(
        items.map((i) => [i.id, i.position, i.image_id, i.form_id]),
      );
      const names = new Map(raw.people.map((p) => [p.id, p.display_name]));
      for (const row of list) {
        const image = raw.images.find((i) => i.id === row.image_id) as RawRows['images'][number];
        const ops = raw.operators.filter((o) => o.image_id === row.image_id).sort((a, b) => a.position - b.position);
        expect(row).toMatchObject({
          sop_instance_uid: image.sop_instance_uid,
          study_instance_uid: image.study_instance_uid,
          series_instance_uid: image.series_instance_uid,
          study_date: image.study_date,
          operator_names: ops.map((o) => (o.person_id ? names.get(o.person_id) : o.raw_name)),
        });
      }
      expect(list.some((l) => (l.operator_names ?? []).includes('Stagiair^X'))).toBe(true);
      expect(list.find((l) => l.procedure_code === 'knie')).toMatchObject({
        procedure_name_nl: 'X-Knie',
        procedure_name_en: 'Knee X-ray',
        view_position: 'AP',
        modality: 'DX',
      });
    });

    it('hides the operators while a blind evaluation is open, shows them once it is closed', async () => {
      ev.blind = (
        await startEvaluation(world.as.fatima, {
          use: 'quality',
          filter: { ...YEAR, exclude_evaluated: false },
          sample_size: 4,
          seed: 9,
          blind: true,
        })
      ).evaluation_id;
      expect((await worklist(world.as.fatima, ev.blind)).map((l) => l.operator_names)).toEqual([null, null, null, null]);
      expect((await world.as.fatima.rpc('close_evaluation', { evaluation: ev.blind })).error).toBeNull();
      for (const row of await worklist(world.as.fatima, ev.blind)) expect(row.operator_names?.length).toBeGreaterThan(0);
    });

    it('is for those who see the evaluation', async () => {
      expect((await rpcError(world.as.petra, 'evaluation_worklist', { evaluation: ev.peer })).code).toBe('42501');
      expect((await worklist(world.as.fatima, ev.peer)).length).toBeGreaterThan(0);
    });
  });

  describe('the audit log', () => {
    it('records every start with what was asked and drawn', async () => {
      const starts = await auditEntries(world.service, 'evaluation.start');
      const peer = starts.find((e) => e.target_id === ev.peer);
      expect(peer).toEqual({
        actor_id: ANNA,
        action: 'evaluation.start',
        target_id: ev.peer,
        details: {
          use: 'peer',
          name: 'test',
          subject_person_id: PETRA,
          filter: YEAR,
          seed: 1,
          blind: false,
          requested: 3,
          drawn: 3,
          available: expect.any(Number),
        },
      });
      expect(starts.map((e) => e.target_id).sort()).toEqual(Object.values(ev).sort());
      // the quality officer reads them through the API; a radiographer only their own
      expect((await world.as.fatima.from('audit_log').select('id').eq('action', 'evaluation.start')).data?.length).toBe(starts.length);
      expect((await world.as.petra.from('audit_log').select('target_id').eq('action', 'evaluation.start')).data).toEqual([
        { target_id: ev.petraSelf },
      ]);
    });

    it('close: once, by the evaluator, with the counts; closing again changes nothing', async () => {
      expect((await rpcError(world.as.fatima, 'close_evaluation', { evaluation: ev.peer })).code).toBe('42501');
      expect((await rpcError(world.as.petra, 'close_evaluation', { evaluation: ev.peer })).code).toBe('42501');
      expect((await world.as.anna.rpc('close_evaluation', { evaluation: ev.peer })).error).toBeNull();
      expect((await world.as.anna.rpc('close_evaluation', { evaluation: ev.peer })).error).toBeNull();
      const closes = (await auditEntries(world.service, 'evaluation.close')).filter((e) => e.target_id === ev.peer);
      const items = (await rawRows(world.service)).items.filter((i) => i.evaluation_id === ev.peer);
      expect(closes).toEqual([
        {
          actor_id: ANNA,
          action: 'evaluation.close',
          target_id: ev.peer,
          details: {
            items: items.length,
            scored: items.filter((i) => i.state === 'scored').length,
            skipped: items.filter((i) => i.state === 'skipped').length,
          },
        },
      ]);
      const stored = await world.service.from('evaluations').select('status, closed_at').eq('id', ev.peer).single();
      expect(stored.data?.status).toBe('closed');
      expect(stored.data?.closed_at).not.toBeNull();
    });

    it('export: csv and print by those who see the evaluation; other formats are refused', async () => {
      expect((await world.as.anna.rpc('record_evaluation_export', { evaluation: ev.peer, format: 'csv' })).error).toBeNull();
      expect((await world.as.fatima.rpc('record_evaluation_export', { evaluation: ev.peer, format: 'print' })).error).toBeNull();
      expect(await rpcError(world.as.anna, 'record_evaluation_export', { evaluation: ev.peer, format: 'pdf' })).toEqual({
        code: '22023',
        message: 'format must be csv or print, not pdf',
      });
      expect((await rpcError(world.as.petra, 'record_evaluation_export', { evaluation: ev.peer, format: 'csv' })).code).toBe('42501');
      const exports = (await auditEntries(world.service, 'evaluation.export')).filter((e) => e.target_id === ev.peer);
      expect(exports.map((e) => [e.actor_id, e.details['format']])).toEqual([
        [ANNA, 'csv'],
        [FATIMA, 'print'],
      ]);
    });

    // (issue 12: the subject's reading of the closed peer review is audited too; before, it was not)
    it('reading a summary as anyone but the evaluator is recorded as scores.read', async () => {
      const before = (await auditEntries(world.service, 'scores.read')).length;
      expect((await world.as.anna.rpc('evaluation_summary', { evaluation: ev.peer })).error).toBeNull();
      expect((await world.as.daan.rpc('evaluation_summary', { evaluation: ev.daanSelf })).error).toBeNull();
      expect((await auditEntries(world.service, 'scores.read')).length).toBe(before);
      expect((await world.as.petra.rpc('evaluation_summary', { evaluation: ev.peer })).error).toBeNull();
      const summary = await world.as.fatima.rpc('evaluation_summary', { evaluation: ev.peer });
      expect(summary.error).toBeNull();
      const admin = await world.as.jeroen.rpc('evaluation_summary', { evaluation: ev.petraSelf });
      expect(admin.error).toBeNull();
      const read = (await auditEntries(world.service, 'scores.read')).slice(before);
      expect(
        read.map((e) => ({
          actor: e.actor_id,
          target: e.target_id,
          fn: e.details['function'],
          subject: e.details['subject_person_id'],
          use: e.details['use'],
        })),
      ).toEqual([
        { actor: PETRA, target: ev.peer, fn: 'evaluation_summary', subject: PETRA, use: 'peer' },
        { actor: FATIMA, target: ev.peer, fn: 'evaluation_summary', subject: PETRA, use: 'peer' },
        { actor: JEROEN, target: ev.petraSelf, fn: 'evaluation_summary', subject: PETRA, use: 'self' },
      ]);
      expect(read[1]?.details['items']).toBe((summary.data as { items: number }).items);
    });
  });
});
