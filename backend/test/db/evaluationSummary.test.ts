/**
 * evaluation_summary (migration 14) on both engines: answers given through supabase-js by the evaluators, then the
 * summary compared with one computed here from the raw rows (read through the service role): counts, per criterion
 * met / not met / not applicable and the share, the comparison with earlier evaluations (the same subject, or the
 * same filter for a quality analysis; the same procedures; only what the caller may read), grades and faults.
 */
import type { SupabaseClient } from '@supabase/supabase-js';
import { DEMO_PEOPLE, DEMO_SITE_ID } from '@iqs/demo-department';
import { ENGINES } from '../../../test/support/engines';
import {
  answerMet,
  cryptoUuid,
  lcg,
  rawRows,
  readsAnswers,
  scoreAll,
  startEvaluation,
  startEvaluationWorld,
  type Catalogue,
  type Criterion,
  type EvaluationWorld,
  type RawRows,
  type WorklistRow,
  worklist,
} from './evaluationFixtures';

jest.setTimeout(300_000);

const PETRA = DEMO_PEOPLE.petra.personId;
const DAAN = DEMO_PEOPLE.daan.personId;
const ANNA = DEMO_PEOPLE.anna.personId;

/** Who may read an item's scores, as the policies say (written out here, not asked of the database). */
type Reader = (evaluation: RawRows['evaluations'][number], operators: Array<string | null>) => boolean;
const asQualityOfficer: Reader = () => true;
const asPerson = (person: string): Reader => readsAnswers(person, []);

interface ExpectedOptions {
  reader: Reader;
  /** does an earlier item's image belong to the comparison (same subject, or same filter) */
  comparable: (image: RawRows['images'][number], operators: Array<string | null>) => boolean;
  comparedWith: string;
}

interface FormRow {
  id: string;
  code: string;
  title_nl: string;
  title_en: string;
  version: number;
}
interface GradeOption {
  value: string;
  label_nl: string;
  label_en: string;
  met?: boolean;
}

/** Every scoring form (code, titles, version), read through the service role. */
async function formRows(service: SupabaseClient): Promise<FormRow[]> {
  const { data, error } = await service.from('scoring_forms').select('id, code, title_nl, title_en, version');
  if (error) throw new Error(error.message);
  return data as FormRow[];
}

/** The best grade of migration 14: the highest when every value is a number, else the last listed. */
function bestGrade(options: readonly GradeOption[]): string | undefined {
  if (options.every((o) => /^-?[0-9]+(\.[0-9]+)?$/.test(o.value)))
    return [...options].sort((a, b) => Number(b.value) - Number(a.value))[0]?.value;
  return options[options.length - 1]?.value;
}

/**
 * EvaluationSummary, computed from the raw rows and the forms' marks. Shares are rounded to 9 places for the
 * comparison. A grade fails an image by the form's marks (answerMet) where it has them, else when it is not the best.
 */
