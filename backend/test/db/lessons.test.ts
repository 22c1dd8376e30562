/**
 * Clinical lessons (issue 13, migration 32) on both engines: who reads and changes a lesson (private to its owner,
 * shared with the site, never another site), positions 1..n after moves and removals, the presentation without any
 * person's name, faults only from closed evaluations the caller may read (never a colleague's self-evaluation), the
 * dose against the applicable reference, and an import that lists the UIDs the index does not hold. Expectations are
 * computed here from the raw rows (service role), never by asking the SQL under test.
 */
import type { SupabaseClient } from '@supabase/supabase-js';
import { DEMO_PASSWORD, DEMO_PEOPLE, DEMO_SITE_ID } from '@iqs/demo-department';
import { ENGINES } from '../../../test/support/engines';
import {
  answerMet,
  rawRows,
  scoreAll,
  startEvaluation,
  startEvaluationWorld,
  worklist,
  type Criterion,
  type EvaluationWorld,
  type FixtureImage,
  type Login,
  type RawRows,
} from './evaluationFixtures';

jest.setTimeout(300_000);

const PETRA = DEMO_PEOPLE.petra.personId;
const DAAN = DEMO_PEOPLE.daan.personId;
const FATIMA = DEMO_PEOPLE.fatima.personId;
const OTHER_SITE_ID = 'a0000000-0000-4000-8000-0000000000fe';
const OTHER_PERSON_ID = 'b0000000-0000-4000-8000-0000000000fe';
const OTHER_EMAIL = 'kees.lessen@ander.example';

interface Fault {
  code: string;
  label_nl: string;
  label_en: string;
  count: number;
}
interface PresentedImage {
  image_id: string;
  sop_instance_uid: string;
  study_instance_uid: string;
  series_instance_uid: string;
  facts: {
    rejected: boolean;
    reject_reason: { code: string; label_nl: string; label_en: string } | null;
    faults: Fault[];
    dose: { quantity: string; value: number; unit: string; drl: number | null; target: number | null; status: string } | null;
  };
}
interface PresentedCase {
  id: string;
  position: number;
  teaching_point: string | null;
  show_facts: boolean;
  images: PresentedImage[];
}
interface Presentation {
  id: string;
  title: string;
  shared: boolean;
  mine: boolean;
  case_count: number;
  image_count: number;
  cases: PresentedCase[];
}

const ok = <T>(result: { data: T | null; error: { message: string; code?: string } | null }, what: string): T => {
  if (result.error) throw new Error(`${what}: ${result.error.code} ${result.error.message}`);
  return result.data as T;
};

/** every string value in a JSON document (object keys are the contract's, not data) */
const stringsIn = (value: unknown): string[] =>
  typeof value === 'string'
    ? [value]
    : Array.isArray(value)
      ? value.flatMap(stringsIn)
      : value !== null && typeof value === 'object'
        ? Object.values(value).flatMap(stringsIn)
        : [];

