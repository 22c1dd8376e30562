/**
 * Forms for every procedure and the form editor (migration 37, issue 14 item 2) on both engines: every procedure and
 * view the demo data writes is scored on a form of its own, never the generic one; every scale says what each value
 * means and from which value it meets, every choice which answers meet; the PGMI grade counts (P and G meet) where
 * the 1–3 overall grade does not; only an admin saves a form; a changed form becomes a new version with the old one
 * switched off and its procedures moved, the next evaluation samples onto the new version while the earlier items and
 * scores keep the old one and its wording (read back from the tables); saving unchanged makes no version; saving on a
 * stale version, a malformed criterion or a view another form holds is refused with a clear message. Every form
 * change is audited by the database (migration 40): a saved version, a new form and a form switched off each write one
 * row naming the admin, the form, its version and the version it replaced, at the version's own time; an unchanged
 * or refused save writes none, and nobody writes such a row through the API.
 */
import { randomUUID } from 'node:crypto';
import { DEMO_PEOPLE, DEMO_SITE_ID, PROCEDURES } from '@iqs/demo-department';
import { ENGINES } from '../../../test/support/engines';
import { answerMet, startEvaluation, startEvaluationWorld, type EvaluationWorld } from './evaluationFixtures';

jest.setTimeout(300_000);

interface CriterionRow {
  id: string;
  form_id: string;
  position: number;
  code: string;
  kind: 'yes_no_na' | 'scale' | 'choice' | 'comment' | 'grade';
  label_nl: string;
  label_en: string;
  help_nl: string | null;
  help_en: string | null;
  required: boolean;
  options: unknown;
}

interface FormRow {
  id: string;
  code: string;
  version: number;
  title_nl: string;
  title_en: string;
  source: string;
  active: boolean;
  is_generic: boolean;
  created_by: string | null;
}