function expectedSummary(raw: RawRows, catalogue: Catalogue, forms: FormRow[], evaluationId: string, options: ExpectedOptions) {
  const criteria = catalogue.criteria;
  const evaluation = raw.evaluations.find((e) => e.id === evaluationId);
  if (!evaluation) throw new Error('no such evaluation');
  const evaluations = new Map(raw.evaluations.map((e) => [e.id, e]));
  const images = new Map(raw.images.map((i) => [i.id, i]));
  const criteriaById = new Map(criteria.map((c) => [c.id, c]));
  const operatorsOf = (imageId: string) => raw.operators.filter((o) => o.image_id === imageId).map((o) => o.person_id);
  const readable = (item: RawRows['items'][number]) =>
    options.reader(evaluations.get(item.evaluation_id) as RawRows['evaluations'][number], operatorsOf(item.image_id));

  const items = raw.items.filter((i) => i.evaluation_id === evaluationId && readable(i)).sort((a, b) => a.position - b.position);
  const counted = new Set(items.filter((i) => i.state !== 'skipped').map((i) => i.id));
  const answers = raw.scores
    .filter((s) => counted.has(s.evaluation_item_id))
    .map((s) => {
      const c = criteriaById.get(s.criterion_id) as Criterion;
      return { item: s.evaluation_item_id, criterion: c, value: s.value, met: answerMet(c.kind, c.options, s.value) };
    });

  const procedures = new Set(items.map((i) => images.get(i.image_id)?.procedure_id ?? null));
  const previousItems = new Set(
    raw.items
      .filter((i) => {
        const e = evaluations.get(i.evaluation_id) as RawRows['evaluations'][number];
        const image = images.get(i.image_id) as RawRows['images'][number];
        return (
          i.evaluation_id !== evaluationId &&
          e.created_at < evaluation.created_at &&
          i.state !== 'skipped' &&
          procedures.has(image.procedure_id) &&
          options.comparable(image, operatorsOf(image.id)) &&
          readable(i)
        );
      })
      .map((i) => i.id),
  );
  const previous = raw.scores
    .filter((s) => previousItems.has(s.evaluation_item_id))
    .map((s) => {
      const c = criteriaById.get(s.criterion_id) as Criterion;
      return { code: c.code, met: answerMet(c.kind, c.options, s.value) };
    });

  const formsUsed = new Set(items.map((i) => i.form_id));
  // the wording of the lowest position; between forms with the same position, the form code decides
  const formCode = (id: string) => catalogue.formCodeById[id] ?? id;
  const byCode = new Map<string, Criterion>();
  for (const c of criteria
    .filter((c) => formsUsed.has(c.form_id))
    .sort((a, b) => a.position - b.position || formCode(a.form_id).localeCompare(formCode(b.form_id)))) {
    if (!byCode.has(c.code)) byCode.set(c.code, c);
  }
  const round = (x: number | null) => (x === null ? null : Math.round(x * 1e9) / 1e9);
  const summaryCriteria = [...byCode.values()]
    .sort((a, b) => a.position - b.position || (a.code < b.code ? -1 : 1))
    .map((c) => {
      const mine = answers.filter((a) => a.criterion.code === c.code);
      const answered = mine.filter((a) => a.met !== null).length;
      const met = mine.filter((a) => a.met === true).length;
      const before = previous.filter((p) => p.code === c.code);
      const previousAnswered = before.filter((p) => p.met !== null).length;
      return {
        criterion_code: c.code,
        label_nl: c.label_nl,
        label_en: c.label_en,
        position: c.position,
        kind: c.kind,
        answered,
        met,
        not_applicable: mine.filter((a) => a.criterion.kind === 'yes_no_na' && a.value === 'na').length,
        share_met: answered > 0 ? round(met / answered) : null,
        previous_share_met: previousAnswered > 0 ? round(before.filter((p) => p.met === true).length / previousAnswered) : null,
        previous_answered: previousAnswered,
      };
    });

  const formById = new Map(forms.map((f) => [f.id, f]));
  // one distribution per grade criterion of the forms used, its options in the form's order
  const gradeCriteria = criteria
    .filter((c) => formsUsed.has(c.form_id) && c.kind === 'grade')
    .map((c) => ({ c, form: formById.get(c.form_id) as FormRow }))
    .sort(
      (a, b) =>
        (a.form.code < b.form.code ? -1 : a.form.code > b.form.code ? 1 : 0) ||
        a.form.version - b.form.version ||
        a.c.position - b.c.position,
    )
    .map(({ c, form }) => ({
      criterion_id: c.id,
      criterion_code: c.code,
      label_nl: c.label_nl,
      label_en: c.label_en,
      position: c.position,
      form_code: form.code,
      form_title_nl: form.title_nl,
      form_title_en: form.title_en,
      form_version: form.version,
      options: (c.options as GradeOption[]).map((o) => ({
        value: o.value,
        label_nl: o.label_nl,
        label_en: o.label_en,
        met: answerMet('grade', c.options, o.value),
        count: answers.filter((a) => a.criterion.id === c.id && a.value === o.value).length,
      })),
    }));
  const gradeFails = (a: (typeof answers)[number]) =>
    a.value !== null && (a.met !== null ? !a.met : a.value !== bestGrade(a.criterion.options as GradeOption[]));

  const faults = items
    .filter((i) => counted.has(i.id))
    .map((i) => {
      const mine = answers.filter((a) => a.item === i.id);
      const gradeAnswer = mine.filter((a) => a.criterion.kind === 'grade').sort((a, b) => a.criterion.position - b.criterion.position)[0];
      const grade = gradeAnswer?.value ?? null;
      const gradeOption = (gradeAnswer?.criterion.options as GradeOption[] | undefined)?.find((o) => o.value === grade);
      const notMet = mine
        .filter((a) => a.met === false)
        .sort((a, b) => a.criterion.position - b.criterion.position)
        .map((a) => a.criterion.code);
      const image = images.get(i.image_id) as RawRows['images'][number];
      return {
        item_id: i.id,
        position: i.position,
        image_id: i.image_id,
        study_instance_uid: image.study_instance_uid,
        series_instance_uid: image.series_instance_uid,
        sop_instance_uid: image.sop_instance_uid,
        criteria: notMet,
        grade,
        grade_label_nl: gradeOption?.label_nl ?? null,
        grade_label_en: gradeOption?.label_en ?? null,
        faulty: notMet.length > 0 || mine.some((a) => a.criterion.kind === 'grade' && gradeFails(a)),
      };
    })
    .filter((f) => f.faulty)
    .map(({ faulty: _faulty, ...rest }) => rest);

  return {
    evaluation_id: evaluationId,
    items: items.length,
    scored: items.filter((i) => i.state === 'scored').length,
    skipped: items.filter((i) => i.state === 'skipped').length,
    criteria: summaryCriteria,
    grade_criteria: gradeCriteria,
    faults,
    compared_with: previous.some((p) => p.met !== null) ? options.comparedWith : null,
  };
}

