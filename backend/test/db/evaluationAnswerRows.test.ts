/**
 * evaluation_answer_rows (migration 39) on both engines: one row per image and criterion of an evaluation, as the
 * summary's CSV and print sheet list them, compared with rows computed here from the raw tables (service role):
 * every item × every criterion of its form, in worklist and form order, the image's procedure, view, date and room
 * (the station's display name), the answer, its label from the form, met by the contract's rule (written again in
 * evaluationFixtures.ts), the remark; a skipped image's answers never count. Who reads: the evaluator and the site's
 * quality officer (audited as scores.read), not a radiographer whose images are in it.
 */
import type { SupabaseClient } from '@supabase/supabase-js';
import { DEMO_PEOPLE } from '@iqs/demo-department';
import { ENGINES } from '../../../test/support/engines';
import {
  auditEntries,
  expectedAnswerRows,
  scoreAll,
  startEvaluation,
  startEvaluationWorld,
  type EvaluationWorld,
} from './evaluationFixtures';

jest.setTimeout(300_000);

const PETRA = DEMO_PEOPLE.petra.personId;
const DAAN = DEMO_PEOPLE.daan.personId;

interface Row {
  item_id: string;
  item_position: number;
  item_state: string;
  study_date: string | null;
  view_position: string | null;
  procedure_code: string | null;
  procedure_name_en: string | null;
  room: string | null;
  criterion_code: string;
  criterion_label_en: string;
  value: string | null;
  answer_label_en: string | null;
  met: boolean | null;
  remark: string | null;
}

async function answerRows(client: SupabaseClient, evaluation: string): Promise<Row[]> {
  const { data, error } = await client.rpc('evaluation_answer_rows', { evaluation });
  if (error) throw Object.assign(new Error(`evaluation_answer_rows: ${error.code} ${error.message}`), { code: error.code });
  return data as Row[];
}

const picked = (rows: readonly Row[]) =>
  rows.map((r) => ({
    item_id: r.item_id,
    item_position: r.item_position,
    item_state: r.item_state,
    study_date: r.study_date,
    view_position: r.view_position,
    procedure_code: r.procedure_code,
    procedure_name_en: r.procedure_name_en,
    room: r.room,
    criterion_code: r.criterion_code,
    criterion_label_en: r.criterion_label_en,
    value: r.value,
    answer_label_en: r.answer_label_en,
    met: r.met,
    remark: r.remark,
  }));

describe.each(ENGINES)('evaluation answer rows on %s', (engine) => {
  let world: EvaluationWorld;
  let peer: string;

  beforeAll(async () => {
    world = await startEvaluationWorld(engine);
    const june = (i: number) => `2025-06-${String(1 + i).padStart(2, '0')}`;
    await world.addImages([
      ...Array.from({ length: 3 }, (_, i) => ({
        operators: [PETRA],
        procedure: 'thorax',
        view: 'PA',
        station: 'RAD-KAMER1',
        date: june(i),
      })),
      ...Array.from({ length: 2 }, (_, i) => ({
        operators: [PETRA],
        procedure: 'knie',
        view: 'AP',
        station: 'RAD-KAMER3',
        date: june(5 + i),
      })),
      { operators: [PETRA], procedure: 'bekken', view: 'AP', station: 'UNKNOWN-ROOM', date: june(9) },
      ...Array.from({ length: 2 }, (_, i) => ({
        operators: [DAAN],
        procedure: 'thorax',
        view: 'PA',
        station: 'RAD-KAMER2',
        date: june(i),
      })),
    ]);
    peer = (
      await startEvaluation(world.as.anna, {
        use: 'peer',
        subject_person_id: PETRA,
        filter: { from: '2025-06-01', to: '2025-06-30' },
        sample_size: 6,
        seed: 7,
      })
    ).evaluation_id;
    await scoreAll(world, world.as.anna, peer, 207, { skip: (p) => p === 2, leave: (p) => p === 5 });
  });

  afterAll(async () => {
    await world?.env.close();
  });

  it('gives the evaluator one row per image and criterion, as computed from the raw rows', async () => {
    const rows = await answerRows(world.as.anna, peer);
    const expected = picked(await expectedAnswerRows(world, peer));
    expect(expected.length).toBeGreaterThan(6);
    expect(picked(rows)).toEqual(expected);
    // the test's data holds what the rows must tell apart
    expect(new Set(rows.map((r) => r.item_state))).toEqual(new Set(['scored', 'skipped', 'to_do']));
    expect(rows.some((r) => r.met === true) && rows.some((r) => r.met === false)).toBe(true);
    expect(rows.some((r) => r.room === 'Kamer 1') && rows.some((r) => r.room === 'UNKNOWN-ROOM')).toBe(true);
    expect(rows.filter((r) => r.item_state === 'skipped').every((r) => r.met === null)).toBe(true);
    expect(rows.some((r) => r.answer_label_en !== null) && rows.some((r) => r.value !== null && r.answer_label_en === null)).toBe(true);
  });

  it('gives the quality officer the same rows, and writes the read to the audit log', async () => {
    const before = (await auditEntries(world.service, 'scores.read')).length;
    expect(picked(await answerRows(world.as.fatima, peer))).toEqual(picked(await expectedAnswerRows(world, peer)));
    const after = await auditEntries(world.service, 'scores.read');
    expect(after.length).toBeGreaterThan(before);
    expect(after.at(-1)).toMatchObject({ actor_id: DEMO_PEOPLE.fatima.personId, target_id: peer });
  });

  it('refuses a radiographer whose images are in it (the worklist is the evaluator’s and the quality officer’s)', async () => {
    await expect(answerRows(world.as.petra, peer)).rejects.toMatchObject({ code: '42501' });
    await expect(answerRows(world.as.daan, peer)).rejects.toMatchObject({ code: '42501' });
  });
});