describe.each(ENGINES)('scoring forms and their editor on %s', (engine) => {
  let world: EvaluationWorld;
  const query = async <R>(sql: string, params?: unknown[]): Promise<R[]> => (await world.env.db.query<R>(sql, params)).rows;
  const formsByCode = async (code: string): Promise<FormRow[]> =>
    query<FormRow>(
      'select id, code, version, title_nl, title_en, source, active, is_generic, created_by from public.scoring_forms where code = $1 order by version',
      [code],
    );
  const criteriaOf = async (formId: string): Promise<CriterionRow[]> =>
    query<CriterionRow>(
      'select id, form_id, position, code, kind::text as kind, label_nl, label_en, help_nl, help_en, required, options from public.scoring_criteria where form_id = $1 order by position',
      [formId],
    );
  const mappingsOf = async (formId: string): Promise<string[]> =>
    (
      await query<{ m: string }>(
        `select p.code || '/' || coalesce(m.view_position, '*') as m from public.scoring_form_procedures m join public.procedures p on p.id = m.procedure_id where m.form_id = $1 order by 1`,
        [formId],
      )
    ).map((r) => r.m);

  /** The editor's payload for an existing version, as the data layer sends it. */
  const payloadOf = async (form: FormRow) => ({
    replaces: form.id,
    title_nl: form.title_nl,
    title_en: form.title_en,
    source: form.source,
    criteria: (await criteriaOf(form.id)).map((c) => ({
      code: c.code,
      kind: c.kind,
      label_nl: c.label_nl,
      label_en: c.label_en,
      help_nl: c.help_nl,
      help_en: c.help_en,
      required: c.required,
      options: c.options,
    })),
    procedures: await query<{ procedure_id: string; view_position: string | null }>(
      'select procedure_id, view_position from public.scoring_form_procedures where form_id = $1',
      [form.id],
    ),
  });

  beforeAll(async () => {
    world = await startEvaluationWorld(engine);
  });

  afterAll(async () => {
    await world?.env.close();
  });

  it('scores every procedure and view the demo data writes on a form of its own', async () => {
    const generic = (await formsByCode('generic'))[0] as FormRow;
    // the view terms the demo writes (as ViewPosition or coded; CT writes none)
    const pairs = PROCEDURES.flatMap((p) =>
      p.views.flatMap((v) =>
        [...new Set([v.viewPosition('L'), v.viewPosition('R')])].map((view) => ({ procedure: p.code, view: view || null })),
      ),
    );
    expect(pairs.length).toBeGreaterThanOrEqual(14);
    const images = await world.addImages(pairs.map((p) => ({ operators: [], procedure: p.procedure, view: p.view, date: '2026-03-02' })));
    const got = await Promise.all(
      images.map(async (image) => {
        const [row] = await query<{ form: string }>('select private.form_for_image($1) as form', [image.id]);
        return {
          procedure: image.procedure,
          view: image.view,
          generic: row?.form === generic.id,
          form: world.catalogue.formCodeById[row?.form ?? ''],
        };
      }),
    );
    expect(got.filter((g) => g.generic)).toEqual([]);
    const formOf = (procedure: string, view: string | null) => got.find((g) => g.procedure === procedure && g.view === view)?.form;
    expect(formOf('knie', 'AP')).toBe('knee-ap');
    expect(formOf('knie', 'RL')).toBe('knee-lat');
    expect(formOf('hand', 'PA')).toBe('hand-pa');
    expect(formOf('ct-thorax', null)).toBe('ct-chest');
    expect(formOf('mammo', 'CC')).toBe('mammo-cc');
    expect(formOf('mammo', 'MLO')).toBe('mammo-mlo');
  });

  it('says what every scale value means and which answers meet, on every active form', async () => {
    const criteria = await query<CriterionRow & { form: string }>(
      `select c.code, c.kind::text as kind, c.options, f.code as form from public.scoring_criteria c join public.scoring_forms f on f.id = c.form_id where f.active`,
    );
    const scales = criteria.filter((c) => c.kind === 'scale');
    expect(scales.length).toBeGreaterThan(10);
    for (const c of scales) {
      const o = c.options as {
        min: number;
        max: number;
        met_from?: number;
        labels?: Array<{ value: string; label_nl: string; label_en: string }>;
      };
      const values = Array.from({ length: o.max - o.min + 1 }, (_, i) => String(o.min + i));
      expect({
        form: c.form,
        code: c.code,
        labelled: values.filter((v) => o.labels?.some((l) => l.value === v && l.label_nl && l.label_en)),
      }).toEqual({
        form: c.form,
        code: c.code,
        labelled: values,
      });
      expect(typeof o.met_from).toBe('number');
    }
    for (const c of criteria.filter((x) => x.kind === 'choice')) {
      expect({ form: c.form, code: c.code, met: (c.options as Array<{ met?: boolean }>).some((o) => o.met === true) }).toEqual({
        form: c.form,
        code: c.code,
        met: true,
      });
    }
    // the mammography forms end with the PGMI grade, P and G meeting
    const pgmi = criteria.filter((c) => c.code === 'pgmi');
    expect(pgmi.map((c) => c.form).sort()).toEqual(['mammo-cc', 'mammo-mlo']);
    for (const c of pgmi) {
      expect(
        (c.options as Array<{ value: string; met?: boolean }>)
          .filter((o) => o.met)
          .map((o) => o.value)
          .sort(),
      ).toEqual(['G', 'P']);
    }
  });

  it('private.answer_met counts a grade with marked answers, as the rule written again here does', async () => {
    const grades = await query<{ kind: CriterionRow['kind']; options: unknown; code: string }>(
      `select c.kind::text as kind, c.options, c.code from public.scoring_criteria c join public.scoring_forms f on f.id = c.form_id where c.kind = 'grade' and f.code in ('mammo-mlo', 'chest-pa')`,
    );
    expect(grades.map((g) => g.code).sort()).toEqual(['overall', 'pgmi']);
    for (const g of grades) {
      for (const o of g.options as Array<{ value: string }>) {
        const [row] = await query<{ met: boolean | null }>(`select private.answer_met('grade', $1::jsonb, $2) as met`, [
          JSON.stringify(g.options),
          o.value,
        ]);
        expect({ code: g.code, value: o.value, met: row?.met ?? null }).toEqual({
          code: g.code,
          value: o.value,
          met: answerMet('grade', g.options, o.value),
        });
      }
    }
    expect(answerMet('grade', grades.find((g) => g.code === 'pgmi')?.options, 'G')).toBe(true);
    expect(answerMet('grade', grades.find((g) => g.code === 'pgmi')?.options, 'M')).toBe(false);
    expect(answerMet('grade', grades.find((g) => g.code === 'overall')?.options, '3')).toBeNull();
  });

  it('lets only an admin save a form', async () => {
    const [chest] = await formsByCode('chest-pa');
    const payload = await payloadOf(chest as FormRow);
    for (const who of ['petra', 'anna', 'fatima'] as const) {
      const { error } = await world.as[who].rpc('save_scoring_form', { form: { ...payload, title_en: 'Mine' } });
      expect({ who, code: error?.code, message: error?.message }).toEqual({
        who,
        code: '42501',
        message: 'only an admin may change scoring forms',
      });
    }
    expect(await formsByCode('chest-pa')).toHaveLength(1);
  });

  it('a changed form is a new version: the next evaluation uses it, earlier scores keep the old one and its wording', async () => {
    const [v1] = (await formsByCode('chest-pa')) as [FormRow];
    const v1Criteria = await criteriaOf(v1.id);
    const v1Mappings = await mappingsOf(v1.id);
    const images = await world.addImages(
      Array.from({ length: 4 }, (_, i) => ({
        operators: [DEMO_PEOPLE.petra.personId],
        procedure: 'thorax',
        view: 'PA',
        date: `2026-05-0${i + 1}`,
      })),
    );
    const filter = {
      procedure_ids: [world.catalogue.procedures['thorax']],
      from: '2026-05-01',
      to: '2026-05-04',
      exclude_evaluated: false,
    };
    const before = await startEvaluation(world.as.fatima, { use: 'quality', filter, sample_size: 4 });
    expect(before.drawn).toBe(4);
    const firstItem = (
      await query<{ id: string; form_id: string }>(
        'select id, form_id from public.evaluation_items where evaluation_id = $1 order by position',
        [before.evaluation_id],
      )
    )[0] as { id: string; form_id: string };
    expect(firstItem.form_id).toBe(v1.id);
    const inspiration = v1Criteria.find((c) => c.code === 'inspiration') as CriterionRow;
    const answered = await world.as.fatima.from('scores').insert({
      id: randomUUID(),
      site_id: DEMO_SITE_ID,
      evaluation_item_id: firstItem.id,
      form_id: v1.id,
      criterion_id: inspiration.id,
      value: 'yes',
    });
    expect(answered.error).toBeNull();

    // the admin relabels inspiration, drops scapulae_outside, adds a yes/no criterion and moves it first
    const payload = await payloadOf(v1);
    const criteria = payload.criteria
      .filter((c) => c.code !== 'scapulae_outside')
      .map((c) =>
        c.code === 'inspiration'
          ? { ...c, label_en: 'Deep inspiration (10 posterior ribs)', label_nl: 'Diepe inspiratie (10 achterste ribben)' }
          : c,
      );
    criteria.unshift({
      code: 'breath_instruction',
      kind: 'yes_no_na',
      label_nl: 'Ademinstructie gegeven',
      label_en: 'Breathing instruction given',
      help_nl: null,
      help_en: null,
      required: false,
      options: null,
    });
    const saved = await world.as.jeroen.rpc('save_scoring_form', { form: { ...payload, criteria } });
    expect(saved.error).toBeNull();
    const v2Id = saved.data as string;
    expect(v2Id).not.toBe(v1.id);

    const versions = await formsByCode('chest-pa');
    expect(versions.map((f) => ({ version: f.version, active: f.active }))).toEqual([
      { version: 1, active: false },
      { version: 2, active: true },
    ]);
    expect(versions[1]?.created_by).toBe(DEMO_PEOPLE.jeroen.personId);
    // the old version keeps its criteria as they were; the new one has the edited list, in the new order
    expect(await criteriaOf(v1.id)).toEqual(v1Criteria);
    const v2Criteria = await criteriaOf(v2Id);
    expect(v2Criteria.map((c) => c.code)).toEqual(criteria.map((c) => c.code));
    expect(v2Criteria.map((c) => c.position)).toEqual(criteria.map((_, i) => i + 1));
    expect(v2Criteria.find((c) => c.code === 'inspiration')?.label_en).toBe('Deep inspiration (10 posterior ribs)');
    expect(v2Criteria.find((c) => c.code === 'breath_instruction')?.required).toBe(false);
    // the procedures and views moved
    expect(await mappingsOf(v2Id)).toEqual(v1Mappings);
    expect(await mappingsOf(v1.id)).toEqual([]);

    // the next evaluation samples onto version 2; the earlier one and its score still name version 1
    const after = await startEvaluation(world.as.fatima, { use: 'quality', filter, sample_size: 4 });
    const afterForms = await query<{ form_id: string }>('select distinct form_id from public.evaluation_items where evaluation_id = $1', [
      after.evaluation_id,
    ]);
    expect(afterForms).toEqual([{ form_id: v2Id }]);
    const beforeForms = await query<{ form_id: string }>('select distinct form_id from public.evaluation_items where evaluation_id = $1', [
      before.evaluation_id,
    ]);
    expect(beforeForms).toEqual([{ form_id: v1.id }]);
    const [score] = await query<{ form_id: string; label_en: string }>(
      'select s.form_id, c.label_en from public.scores s join public.scoring_criteria c on c.id = s.criterion_id where s.evaluation_item_id = $1',
      [firstItem.id],
    );
    expect(score).toEqual({ form_id: v1.id, label_en: inspiration.label_en });
    expect(images).toHaveLength(4);
  });

  it('saving unchanged makes no version; saving on a replaced version is refused', async () => {
    const versions = await formsByCode('chest-pa');
    const active = versions.find((f) => f.active) as FormRow;
    const again = await world.as.jeroen.rpc('save_scoring_form', { form: await payloadOf(active) });
    expect(again.error).toBeNull();
    expect(again.data).toBe(active.id);
    expect(await formsByCode('chest-pa')).toHaveLength(versions.length);

    const stale = versions.find((f) => !f.active) as FormRow;
    const refused = await world.as.jeroen.rpc('save_scoring_form', {
      form: { ...(await payloadOf(active)), replaces: stale.id, title_en: 'Stale' },
    });
    expect(refused.error?.code).toBe('40001');
    expect(refused.error?.message).toMatch(/no longer the active version/);
  });

  it('refuses malformed criteria and a view another form holds, and changes nothing', async () => {
    const [knee] = (await formsByCode('knee-ap')) as [FormRow];
    const payload = await payloadOf(knee);
    const scale = { code: 'sharpness', kind: 'scale', label_nl: 'Scherpte', label_en: 'Sharpness', required: true };
    const cases: Array<[string, unknown, RegExp]> = [
      [
        'scale met outside',
        [...payload.criteria, { ...scale, options: { min: 1, max: 5, met_from: 7 } }],
        /met_from lies outside the scale/,
      ],
      ['scale without met', [...payload.criteria, { ...scale, options: { min: 1, max: 5 } }], /from which value the scale meets/],
      [
        'label off the scale',
        [
          ...payload.criteria,
          { ...scale, options: { min: 1, max: 3, met_from: 2, labels: [{ value: '4', label_nl: 'x', label_en: 'x' }] } },
        ],
        /every scale label needs a value on the scale/,
      ],
      [
        'choice without met',
        [
          ...payload.criteria,
          {
            code: 'x',
            kind: 'choice',
            label_nl: 'x',
            label_en: 'x',
            options: [
              { value: 'a', label_nl: 'a', label_en: 'a' },
              { value: 'b', label_nl: 'b', label_en: 'b' },
            ],
          },
        ],
        /mark at least one answer that meets/,
      ],
      [
        'no English label',
        [...payload.criteria, { code: 'y', kind: 'yes_no_na', label_nl: 'Ja', label_en: ' ' }],
        /a Dutch and an English label/,
      ],
      ['same code twice', [...payload.criteria, payload.criteria[0]], /two criteria have the same code/],
      ['no criteria', [], /at least one criterion/],
    ];
    for (const [name, criteria, message] of cases) {
      const { error } = await world.as.jeroen.rpc('save_scoring_form', { form: { ...payload, criteria } });
      expect({ name, code: error?.code, ok: message.test(error?.message ?? '') }).toEqual({ name, code: '22023', ok: true });
    }
    const [chest] = (await formsByCode('chest-pa')).filter((f) => f.active) as [FormRow];
    const held = await world.as.jeroen.rpc('save_scoring_form', {
      form: {
        ...payload,
        procedures: [...payload.procedures, { procedure_id: world.catalogue.procedures['thorax'], view_position: 'pa' }],
      },
    });
    expect(held.error?.code).toBe('23505');
    expect(held.error?.message).toBe(`another form already scores thorax PA (${chest.code})`);
    expect(await formsByCode('knee-ap')).toEqual([knee]);
  });
  describe('the audit of form changes (migration 40)', () => {
    interface AuditRow {
      id: number;
      actor_id: string | null;
      action: string;
      target_table: string | null;
      target_id: string | null;
      details: Record<string, unknown>;
      at: string;
    }
    /** The form rows of the log written after `mark`, read back as stored. */
    const formAuditSince = async (mark: number): Promise<AuditRow[]> =>
      query<AuditRow>(
        `select id::int as id, actor_id, action, target_table, target_id, details, at::text as at
         from public.audit_log where id > $1 and (target_table = 'scoring_forms' or action like 'scoring_form.%') order by id`,
        [mark],
      );
    const mark = async (): Promise<number> =>
      (await query<{ n: number }>('select coalesce(max(id), 0)::int as n from public.audit_log'))[0]?.n ?? 0;
    const formRow = async (id: string): Promise<FormRow & { created_at: string; site_id: string }> =>
      (
        await query<FormRow & { created_at: string; site_id: string }>(
          'select id, code, version, title_nl, title_en, source, active, is_generic, created_by, created_at::text as created_at, site_id from public.scoring_forms where id = $1',
          [id],
        )
      )[0] as FormRow & { created_at: string; site_id: string };
    /** The row a form version's save should write, from the stored version and the one it replaced. */
    const expectedRow = (form: FormRow & { created_at: string }, previous: FormRow | null, action: string) => ({
      actor_id: form.created_by,
      action,
      target_table: 'scoring_forms',
      target_id: form.id,
      details: {
        form_id: form.id,
        code: form.code,
        title_nl: form.title_nl,
        title_en: form.title_en,
        version: form.version,
        previous_version: previous?.version ?? null,
        previous_form_id: previous?.id ?? null,
      },
      // written in the save's transaction: the same time as the version's own
      at: form.created_at,
    });
    const strip = ({ id: _id, ...row }: AuditRow) => row;

    it('a saved version writes exactly one row: who, which form and version, the version it replaced, when', async () => {
      const [v1] = (await formsByCode('knee-lat')).filter((f) => f.active) as [FormRow];
      const payload = await payloadOf(v1);
      const before = await mark();
      const criteria = payload.criteria.map((c, i) => (i === 0 ? { ...c, label_en: `${c.label_en} (checked)` } : c));
      const saved = await world.as.jeroen.rpc('save_scoring_form', { form: { ...payload, criteria } });
      expect(saved.error).toBeNull();
      const v2 = await formRow(saved.data as string);
      expect(v2.version).toBe(v1.version + 1);
      expect(v2.created_by).toBe(DEMO_PEOPLE.jeroen.personId);
      // one row: the switch-off of version 1 is part of it, not a row of its own
      expect((await formAuditSince(before)).map(strip)).toEqual([expectedRow(v2, v1, 'scoring_form.version_saved')]);
      // the quality officer reads it through the API; a radiographer does not
      const read = await world.as.fatima.from('audit_log').select('action, target_id').eq('target_id', v2.id);
      expect(read.data).toEqual([{ action: 'scoring_form.version_saved', target_id: v2.id }]);
      expect((await world.as.petra.from('audit_log').select('id').eq('target_id', v2.id)).data).toEqual([]);
    });

    it('an unchanged save and refused saves write no row', async () => {
      const [active] = (await formsByCode('knee-lat')).filter((f) => f.active) as [FormRow];
      const payload = await payloadOf(active);
      const before = await mark();
      const again = await world.as.jeroen.rpc('save_scoring_form', { form: payload });
      expect(again.data).toBe(active.id);
      const refused = [
        // not an admin
        await world.as.fatima.rpc('save_scoring_form', { form: { ...payload, title_en: 'Fatima’s' } }),
        // an empty label
        await world.as.jeroen.rpc('save_scoring_form', {
          form: { ...payload, criteria: payload.criteria.map((c, i) => (i === 0 ? { ...c, label_nl: ' ' } : c)) },
        }),
        // a view another form holds
        await world.as.jeroen.rpc('save_scoring_form', {
          form: {
            ...payload,
            procedures: [...payload.procedures, { procedure_id: world.catalogue.procedures['thorax'], view_position: 'PA' }],
          },
        }),
        // a stale version
        await world.as.jeroen.rpc('save_scoring_form', {
          form: { ...payload, replaces: (await formsByCode('knee-lat')).find((f) => !f.active)?.id, title_en: 'Stale' },
        }),
      ];
      expect(refused.map((r) => r.error?.code)).toEqual(['42501', '22023', '23505', '40001']);
      expect(await formAuditSince(before)).toEqual([]);
      expect(await formsByCode('knee-lat')).toHaveLength(2);
    });

    it('a new form writes a created row; switching it off through the table writes a switched-off row', async () => {
      const before = await mark();
      const created = await world.as.jeroen.rpc('save_scoring_form', {
        form: {
          replaces: null,
          code: 'knee-skyline',
          title_nl: 'Knie skyline',
          title_en: 'Knee skyline',
          source: 'Afdeling',
          criteria: [
            { code: 'patella_free', kind: 'yes_no_na', label_nl: 'Patella vrij geprojecteerd', label_en: 'Patella projected free' },
          ],
          procedures: [{ procedure_id: world.catalogue.procedures['knie'], view_position: 'SKYLINE' }],
        },
      });
      expect(created.error).toBeNull();
      const form = await formRow(created.data as string);
      expect(form).toMatchObject({ code: 'knee-skyline', version: 1, active: true });
      expect((await formAuditSince(before)).map(strip)).toEqual([expectedRow(form, null, 'scoring_form.created')]);

      const afterCreate = await mark();
      const off = await world.as.jeroen.from('scoring_forms').update({ active: false }).eq('id', form.id).select('id');
      expect(off.error).toBeNull();
      expect(off.data).toEqual([{ id: form.id }]);
      const rows = await formAuditSince(afterCreate);
      expect(rows.map((r) => ({ actor_id: r.actor_id, action: r.action, target_id: r.target_id, details: r.details }))).toEqual([
        {
          actor_id: DEMO_PEOPLE.jeroen.personId,
          action: 'scoring_form.switched_off',
          target_id: form.id,
          details: { form_id: form.id, code: form.code, title_nl: form.title_nl, title_en: form.title_en, version: 1 },
        },
      ]);
      // a radiographer's attempt to switch a form is refused by the policies and writes nothing
      const afterOff = await mark();
      const tried = await world.as.petra.from('scoring_forms').update({ active: true }).eq('id', form.id).select('id');
      expect(tried.data ?? []).toEqual([]);
      expect(await formAuditSince(afterOff)).toEqual([]);
    });

    it('nobody writes, changes or removes a form audit row through the API', async () => {
      const before = await mark();
      const forged = {
        site_id: DEMO_SITE_ID,
        action: 'scoring_form.version_saved',
        target_table: 'scoring_forms',
        target_id: randomUUID(),
        details: { code: 'chest-pa', version: 99 },
      };
      expect((await world.as.petra.from('audit_log').insert({ ...forged, actor_id: DEMO_PEOPLE.petra.personId })).error?.code).toBe(
        '42501',
      );
      expect((await world.as.jeroen.from('audit_log').insert({ ...forged, actor_id: DEMO_PEOPLE.jeroen.personId })).error?.code).toBe(
        '42501',
      );
      expect(await formAuditSince(before)).toEqual([]);
      const [first] = await query<{ id: number; action: string }>(
        "select id::int as id, action from public.audit_log where action like 'scoring_form.%' order by id limit 1",
      );
      expect(first).toBeDefined();
      await world.as.jeroen.from('audit_log').update({ action: 'scoring_form.deleted' }).eq('id', first?.id);
      await world.as.jeroen.from('audit_log').delete().eq('id', first?.id);
      expect(await query('select id::int as id, action from public.audit_log where id = $1', [first?.id])).toEqual([first]);
    });
  });
  describe('taking a form out of use and back (migration 43)', () => {
    const formIdOf = async (image: string): Promise<string | null> =>
      (await query<{ form: string | null }>('select private.form_for_image($1) as form', [image]))[0]?.form ?? null;
    const activeOf = async (id: string): Promise<boolean | undefined> =>
      (await query<{ active: boolean }>('select active from public.scoring_forms where id = $1', [id]))[0]?.active;
    const newForm = async (code: string, view: string): Promise<string> => {
      const created = await world.as.jeroen.rpc('save_scoring_form', {
        form: {
          replaces: null,
          code,
          title_nl: `Knie ${view}`,
          title_en: `Knee ${view}`,
          source: 'Afdeling',
          criteria: [{ code: 'notch_free', kind: 'yes_no_na', label_nl: 'Fossa vrij', label_en: 'Notch free' }],
          procedures: [{ procedure_id: world.catalogue.procedures['knie'], view_position: view }],
        },
      });
      expect(created.error).toBeNull();
      return created.data as string;
    };

    it('a retired form frees its view, its images are scored on the generic form, earlier items keep it; a non-admin cannot retire it', async () => {
      const tunnel = await newForm('knee-tunnel', 'TUNNEL');
      const [generic] = (await formsByCode('generic')).filter((f) => f.active) as [FormRow];
      const images = await world.addImages(
        [1, 2].map((day) => ({ operators: [DEMO_PEOPLE.petra.personId], procedure: 'knie', view: 'TUNNEL', date: `2026-08-1${day}` })),
      );
      const filter = {
        procedure_ids: [world.catalogue.procedures['knie']],
        from: '2026-08-11',
        to: '2026-08-12',
        exclude_evaluated: false,
      };
      const itemsOf = async (evaluation: string) =>
        (await query<{ form_id: string }>('select form_id from public.evaluation_items where evaluation_id = $1', [evaluation])).map(
          (r) => r.form_id,
        );
      const before = await startEvaluation(world.as.fatima, { use: 'quality', filter, sample_size: 2 });
      expect(await itemsOf(before.evaluation_id)).toEqual([tunnel, tunnel]);

      // the quality officer and a radiographer are refused by the policies: the form stays in use
      for (const who of ['fatima', 'petra'] as const) {
        const tried = await world.as[who].from('scoring_forms').update({ active: false }).eq('id', tunnel).select('id');
        expect(tried.data ?? []).toEqual([]);
      }
      expect(await activeOf(tunnel)).toBe(true);

      const off = await world.as.jeroen.from('scoring_forms').update({ active: false }).eq('id', tunnel).select('id');
      expect(off.error).toBeNull();
      expect(await activeOf(tunnel)).toBe(false);
      // new evaluations score its images on the generic form; the earlier evaluation keeps the retired form
      expect(await formIdOf((images[0] as { id: string }).id)).toBe(generic.id);
      const after = await startEvaluation(world.as.fatima, { use: 'quality', filter, sample_size: 2 });
      expect(await itemsOf(after.evaluation_id)).toEqual([generic.id, generic.id]);
      expect(await itemsOf(before.evaluation_id)).toEqual([tunnel, tunnel]);
      expect(await mappingsOf(tunnel)).toEqual(['knie/TUNNEL']);

      // its view is free for another form; then putting it back is refused, naming the view and the form holding it
      const other = await newForm('knee-tunnel-new', 'tunnel');
      const refused = await world.as.jeroen.from('scoring_forms').update({ active: true }).eq('id', tunnel).select('id');
      expect(refused.error?.code).toBe('23505');
      expect(refused.error?.message).toBe('another form already scores knie TUNNEL (knee-tunnel-new)');
      expect(await activeOf(tunnel)).toBe(false);

      // once the other form is retired, the first one is put back and scores its images again
      expect((await world.as.jeroen.from('scoring_forms').update({ active: false }).eq('id', other)).error).toBeNull();
      const on = await world.as.jeroen.from('scoring_forms').update({ active: true }).eq('id', tunnel).select('id');
      expect(on.error).toBeNull();
      expect(on.data).toEqual([{ id: tunnel }]);
      expect(await formIdOf((images[0] as { id: string }).id)).toBe(tunnel);
    });

    it('an older version is not put back beside the version in use', async () => {
      const versions = await formsByCode('knee-lat');
      const old = versions.find((f) => !f.active) as FormRow;
      const refused = await world.as.jeroen.from('scoring_forms').update({ active: true }).eq('id', old.id).select('id');
      expect(refused.error?.code).toBe('23505');
      expect(refused.error?.message).toBe('another version of form knee-lat is in use');
      expect((await formsByCode('knee-lat')).map((f) => f.active)).toEqual(versions.map((f) => f.active));
    });

    it('the generic form is not taken out of use, since evaluations fall back on it; saving it as a new version still works', async () => {
      const [generic] = (await formsByCode('generic')).filter((f) => f.active) as [FormRow];
      const refused = await world.as.jeroen.from('scoring_forms').update({ active: false }).eq('id', generic.id).select('id');
      expect(refused.error?.code).toBe('23514');
      expect(refused.error?.message).toMatch(/^the generic form generic scores every procedure without a form of its own/);
      expect(await activeOf(generic.id)).toBe(true);
      const saved = await world.as.jeroen.rpc('save_scoring_form', {
        form: { ...(await payloadOf(generic)), title_en: `${generic.title_en} (checked)` },
      });
      expect(saved.error).toBeNull();
      const now = await formsByCode('generic');
      expect(now.find((f) => f.id === generic.id)?.active).toBe(false);
      expect(now.filter((f) => f.active).map((f) => f.id)).toEqual([saved.data]);
    });
  });
});