/** The summary as the database gives it, with shares rounded as above. */
async function summary(client: SupabaseClient, evaluation: string) {
  const { data, error } = await client.rpc('evaluation_summary', { evaluation });
  if (error) throw new Error(`evaluation_summary: ${error.code} ${error.message}`);
  const s = data as { criteria: Array<{ share_met: number | null; previous_share_met: number | null }> };
  const round = (x: number | null) => (x === null ? null : Math.round(x * 1e9) / 1e9);
  return {
    ...s,
    criteria: s.criteria.map((c) => ({ ...c, share_met: round(c.share_met), previous_share_met: round(c.previous_share_met) })),
  };
}

describe.each(ENGINES)('evaluation summary on %s', (engine) => {
  let world: EvaluationWorld;
  let forms: FormRow[] = [];
  const ids: Record<string, string> = {};
  const JUNE = { from: '2025-06-01', to: '2025-06-30' };

  beforeAll(async () => {
    world = await startEvaluationWorld(engine);
    forms = await formRows(world.service);
    const { procedures } = world.catalogue;
    const june = (i: number) => `2025-06-${String(1 + i).padStart(2, '0')}`;
    await world.addImages([
      ...Array.from({ length: 9 }, (_, i) => ({ operators: [PETRA], procedure: 'thorax', view: 'PA', date: june(i) })),
      ...Array.from({ length: 5 }, (_, i) => ({ operators: [PETRA], procedure: 'thorax', view: 'LL', date: june(i) })),
      ...Array.from({ length: 5 }, (_, i) => ({ operators: [PETRA, DAAN], procedure: 'bekken', view: 'AP', date: june(10 + i) })),
      ...Array.from({ length: 4 }, (_, i) => ({ operators: [PETRA], procedure: 'knie', view: 'AP', date: june(i) })),
      ...Array.from({ length: 4 }, (_, i) => ({ operators: [DAAN], procedure: 'thorax', view: 'PA', date: june(i) })),
      ...Array.from({ length: 4 }, (_, i) => ({ operators: [DAAN], procedure: 'knie', view: 'PA', date: june(20 + i) })),
      // knee images outside the quality analysis's period
      ...Array.from({ length: 3 }, (_, i) => ({
        operators: [DAAN],
        procedure: 'knie',
        view: 'PA',
        date: `2024-06-${String(1 + i).padStart(2, '0')}`,
      })),
    ]);
    const thorax = procedures['thorax'] as string;
    const bekken = procedures['bekken'] as string;
    const knie = procedures['knie'] as string;

    // in order of creation: what comes before the main evaluation is "previous", what comes after is not
    ids['petraSelf'] = (
      await startEvaluation(world.as.petra, { use: 'self', filter: { ...JUNE, procedure_ids: [thorax, knie] }, sample_size: 8, seed: 1 })
    ).evaluation_id;
    await scoreAll(world, world.as.petra, ids['petraSelf'], 101, { skip: (p) => p === 2 });
    ids['annaEarlier'] = (
      await startEvaluation(world.as.anna, {
        use: 'peer',
        subject_person_id: PETRA,
        filter: { ...JUNE, procedure_ids: [thorax] },
        sample_size: 3,
        seed: 2,
      })
    ).evaluation_id;
    await scoreAll(world, world.as.anna, ids['annaEarlier'], 102);
    ids['annaDaan'] = (
      await startEvaluation(world.as.anna, {
        use: 'peer',
        subject_person_id: DAAN,
        filter: { ...JUNE, procedure_ids: [thorax, bekken] },
        sample_size: 5,
        seed: 3,
      })
    ).evaluation_id;
    await scoreAll(world, world.as.anna, ids['annaDaan'], 103);
    ids['kneeEarlier'] = (
      await startEvaluation(world.as.fatima, {
        use: 'quality',
        filter: { procedure_ids: [knie], exclude_evaluated: false },
        sample_size: 9,
        seed: 4,
      })
    ).evaluation_id;
    await scoreAll(world, world.as.fatima, ids['kneeEarlier'], 104);

    ids['main'] = (
      await startEvaluation(world.as.anna, {
        use: 'peer',
        subject_person_id: PETRA,
        filter: { ...JUNE, procedure_ids: [thorax, bekken] },
        sample_size: 10,
        seed: 5,
      })
    ).evaluation_id;
    await scoreAll(world, world.as.anna, ids['main'], 105, { skip: (p) => p === 3, leave: (p) => p === 7 });
    ids['kneeMain'] = (
      await startEvaluation(world.as.fatima, {
        use: 'quality',
        filter: { ...JUNE, procedure_ids: [knie], exclude_evaluated: false },
        sample_size: 6,
        seed: 6,
      })
    ).evaluation_id;
    await scoreAll(world, world.as.fatima, ids['kneeMain'], 106, { skip: (p) => p === 1 });

    ids['later'] = (
      await startEvaluation(world.as.fatima, {
        use: 'quality',
        filter: { ...JUNE, procedure_ids: [thorax], exclude_evaluated: false },
        sample_size: 6,
        seed: 7,
      })
    ).evaluation_id;
    await scoreAll(world, world.as.fatima, ids['later'], 107);
  });

  afterAll(async () => {
    await world?.env.close();
  });

  it('decides met in one place, as the contract says; the seed marks what meets its criterion', async () => {
    const met = async (kind: string, options: unknown, value: string | null): Promise<boolean | null> =>
      (
        await world.env.db.query<{ met: boolean | null }>('select private.answer_met($1::public.criterion_kind, $2::jsonb, $3) as met', [
          kind,
          options === null ? null : JSON.stringify(options),
          value,
        ])
      ).rows[0]?.met ?? null;
    const choice = [{ value: 'a', met: true }, { value: 'b' }, { value: 'c', met: false }];
    const cases: Array<[string, unknown, string | null, boolean | null]> = [
      ['yes_no_na', null, 'yes', true],
      ['yes_no_na', null, 'no', false],
      ['yes_no_na', null, 'na', null],
      ['yes_no_na', null, null, null],
      ['scale', { min: 1, max: 5, met_from: 4 }, '4', true],
      ['scale', { min: 1, max: 5, met_from: 4 }, '3', false],
      ['scale', { min: 1, max: 5, met_from: 2 }, '2', true],
      ['scale', { min: 1, max: 5 }, '4', true],
      ['scale', { min: 1, max: 5 }, '3', false],
      ['scale', { min: 0, max: 10 }, '10', true],
      ['choice', choice, 'a', true],
      ['choice', choice, 'b', false],
      ['choice', choice, 'c', false],
      ['choice', [{ value: 'a' }, { value: 'b' }], 'a', null],
      // since migration 37 a grade whose options mark which grades meet counts like a choice (the PGMI grade)
      ['grade', [{ value: '1' }, { value: '3', met: true }], '3', true],
      ['grade', [{ value: '1' }, { value: '3', met: true }], '1', false],
      ['grade', [{ value: '1' }, { value: '3' }], '3', null],
      ['comment', null, null, null],
    ];
    for (const [kind, options, value, expected] of cases)
      expect({ kind, options, value, met: await met(kind, options, value) }).toEqual({ kind, options, value, met: expected });
    const seeded = world.catalogue.criteria.filter((c) => ['side_marker', 'exposure', 'positioning', 'collimation'].includes(c.code));
    expect(seeded.length).toBeGreaterThan(10);
    for (const c of seeded) {
      const metValues =
        c.kind === 'scale'
          ? [(c.options as { met_from?: number }).met_from]
          : (c.options as Array<{ value: string; met?: boolean }>).filter((o) => o.met === true).map((o) => o.value);
      expect({ code: c.code, metValues }).toEqual({
        code: c.code,
        metValues: [{ side_marker: 'correct', exposure: 'good', positioning: 4, collimation: 4 }[c.code]],
      });
    }
  });

  const petrasImages = (_image: RawRows['images'][number], operators: Array<string | null>) => operators.includes(PETRA);
  const comparedWithPetra = 'earlier evaluations of Petra Jansen, same procedures';

  it('has answers to compare: every evaluation was scored, with skipped and unanswered items', async () => {
    const raw = await rawRows(world.service);
    for (const [name, id] of Object.entries(ids)) {
      const items = raw.items.filter((i) => i.evaluation_id === id);
      expect({ name, items: items.length > 0, scores: raw.scores.some((s) => items.some((i) => i.id === s.evaluation_item_id)) }).toEqual({
        name,
        items: true,
        scores: true,
      });
    }
    const main = raw.items.filter((i) => i.evaluation_id === ids['main']);
    expect(main.map((i) => i.state).sort()).toEqual([...Array(8).fill('scored'), 'skipped', 'to_do'].sort());
    // the scores were given in the evaluator's name, though the client did not send it
    const mainScores = raw.scores.filter((s) => main.some((i) => i.id === s.evaluation_item_id));
    expect(new Set(mainScores.map((s) => s.scored_by))).toEqual(new Set([ANNA]));
  });

  it('the evaluator: counts, criteria, grades and faults as the raw rows give them, compared with what she scored before', async () => {
    const raw = await rawRows(world.service);
    const expected = expectedSummary(raw, world.catalogue, forms, ids['main'] as string, {
      reader: asPerson(ANNA),
      comparable: petrasImages,
      comparedWith: comparedWithPetra,
    });
    const actual = await summary(world.as.anna, ids['main'] as string);
    expect(actual).toEqual(expected);
    // the comparison is there, and holds only Anna's earlier review of Petra (3 images), not Petra's self-evaluation
    expect(expected.compared_with).toBe(comparedWithPetra);
    expect(expected.criteria.some((c) => c.previous_answered > 0)).toBe(true);
    // something to see in every part
    expect(expected.faults.length).toBeGreaterThan(0);
    expect(expected.grade_criteria.flatMap((d) => d.options).reduce((n, g) => n + g.count, 0)).toBeGreaterThan(0);
    expect(expected.criteria.some((c) => c.not_applicable > 0)).toBe(true);
  });

  it('the quality officer and the subject compare with everything earlier on Petra’s images they may read', async () => {
    // (issue 12) the subject reads a peer review once the reviewer has closed it
    expect((await world.as.petra.rpc('evaluation_summary', { evaluation: ids['main'] })).error?.code).toBe('42501');
    for (const evaluation of [ids['annaEarlier'], ids['main']])
      expect((await world.as.anna.rpc('close_evaluation', { evaluation })).error).toBeNull();
    const raw = await rawRows(world.service);
    for (const [who, client, reader] of [
      ['fatima', world.as.fatima, asQualityOfficer],
      ['petra', world.as.petra, asPerson(PETRA)],
    ] as const) {
      const expected = expectedSummary(raw, world.catalogue, forms, ids['main'] as string, {
        reader,
        comparable: petrasImages,
        comparedWith: comparedWithPetra,
      });
      expect({ who, summary: await summary(client, ids['main'] as string) }).toEqual({ who, summary: expected });
    }
    // the quality officer's comparison takes in Petra's self-evaluation too: more earlier answers than Anna's
    const annas = expectedSummary(raw, world.catalogue, forms, ids['main'] as string, {
      reader: asPerson(ANNA),
      comparable: petrasImages,
      comparedWith: comparedWithPetra,
    });
    const fatimas = expectedSummary(raw, world.catalogue, forms, ids['main'] as string, {
      reader: asQualityOfficer,
      comparable: petrasImages,
      comparedWith: comparedWithPetra,
    });
    const total = (s: typeof annas) => s.criteria.reduce((n, c) => n + c.previous_answered, 0);
    expect(total(fatimas)).toBeGreaterThan(total(annas));
  });

  it('a quality analysis compares with earlier answers on images its filter selects, of its procedures', async () => {
    const raw = await rawRows(world.service);
    const knie = world.catalogue.procedures['knie'];
    const inJune = (image: RawRows['images'][number]) =>
      image.procedure_id === knie && (image.study_date ?? '') >= JUNE.from && (image.study_date ?? '') <= JUNE.to;
    const expected = expectedSummary(raw, world.catalogue, forms, ids['kneeMain'] as string, {
      reader: asQualityOfficer,
      comparable: inJune,
      comparedWith: 'earlier evaluations of images matching the same filter, same procedures',
    });
    expect(await summary(world.as.fatima, ids['kneeMain'] as string)).toEqual(expected);
    expect(expected.compared_with).not.toBeNull();
    expect(expected.skipped).toBe(1);
  });

  it('an evaluation without earlier ones has nothing to compare with', async () => {
    const raw = await rawRows(world.service);
    const expected = expectedSummary(raw, world.catalogue, forms, ids['petraSelf'] as string, {
      reader: asPerson(PETRA),
      comparable: petrasImages,
      comparedWith: comparedWithPetra,
    });
    expect(expected.compared_with).toBeNull();
    expect(await summary(world.as.petra, ids['petraSelf'] as string)).toEqual(expected);
  });

  it('a mixed evaluation (mammograms graded G and M, chest images graded): faults, distributions and shares by each form’s rule', async () => {
    const { procedures } = world.catalogue;
    const thorax = procedures['thorax'] as string;
    const mammo = procedures['mammo'] as string;
    // images of August only, which no other evaluation here draws
    const AUGUST = { from: '2025-08-01', to: '2025-08-31' };
    await world.addImages([
      { operators: [PETRA], procedure: 'mammo', view: 'MLO', modality: 'MG', date: '2025-08-04' },
      { operators: [PETRA], procedure: 'mammo', view: 'MLO', modality: 'MG', date: '2025-08-05' },
      { operators: [PETRA], procedure: 'thorax', view: 'PA', date: '2025-08-06' },
      { operators: [PETRA], procedure: 'thorax', view: 'PA', date: '2025-08-07' },
    ]);
    const mixed = (
      await startEvaluation(world.as.fatima, {
        use: 'quality',
        filter: { ...AUGUST, procedure_ids: [thorax, mammo], exclude_evaluated: false },
        sample_size: 4,
        seed: 8,
      })
    ).evaluation_id;
    const items = await worklist(world.as.fatima, mixed);
    const formOf = (item: WorklistRow) => world.catalogue.formCodeById[item.form_id];
    expect(items.map(formOf).sort()).toEqual(['chest-pa', 'chest-pa', 'mammo-mlo', 'mammo-mlo']);
    // the grades given: PGMI G (meets by the form's marks) and M (does not); the chest's best grade and one below it
    const planned = new Map<string, string>();
    for (const [form, values] of [
      ['mammo-mlo', ['G', 'M']],
      ['chest-pa', ['3', '2']],
    ] as const)
      items.filter((i) => formOf(i) === form).forEach((item, n) => planned.set(item.item_id, values[n] as string));
    const next = lcg(108);
    const rows = items.flatMap((item) =>
      world.catalogue.criteria
        .filter((c) => c.form_id === item.form_id && (c.kind === 'grade' || c.code === 'side_marker'))
        .map((c) => ({
          id: cryptoUuid(next),
          site_id: DEMO_SITE_ID,
          evaluation_item_id: item.item_id,
          form_id: item.form_id,
          criterion_id: c.id,
          value: c.kind === 'grade' ? (planned.get(item.item_id) as string) : 'correct',
          comment: null,
        })),
    );
    expect((await world.as.fatima.from('scores').upsert(rows, { onConflict: 'id' })).error).toBeNull();
    for (const item of items)
      expect((await world.as.fatima.from('evaluation_items').update({ state: 'scored' }).eq('id', item.item_id)).error).toBeNull();

    const raw = await rawRows(world.service);
    const inAugust = (image: RawRows['images'][number]) => (image.study_date ?? '') >= AUGUST.from && (image.study_date ?? '') <= AUGUST.to;
    const expected = expectedSummary(raw, world.catalogue, forms, mixed, {
      reader: asQualityOfficer,
      comparable: inAugust,
      comparedWith: 'earlier evaluations of images matching the same filter, same procedures',
    });
    const actual = await summary(world.as.fatima, mixed);
    expect(actual).toEqual(expected);

    // what that means here, from the raw rows: the PGMI "G" and the chest's best grade are no faults; "M" and the
    // chest's grade below its best are
    const byGrade = (value: string) => [...planned].find(([, v]) => v === value)?.[0];
    expect(expected.faults.map((f) => f.item_id).sort()).toEqual([byGrade('M'), byGrade('2')].sort());
    // one distribution per grade criterion, each with its own form's options only
    expect(
      expected.grade_criteria.map((d) => [d.form_code, d.criterion_code, d.options.map((o) => `${o.value}:${o.count}`).join(' ')]),
    ).toEqual([
      ['chest-pa', 'overall', '1:0 2:1 3:1'],
      ['mammo-mlo', 'pgmi', 'I:0 M:1 G:1 P:0'],
    ]);
    // the marked grade counts in the share met like a choice (1 of 2), the unmarked one not at all
    const share = (code: string) => expected.criteria.find((c) => c.criterion_code === code);
    expect([share('pgmi')?.answered, share('pgmi')?.met, share('overall')?.answered]).toEqual([2, 1, 0]);

    // the statistics count the same answers by the same rule: per criterion over August's images, where only this
    // evaluation has answers (the quality officer reads them all), PGMI 1 of 2 and no row for the unmarked grade
    const stats = await world.as.fatima.rpc('score_statistics', { dimension: 'criterion', period: 'all', filter: AUGUST });
    expect(stats.error).toBeNull();
    const statRows = (stats.data as Array<{ criterion_code: string; answered: number; met: number }>).map((r) => [
      r.criterion_code,
      r.answered,
      r.met,
    ]);
    expect(statRows.sort()).toEqual(
      expected.criteria
        .filter((c) => c.answered > 0)
        .map((c) => [c.criterion_code, c.answered, c.met])
        .sort(),
    );
    expect(statRows.map((r) => r[0])).toContain('pgmi');
  });

  it('is refused to those who may not read the scores, with a clear error', async () => {
    const { error } = await world.as.daan.rpc('evaluation_summary', { evaluation: ids['annaEarlier'] });
    expect(error?.code).toBe('42501');
    expect(error?.message).toContain('no evaluation');
    const unknown = await world.as.fatima.rpc('evaluation_summary', { evaluation: '00000000-0000-4000-8000-000000000000' });
    expect(unknown.error?.code).toBe('42501');
  });
});