describe.each(ENGINES)('clinical lessons on %s', (engine) => {
  let world: EvaluationWorld;
  let other: SupabaseClient;
  let images: FixtureImage[];
  let otherSiteSop: string;
  const ev: Record<'daanSelf' | 'qualityClosed' | 'qualityOpen' | 'peerPetra', string> = {} as never;

  const presentation = async (client: SupabaseClient, lesson: string): Promise<Presentation> =>
    ok(await client.rpc('lesson_presentation', { lesson }), 'lesson_presentation') as Presentation;
  const createLesson = async (client: SupabaseClient, title: string, shared = false): Promise<string> =>
    (ok(await client.from('lessons').insert({ title, shared }).select('id').single(), 'insert lesson') as { id: string }).id;
  const addCase = async (client: SupabaseClient, lesson: string, sops: string[], teaching_point: string | null = null) =>
    ok(
      await client.rpc('add_lesson_case', { lesson, sop_instance_uids: sops, teaching_point, origin: 'viewer' }),
      'add_lesson_case',
    ) as string;

  beforeAll(async () => {
    world = await startEvaluationWorld(engine);
    const { service, env } = world;
    // a second hospital in the same project, with its own quality officer and an image
    await env.db.query(`insert into public.sites (id, code, name) values ($1, 'lessen-ander', 'Ander Ziekenhuis')`, [OTHER_SITE_ID]);
    const created = await service.auth.admin.createUser({ email: OTHER_EMAIL, password: DEMO_PASSWORD, email_confirm: true });
    if (created.error) throw new Error(created.error.message);
    await env.db.query(
      `insert into public.people (id, site_id, auth_user_id, display_name, role) values ($1, $2, $3, 'Kees Lessen', 'quality_officer')`,
      [OTHER_PERSON_ID, OTHER_SITE_ID, created.data.user?.id],
    );
    otherSiteSop = '1.2.826.0.1.3680043.10.1467.59.1';
    ok(
      await service.from('images').insert({
        site_id: OTHER_SITE_ID,
        sop_instance_uid: otherSiteSop,
        study_instance_uid: `${otherSiteSop}.0`,
        series_instance_uid: `${otherSiteSop}.1`,
        modality: 'DX',
        source: 'demo',
      }),
      'other site image',
    );
    other = env.client();
    const signedIn = await other.auth.signInWithPassword({ email: OTHER_EMAIL, password: DEMO_PASSWORD });
    if (signedIn.error) throw new Error(`sign-in other: ${signedIn.error.message}`);

    // Petra's and Daan's knee images (some together), one of Daan's rejected; raw operator names as the index holds them
    const operators = [[PETRA], [DAAN], [PETRA, DAAN], [DAAN], [PETRA], [DAAN, { raw: 'Onbekend^Operator' }]];
    images = await world.addImages(
      Array.from({ length: 36 }, (_, i) => ({
        operators: operators[i % operators.length] as FixtureImage['operators'],
        procedure: 'knie',
        view: 'AP',
        date: new Date(Date.UTC(2025, 4, 1 + (i % 28))).toISOString().slice(0, 10),
      })),
    );
    // doses, and the department's own reference for knee DAP (the most specific one applies)
    for (const [n, image] of images.entries())
      ok(
        await service
          .from('images')
          .update({ dap_gy_cm2: 0.02 + n * 0.002, patient_age_years: 40 + n })
          .eq('id', image.id),
        'dose',
      );
    ok(
      await service.from('drls').insert({
        site_id: DEMO_SITE_ID,
        procedure_id: world.catalogue.procedures['knie'],
        label: 'test knie',
        quantity: 'dap',
        unit: 'Gy·cm²',
        drl_value: 0.05,
        target_value: 0.04,
        source: 'the department (test)',
        valid_from: '2020-01-01',
      }),
      'drl',
    );

    const start = async (login: Login, use: 'self' | 'peer' | 'quality', subject: string | null, n: number, seed: number) =>
      (
        await startEvaluation(world.as[login], {
          use,
          subject_person_id: subject,
          filter: { from: '2025-05-01', to: '2025-05-31' },
          sample_size: n,
          seed,
        })
      ).evaluation_id;
    ev.daanSelf = await start('daan', 'self', null, 8, 11);
    await scoreAll(world, world.as.daan, ev.daanSelf, 401);
    ev.qualityClosed = await start('fatima', 'quality', null, 14, 12);
    await scoreAll(world, world.as.fatima, ev.qualityClosed, 402, { skip: (p) => p === 2 });
    ev.qualityOpen = await start('fatima', 'quality', null, 14, 13);
    await scoreAll(world, world.as.fatima, ev.qualityOpen, 403);
    ev.peerPetra = await start('anna', 'peer', PETRA, 6, 14);
    await scoreAll(world, world.as.anna, ev.peerPetra, 404);
    for (const [login, id] of [
      ['daan', ev.daanSelf],
      ['fatima', ev.qualityClosed],
      ['anna', ev.peerPetra],
    ] as const)
      ok(await world.as[login].rpc('close_evaluation', { evaluation: id }), 'close_evaluation');

    // a rejected image with a recorded reason
    const rejected = images[1] as FixtureImage;
    ok(await service.from('images').update({ rejected: true }).eq('id', rejected.id), 'reject');
    const reason = ok(
      await service.from('reject_reasons').select('id').eq('site_id', DEMO_SITE_ID).eq('code', '111209').single(),
      'reason',
    ) as {
      id: string;
    };
    ok(await world.as.fatima.rpc('record_reject_reason', { image: rejected.id, reason: reason.id, comment: null }), 'record_reject_reason');
  });

  afterAll(async () => {
    await world?.env.close();
  });

  describe('who reads and changes a lesson', () => {
    let lesson: string;
    beforeAll(async () => {
      lesson = await createLesson(world.as.fatima, 'Knie AP: positionering');
      await addCase(world.as.fatima, lesson, [(images[0] as FixtureImage).sop], 'Gewrichtsspleet vrij projecteren');
    });

    it('fills owner, site and times by the database, whatever the client sends', async () => {
      const sent = ok(
        await world.as.petra
          .from('lessons')
          .insert({ title: 'Mijn les', owner_id: FATIMA, created_at: '2001-01-01T00:00:00Z' })
          .select('id, owner_id, site_id, created_at')
          .single(),
        'insert',
      ) as { id: string; owner_id: string; site_id: string; created_at: string };
      expect(sent.owner_id).toBe(PETRA);
      expect(sent.site_id).toBe(DEMO_SITE_ID);
      expect(sent.created_at.startsWith('2001')).toBe(false);
      // a lesson's updated_at moves when a case is added
      const before = ok(await world.as.fatima.from('lessons').select('updated_at').eq('id', lesson).single(), 'read') as {
        updated_at: string;
      };
      const added = await addCase(world.as.fatima, lesson, [(images[2] as FixtureImage).sop]);
      const after = ok(await world.as.fatima.from('lessons').select('updated_at').eq('id', lesson).single(), 'read') as {
        updated_at: string;
      };
      expect(new Date(after.updated_at).getTime()).toBeGreaterThan(new Date(before.updated_at).getTime());
      ok(await world.as.fatima.rpc('remove_lesson_case', { lesson_case: added }), 'remove');
    });

    it('a private lesson is its owner’s only', async () => {
      for (const login of ['petra', 'daan', 'anna', 'jeroen'] as const) {
        const listed = ok(await world.as[login].rpc('lesson_list'), 'lesson_list') as Array<{ id: string }>;
        expect({ login, listed: listed.some((l) => l.id === lesson) }).toEqual({ login, listed: false });
        expect(ok(await world.as[login].from('lesson_cases').select('id').eq('lesson_id', lesson), 'cases')).toEqual([]);
        const read = await world.as[login].rpc('lesson_presentation', { lesson });
        expect({ login, code: read.error?.code }).toEqual({ login, code: '42501' });
      }
      const mine = ok(await world.as.fatima.rpc('lesson_list'), 'lesson_list') as Array<{ id: string; mine: boolean; case_count: number }>;
      expect(mine.find((l) => l.id === lesson)).toMatchObject({ mine: true, case_count: 1 });
    });

    it('a shared lesson is read by the site, changed by its owner only, never seen by another site', async () => {
      ok(await world.as.fatima.from('lessons').update({ shared: true }).eq('id', lesson), 'share');
      const seen = await presentation(world.as.petra, lesson);
      expect(seen).toMatchObject({ id: lesson, shared: true, mine: false, case_count: 1 });
      const listed = ok(await world.as.daan.rpc('lesson_list'), 'lesson_list') as Array<{ id: string; mine: boolean }>;
      expect(listed.find((l) => l.id === lesson)?.mine).toBe(false);

      // a colleague changes nothing: not the lesson, not its cases, not its images
      await world.as.petra.from('lessons').update({ title: 'Gekaapt' }).eq('id', lesson);
      await world.as.petra.from('lessons').delete().eq('id', lesson);
      await world.as.petra.from('lesson_cases').update({ teaching_point: 'Gekaapt' }).eq('lesson_id', lesson);
      await world.as.petra.from('lesson_cases').delete().eq('lesson_id', lesson);
      const caseId = (seen.cases[0] as PresentedCase).id;
      await world.as.petra.from('lesson_case_images').delete().eq('case_id', caseId);
      const inserted = await world.as.petra.from('lesson_cases').insert({ lesson_id: lesson, position: 2 });
      expect(inserted.error).not.toBeNull();
      for (const [fn, args] of [
        ['add_lesson_case', { lesson, sop_instance_uids: [(images[0] as FixtureImage).sop] }],
        ['move_lesson_case', { lesson_case: caseId, position: 1 }],
        ['remove_lesson_case', { lesson_case: caseId }],
      ] as const) {
        const refused = await world.as.petra.rpc(fn, args);
        expect({ fn, code: refused.error?.code }).toEqual({ fn, code: '42501' });
      }
      const raw = ok(await world.service.from('lessons').select('title, shared').eq('id', lesson).single(), 'raw');
      expect(raw).toEqual({ title: 'Knie AP: positionering', shared: true });
      const rawCases = ok(await world.service.from('lesson_cases').select('teaching_point').eq('lesson_id', lesson), 'raw cases');
      expect(rawCases).toEqual([{ teaching_point: 'Gewrichtsspleet vrij projecteren' }]);
      expect(ok(await world.service.from('lesson_case_images').select('image_id').eq('case_id', caseId), 'raw images')).toEqual([
        { image_id: (images[0] as FixtureImage).id },
      ]);

      // another site: nothing, shared or not
      expect(ok(await other.from('lessons').select('id'), 'other lessons')).toEqual([]);
      expect(ok(await other.rpc('lesson_list'), 'other list')).toEqual([]);
      expect((await other.rpc('lesson_presentation', { lesson })).error?.code).toBe('42501');
      await other.from('lessons').update({ title: 'Ander' }).eq('id', lesson);
      expect((ok(await world.service.from('lessons').select('title').eq('id', lesson).single(), 'raw') as { title: string }).title).toBe(
        'Knie AP: positionering',
      );
      // nor does another site's lesson take this site's images, or this site's lesson another site's
      const theirs = await createLesson(other, 'Hun les');
      const foreign = await other.rpc('add_lesson_case', { lesson: theirs, sop_instance_uids: [(images[0] as FixtureImage).sop] });
      expect(foreign.error?.code).toBe('22023');
      const mine = await world.as.fatima.rpc('add_lesson_case', { lesson, sop_instance_uids: [otherSiteSop] });
      expect(mine.error?.message).toContain(otherSiteSop);
      expect(ok(await world.as.fatima.from('lessons').select('id').eq('id', theirs), 'read theirs')).toEqual([]);
    });

    it('refuses unknown UIDs with a clear error, adding nothing', async () => {
      const before = ok(await world.service.from('lesson_cases').select('id').eq('lesson_id', lesson), 'before') as unknown[];
      const unknown = '1.2.3.4.5.6.7.8.9';
      const refused = await world.as.fatima.rpc('add_lesson_case', {
        lesson,
        sop_instance_uids: [(images[3] as FixtureImage).sop, unknown],
      });
      expect(refused.error?.code).toBe('22023');
      expect(refused.error?.message).toContain(`not in this site's image index: ${unknown}`);
      expect(ok(await world.service.from('lesson_cases').select('id').eq('lesson_id', lesson), 'after')).toHaveLength(before.length);
      expect((await world.as.fatima.rpc('add_lesson_case', { lesson, sop_instance_uids: [] })).error?.code).toBe('22023');
      const long = await world.as.fatima
        .from('lessons')
        .update({ title: 'x'.repeat(201) })
        .eq('id', lesson);
      expect(long.error?.code).toBe('23514');
    });

    it('a radiographer adds an image of the site that a colleague made', async () => {
      const own = await createLesson(world.as.petra, 'Petra’s les');
      const daansOnly = images.find((i) => i.operators.length === 1 && i.operators[0] === DAAN) as FixtureImage;
      const added = await addCase(world.as.petra, own, [daansOnly.sop]);
      const shown = await presentation(world.as.petra, own);
      expect(shown.cases.map((c) => [c.id, c.images.map((i) => i.sop_instance_uid)])).toEqual([[added, [daansOnly.sop]]]);
    });
  });

  it('keeps positions 1..n through moves and removals, the images of a case in their order', async () => {
    const lesson = await createLesson(world.as.fatima, 'Volgorde');
    const ids: string[] = [];
    for (let n = 0; n < 6; n++) ids.push(await addCase(world.as.fatima, lesson, [(images[n] as FixtureImage).sop], `punt ${n + 1}`));
    const order = async (): Promise<Array<[string, number]>> =>
      (
        ok(await world.service.from('lesson_cases').select('id, position').eq('lesson_id', lesson).order('position'), 'order') as Array<{
          id: string;
          position: number;
        }>
      ).map((c) => [c.id, c.position]);
    const expectOrder = async (expected: string[]) =>
      expect(await order()).toEqual(expected.map((id, i) => [id, i + 1] as [string, number]));
    let model = [...ids];
    const move = async (id: string, position: number) => {
      ok(await world.as.fatima.rpc('move_lesson_case', { lesson_case: id, position }), 'move');
      model = model.filter((x) => x !== id);
      model.splice(Math.min(position, model.length + 1) - 1, 0, id);
      await expectOrder(model);
    };
    await move(ids[5] as string, 2);
    await move(ids[0] as string, 6);
    await move(ids[3] as string, 1);
    await move(ids[2] as string, 99);
    await move(ids[2] as string, 3);
    expect((await world.as.fatima.rpc('move_lesson_case', { lesson_case: ids[1], position: 0 })).error?.code).toBe('22023');
    ok(await world.as.fatima.rpc('remove_lesson_case', { lesson_case: model[2] }), 'remove');
    model.splice(2, 1);
    await expectOrder(model);
    // removed through the table (as the API's DELETE), two at once
    ok(await world.as.fatima.from('lesson_cases').delete().in('id', [model[0], model[3]]), 'delete two');
    model = model.filter((_, i) => i !== 0 && i !== 3);
    await expectOrder(model);

    // images within a case in the order given; removing one closes the gap
    const sops = [images[10], images[7], images[12]].map((i) => (i as FixtureImage).sop);
    const multi = await addCase(world.as.fatima, lesson, sops);
    const shown = await presentation(world.as.fatima, lesson);
    expect(shown.cases.map((c) => c.position)).toEqual([1, 2, 3, 4]);
    expect(shown.cases.find((c) => c.id === multi)?.images.map((i) => i.sop_instance_uid)).toEqual(sops);
    ok(
      await world.as.fatima
        .from('lesson_case_images')
        .delete()
        .eq('case_id', multi)
        .eq('image_id', (images[10] as FixtureImage).id),
      'del',
    );
    const positions = ok(
      await world.service.from('lesson_case_images').select('image_id, position').eq('case_id', multi).order('position'),
      'pos',
    );
    expect(positions).toEqual([
      { image_id: (images[7] as FixtureImage).id, position: 1 },
      { image_id: (images[12] as FixtureImage).id, position: 2 },
    ]);
  });

  describe('the presentation', () => {
    let lesson: string;
    let raw: RawRows;
    let lessonImages: FixtureImage[];

    beforeAll(async () => {
      raw = await rawRows(world.service);
      // every image of the four evaluations, and a few none evaluated: each its own case, some cases of two
      const evaluated = new Set<string>();
      for (const id of Object.values(ev)) {
        const items = await worklist(world.as.fatima, id);
        for (const item of items) evaluated.add(item.image_id);
      }
      lessonImages = images.filter((i) => evaluated.has(i.id) || i === images[1]);
      lesson = await createLesson(world.as.fatima, 'Fouten en dosis', true);
      for (let n = 0; n < lessonImages.length; n += 2)
        await addCase(
          world.as.fatima,
          lesson,
          lessonImages.slice(n, n + 2).map((i) => i.sop),
          `les ${n}`,
        );
    });

    /** The faults a caller may see on an image, computed from the raw rows. */
    const expectedFaults = (caller: string, privileged: boolean, imageId: string): Array<{ code: string; count: number }> => {
      const criteria = new Map(world.catalogue.criteria.map((c) => [c.id, c]));
      const items = new Map(raw.items.map((i) => [i.id, i]));
      const evaluations = new Map(raw.evaluations.map((e) => [e.id, e]));
      const operators = raw.operators.filter((o) => o.image_id === imageId).map((o) => o.person_id);
      const counts = new Map<string, number>();
      for (const s of raw.scores) {
        const item = items.get(s.evaluation_item_id) as RawRows['items'][number];
        if (item.image_id !== imageId || item.state === 'skipped') continue;
        const e = evaluations.get(item.evaluation_id) as RawRows['evaluations'][number];
        if (e.status !== 'closed') continue;
        const readable =
          e.evaluator_id === caller ||
          (e.use !== 'self' && (privileged || (operators.includes(caller) && (e.use === 'quality' || e.use === 'peer'))));
        if (!readable) continue;
        const c = criteria.get(s.criterion_id) as Criterion;
        if (answerMet(c.kind, c.options, s.value) !== false) continue;
        counts.set(c.code, (counts.get(c.code) ?? 0) + 1);
      }
      return [...counts.entries()].map(([code, count]) => ({ code, count })).sort((a, b) => a.code.localeCompare(b.code));
    };
    const shownFaults = (p: Presentation, imageId: string) =>
      p.cases
        .flatMap((c) => c.images)
        .filter((i) => i.image_id === imageId)
        .flatMap((i) => i.facts.faults.map((f) => ({ code: f.code, count: f.count })))
        .sort((a, b) => a.code.localeCompare(b.code));

    it('holds the cases and images in order, and no person’s name anywhere', async () => {
      const people = ok(await world.service.from('people').select('display_name'), 'people') as Array<{ display_name: string }>;
      const operators = ok(await world.service.from('image_operators').select('raw_name'), 'operators') as Array<{ raw_name: string }>;
      const names = [...people.map((p) => p.display_name), ...operators.map((o) => o.raw_name), 'Onbekend', 'Operator'];
      expect(names.length).toBeGreaterThan(8);
      for (const login of ['fatima', 'petra', 'daan', 'anna', 'jeroen'] as const) {
        const p = await presentation(world.as[login], lesson);
        expect(p.cases.flatMap((c) => c.images.map((i) => i.image_id))).toEqual(lessonImages.map((i) => i.id));
        expect(p.cases.map((c) => c.position)).toEqual(p.cases.map((_, i) => i + 1));
        const strings = stringsIn(p);
        expect(strings.length).toBeGreaterThan(50);
        for (const name of names) {
          const hits = strings.filter((s) => s.toLowerCase().includes(name.toLowerCase()));
          expect({ login, name, hits }).toEqual({ login, name, hits: [] });
        }
        // nor keys that would carry one
        expect(JSON.stringify(p)).not.toMatch(/operator|display_name|evaluator|scored_by|station|owner/u);
      }
    });

    it('counts faults of closed evaluations the caller may read only: never a colleague’s self-evaluation, never an open one', async () => {
      const callers = [
        ['fatima', FATIMA, true],
        ['jeroen', DEMO_PEOPLE.jeroen.personId, true],
        ['petra', PETRA, false],
        ['daan', DAAN, false],
        ['anna', DEMO_PEOPLE.anna.personId, false],
      ] as const;
      let compared = 0;
      for (const [login, person, privileged] of callers) {
        const p = await presentation(world.as[login], lesson);
        for (const image of lessonImages) {
          const expected = expectedFaults(person, privileged, image.id);
          compared += expected.length;
          expect({ login, image: image.id, faults: shownFaults(p, image.id) }).toEqual({ login, image: image.id, faults: expected });
        }
      }
      expect(compared).toBeGreaterThan(10);

      // the cases this can fail on are there: Daan's self-evaluation and the open analysis gave not-met answers on
      // images of the lesson, which Daan (his own) reads and nobody else counts
      const notMetOn = (evaluation: string) =>
        raw.scores.filter((s) => {
          const item = raw.items.find((i) => i.id === s.evaluation_item_id) as RawRows['items'][number];
          const c = world.catalogue.criteria.find((x) => x.id === s.criterion_id) as Criterion;
          return item.evaluation_id === evaluation && item.state !== 'skipped' && answerMet(c.kind, c.options, s.value) === false;
        });
      expect(notMetOn(ev.daanSelf).length).toBeGreaterThan(0);
      expect(notMetOn(ev.qualityOpen).length).toBeGreaterThan(0);
      const lessonIds = new Set(lessonImages.map((i) => i.id));
      const onLesson = (evaluation: string) =>
        notMetOn(evaluation).filter((s) =>
          lessonIds.has((raw.items.find((i) => i.id === s.evaluation_item_id) as RawRows['items'][number]).image_id),
        );
      expect(onLesson(ev.daanSelf).length).toBeGreaterThan(0);
      expect(onLesson(ev.qualityOpen).length).toBeGreaterThan(0);
      // Daan reads his own self-evaluation: the quality officer counts fewer faults than everything closed on his images
      const total = (p: Presentation) =>
        p.cases.flatMap((c) => c.images).reduce((n, i) => n + i.facts.faults.reduce((m, f) => m + f.count, 0), 0);
      const closedNotSelf = ['qualityClosed', 'peerPetra'].reduce((n, k) => n + onLesson(ev[k as keyof typeof ev]).length, 0);
      expect(total(await presentation(world.as.fatima, lesson))).toBe(closedNotSelf);
    });

    it('gives the reject reason’s labels and the dose against the department’s reference', async () => {
      const p = await presentation(world.as.petra, lesson);
      const reasons = ok(
        await world.service
          .from('reject_reasons')
          .select('code, label_nl, label_en')
          .eq('site_id', DEMO_SITE_ID)
          .eq('code', '111209')
          .single(),
        'r',
      );
      const byId = new Map(p.cases.flatMap((c) => c.images).map((i) => [i.image_id, i]));
      expect(byId.get((images[1] as FixtureImage).id)?.facts).toMatchObject({ rejected: true, reject_reason: reasons });
      const doses = ok(
        await world.service
          .from('images')
          .select('id, dap_gy_cm2, rejected')
          .in(
            'id',
            lessonImages.map((i) => i.id),
          ),
        'doses',
      ) as Array<{
        id: string;
        dap_gy_cm2: number;
        rejected: boolean;
      }>;
      const statuses = new Set<string>();
      for (const d of doses) {
        const status = d.dap_gy_cm2 > 0.05 ? 'above_drl' : d.dap_gy_cm2 > 0.04 ? 'above_target' : 'at_or_below_target';
        statuses.add(status);
        expect(byId.get(d.id)?.facts.dose).toEqual({
          quantity: 'dap',
          value: d.dap_gy_cm2,
          unit: 'Gy·cm²',
          drl: 0.05,
          target: 0.04,
          status,
        });
        if (d.id !== (images[1] as FixtureImage).id) expect(byId.get(d.id)?.facts.reject_reason).toBeNull();
      }
      expect(statuses.size).toBeGreaterThan(1);
    });
  });

  it('imports a lesson: the UIDs the index holds kept in order, the others listed as missing', async () => {
    const [a, b, c] = [images[20], images[21], images[22]].map((i) => (i as FixtureImage).sop);
    const result = ok(
      await world.as.petra.rpc('import_lesson', {
        title: 'Uit een ander systeem',
        cases: [
          { teaching_point: 'eerste', images: [b, '1.2.999.1', a] },
          { teaching_point: 'alleen onbekend', images: ['1.2.999.2'] },
          { teaching_point: null, images: [c] },
        ],
      }),
      'import_lesson',
    ) as { lesson_id: string; cases: number; images: number; missing: string[]; cases_left_out: number };
    expect(result).toMatchObject({ cases: 2, images: 3, missing: ['1.2.999.1', '1.2.999.2'], cases_left_out: 1 });
    const p = await presentation(world.as.petra, result.lesson_id);
    expect(p).toMatchObject({ title: 'Uit een ander systeem', shared: false, mine: true });
    expect(p.cases.map((x) => [x.position, x.teaching_point, x.images.map((i) => i.sop_instance_uid)])).toEqual([
      [1, 'eerste', [b, a]],
      [2, null, [c]],
    ]);
    const origins = ok(
      await world.service
        .from('lesson_case_images')
        .select('origin')
        .in(
          'case_id',
          p.cases.map((x) => x.id),
        ),
      'origins',
    );
    expect(new Set((origins as Array<{ origin: string }>).map((o) => o.origin))).toEqual(new Set(['import']));
    // private to Petra
    expect((await world.as.daan.rpc('lesson_presentation', { lesson: result.lesson_id })).error?.code).toBe('42501');
    // bad input: a clear error, nothing made
    const count = async () => (ok(await world.service.from('lessons').select('id'), 'lessons') as unknown[]).length;
    const before = await count();
    for (const cases of [{}, [{ images: 'x' }], [{ teaching_point: 3, images: [] }], [{ images: [1] }]]) {
      const refused = await world.as.petra.rpc('import_lesson', { title: 'x', cases });
      expect({ cases, code: refused.error?.code }).toEqual({ cases, code: '22023' });
    }
    expect((await world.as.petra.rpc('import_lesson', { title: ' ', cases: [] })).error?.code).toBe('22023');
    expect(await count()).toBe(before);
  });
});
