/**
 * `iqs report evaluation` and `iqs report evaluations` on both engines: an evaluation's answers one row per image and
 * criterion, as /iqs?summary=<id> shows and downloads them. The rows of evaluation_answer_rows_for_site (migration 41,
 * what the CLI prints) are compared with rows computed here from the raw tables (items, images, procedures, stations,
 * criteria, scores; met by the contract's rule written again in evaluationFixtures.ts) and with evaluation_answer_rows
 * as the evaluator reads it; the function is the service role's only (signed-in people and anon are refused); the
 * database writes the read to the audit log. The --csv file is the page's CSV: the view's rows through @iqs/domain
 * sheetRows (which the summary page calls too) into evaluationRowsCsv, byte for byte. The
 * evaluation has remarks (one with a comma, quotes and a leading =) and a fault. A blind evaluation still open names
 * no evaluator; the listing counts the images from the raw items. Exit codes: 2 for a missing, malformed or unknown
 * id, a missing output or another language.
 */
import type { SupabaseClient } from '@supabase/supabase-js';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEMO_PEOPLE, DEMO_SITE_ID } from '@iqs/demo-department';
import { csvField, type EvaluationAnswerRow, evaluationRowsCsv, sheetRows } from '@iqs/domain';
import { ENGINES } from '../../../test/support/engines';
import {
  auditEntries,
  expectedAnswerRows,
  rawRows,
  scoreAll,
  startEvaluation,
  startEvaluationWorld,
  type EvaluationWorld,
} from './evaluationFixtures';
import { run } from '../../src/cli/main';

jest.setTimeout(600_000);

const PETRA = DEMO_PEOPLE.petra.personId;
const DAAN = DEMO_PEOPLE.daan.personId;
const REMARK = '=scapulae niet vrij, "te" hoog';

async function viewRows(client: SupabaseClient, evaluation: string): Promise<EvaluationAnswerRow[]> {
  const { data, error } = await client.rpc('evaluation_answer_rows', { evaluation });
  if (error) throw new Error(`evaluation_answer_rows: ${error.code} ${error.message}`);
  return data as unknown as EvaluationAnswerRow[];
}

/** The service role's rows: evaluation_answer_rows_for_site. */
async function siteRows(client: SupabaseClient, site: string, evaluation: string): Promise<EvaluationAnswerRow[]> {
  const { data, error } = await client.rpc('evaluation_answer_rows_for_site', { site, evaluation });
  if (error) throw new Error(`evaluation_answer_rows_for_site: ${error.code} ${error.message}`);
  return data as unknown as EvaluationAnswerRow[];
}

describe.each(ENGINES)('iqs report evaluation on %s', (engine) => {
  let world: EvaluationWorld;
  let peer: string;
  let blind: string;
  let folder: string;
  let cliEnv: NodeJS.ProcessEnv;

  const cli = async (args: string[]): Promise<{ code: number; out: string[]; err: string[] }> => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await run(args, cliEnv, {
      out: (l: string) => void out.push(l),
      err: (l: string) => void err.push(l),
      progress: { write: () => true } as never,
    });
    return { code, out, err };
  };

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
        name: 'Peer review juni, Petra',
        subject_person_id: PETRA,
        filter: { from: '2025-06-01', to: '2025-06-30' },
        sample_size: 6,
        seed: 7,
      })
    ).evaluation_id;
    await scoreAll(world, world.as.anna, peer, 207, { skip: (p) => p === 2, leave: (p) => p === 5 });
    // a fault with a remark on the first image: a yes/no criterion answered no, its remark needing CSV quoting
    const rows = await viewRows(world.as.anna, peer);
    const first = rows.find((r) => r.item_position === 1 && r.criterion_kind === 'yes_no_na');
    if (!first) throw new Error('the first image has no yes/no criterion');
    // the criterion of that item's own form (forms share codes and labels: the first match may be another form's)
    const item = await world.service.from('evaluation_items').select('form_id').eq('id', first.item_id).single();
    if (item.error) throw new Error(`the first item: ${item.error.message}`);
    const criterionId = world.catalogue.criteria.find((c) => c.form_id === item.data.form_id && c.code === first.criterion_code)?.id;
    const updated = await world.service
      .from('scores')
      .update({ value: 'no', comment: REMARK })
      .eq('evaluation_item_id', first.item_id)
      .eq('criterion_id', criterionId!)
      .select('id');
    if (updated.error || (updated.data ?? []).length !== 1) throw new Error(`the fault: ${updated.error?.message ?? 'no score row'}`);
    blind = (
      await startEvaluation(world.as.anna, {
        use: 'peer',
        name: 'Blind peer review',
        subject_person_id: DAAN,
        filter: { from: '2025-06-01', to: '2025-06-30' },
        sample_size: 2,
        blind: true,
        seed: 3,
      })
    ).evaluation_id;
    folder = mkdtempSync(path.join(os.tmpdir(), 'iqs-evaluation-'));
    cliEnv = {
      SUPABASE_URL: world.env.supabase.url,
      SUPABASE_ANON_KEY: world.env.supabase.anonKey,
      SUPABASE_SERVICE_ROLE_KEY: world.env.supabase.serviceRoleKey,
      IQS_DATA_DIR: folder,
    };
  });

  afterAll(async () => {
    await world?.env.close();
    if (folder) rmSync(folder, { recursive: true, force: true });
  });

  it('--json: the rows computed from the raw tables, the same as evaluation_answer_rows; the header names the evaluator', async () => {
    const { code, out, err } = await cli(['report', 'evaluation', '--id', peer, '--json', '--language', 'en']);
    expect({ code, err }).toEqual({ code: 0, err: [] });
    const printed = JSON.parse(out.join('\n')) as {
      evaluation: Record<string, unknown>;
      header: Record<string, unknown>;
      rows: EvaluationAnswerRow[];
    };
    const expected = await expectedAnswerRows(world, peer);
    expect(expected.length).toBeGreaterThan(6);
    expect(printed.rows).toEqual(expected);
    expect(printed.rows).toEqual(await viewRows(world.as.anna, peer));
    // the data holds what the rows must tell apart: states, met and not, the remark, known and unknown rooms
    expect(new Set(printed.rows.map((r) => r.item_state))).toEqual(new Set(['scored', 'skipped', 'to_do']));
    expect(printed.rows.some((r) => r.met === false && r.remark === REMARK)).toBe(true);
    expect(printed.rows.some((r) => r.met === true)).toBe(true);
    expect(printed.rows.some((r) => r.room === 'UNKNOWN-ROOM') && printed.rows.some((r) => r.room !== r.room?.toUpperCase())).toBe(true);
    expect(printed.evaluation).toMatchObject({
      id: peer,
      name: 'Peer review juni, Petra',
      use: 'peer',
      status: 'open',
      blind: false,
      evaluator: DEMO_PEOPLE.anna.name,
      from: '2025-06-01',
      to: '2025-06-30',
    });
    expect(printed.header).toMatchObject({ evaluation: 'Peer review juni, Petra', kind: 'Peer review', evaluator: DEMO_PEOPLE.anna.name });
    // reading the answers is written to the audit log, by the database (the function names itself)
    expect((await auditEntries(world.service, 'scores.read')).at(-1)).toMatchObject({
      actor_id: null,
      target_id: peer,
      details: { function: 'evaluation_answer_rows_for_site', evaluation_id: peer, use: 'peer', subject_person_id: PETRA },
    });
  });

  it('evaluation_answer_rows_for_site: the raw tables’ rows, the same as evaluation_answer_rows; each read audited', async () => {
    for (const evaluation of [peer, blind]) {
      const before = (await auditEntries(world.service, 'scores.read')).length;
      const rows = await siteRows(world.service, DEMO_SITE_ID, evaluation);
      const audit = await auditEntries(world.service, 'scores.read');
      expect(audit.length).toBe(before + 1);
      const raw = await rawRows(world.service);
      const itemIds = new Set(raw.items.filter((i) => i.evaluation_id === evaluation).map((i) => i.id));
      expect(audit.at(-1)).toMatchObject({
        actor_id: null,
        target_id: evaluation,
        details: { scores: raw.scores.filter((s) => itemIds.has(s.evaluation_item_id)).length },
      });
      expect(rows).toEqual(await expectedAnswerRows(world, evaluation));
      expect(rows).toEqual(await viewRows(world.as.anna, evaluation));
    }
    // not an evaluation of that site: refused
    const other = await world.service.rpc('evaluation_answer_rows_for_site', {
      site: '00000000-0000-4000-8000-000000000000',
      evaluation: peer,
    });
    expect(other.error).not.toBeNull();
    expect(other.data).toBeNull();
  });

  it('evaluation_answer_rows_for_site is the service role’s: signed-in people and anon are refused, nothing audited', async () => {
    const before = (await auditEntries(world.service, 'scores.read')).length;
    for (const client of [world.as.anna, world.as.petra, world.as.daan, world.env.client()]) {
      const { data, error } = await client.rpc('evaluation_answer_rows_for_site', { site: DEMO_SITE_ID, evaluation: peer });
      expect(error).not.toBeNull();
      expect(data).toBeNull();
      // nor the private function behind it
      const inner = await client.schema('private').rpc('evaluation_answer_rows_for_site', { site: DEMO_SITE_ID, evaluation: peer });
      expect(inner.error).not.toBeNull();
      expect(inner.data).toBeNull();
    }
    expect((await auditEntries(world.service, 'scores.read')).length).toBe(before);
  });

  it.each(['nl', 'en'] as const)('--csv --language %s: the page’s CSV of the view’s rows, byte for byte', async (language) => {
    const file = path.join(folder, `peer-${language}.csv`);
    const { code, err } = await cli(['report', 'evaluation', '--id', peer, '--csv', file, '--language', language]);
    expect({ code, err }).toEqual({ code: 0, err: [`wrote ${file}`] });
    const page = evaluationRowsCsv('Peer review juni, Petra', sheetRows(await viewRows(world.as.anna, peer), language), language);
    expect(readFileSync(file, 'utf8')).toBe(page);
    // the remark that needs quoting and a neutralised formula is in it
    expect(csvField(REMARK)).not.toBe(REMARK);
    expect(page).toContain(csvField(REMARK));
  });

  it('a blind evaluation still open names no evaluator, in the rows’ header and in the list', async () => {
    const { code, out } = await cli(['report', 'evaluation', '--id', blind, '--json']);
    expect(code).toBe(0);
    const printed = JSON.parse(out.join('\n')) as { evaluation: { evaluator: unknown; blind: boolean }; header: { evaluator: unknown } };
    expect(printed.evaluation).toMatchObject({ blind: true, evaluator: null });
    expect(printed.header.evaluator).toBeNull();
    expect(out.join('\n')).not.toContain(DEMO_PEOPLE.anna.name);
    const list = await cli(['report', 'evaluations']);
    expect(list.code).toBe(0);
    const line = list.out.find((l) => l.includes(blind));
    expect(line).toBeDefined();
    expect(line).not.toContain(DEMO_PEOPLE.anna.name);
  });

  it('report evaluations --json: every evaluation of the site with its counts from the raw items', async () => {
    const { code, out } = await cli(['report', 'evaluations', '--json']);
    expect(code).toBe(0);
    const listed = out.map((l) => JSON.parse(l) as Record<string, unknown>);
    const raw = await rawRows(world.service);
    const expected = raw.evaluations
      .map((e) => {
        const items = raw.items.filter((i) => i.evaluation_id === e.id);
        return {
          id: e.id,
          items: items.length,
          scored: items.filter((i) => i.state === 'scored').length,
          skipped: items.filter((i) => i.state === 'skipped').length,
          to_do: items.filter((i) => i.state === 'to_do').length,
        };
      })
      .sort((a, b) => a.id.localeCompare(b.id));
    const got = listed
      .map((e) => ({ id: e['id'], items: e['items'], scored: e['scored'], skipped: e['skipped'], to_do: e['to_do'] }))
      .sort((a, b) => String(a.id).localeCompare(String(b.id)));
    expect(got).toEqual(expected);
    expect(listed.find((e) => e['id'] === peer)).toMatchObject({ evaluator: DEMO_PEOPLE.anna.name, use: 'peer', status: 'open' });
    expect(listed.find((e) => e['id'] === blind)).toMatchObject({ evaluator: null, blind: true });
  });

  it.each([
    [['report', 'evaluation', '--json'], '--id'],
    [['report', 'evaluation', '--id', 'not-a-uuid', '--json'], 'UUID'],
    [['report', 'evaluation', '--id', '00000000-0000-4000-8000-000000000000', '--json'], 'no evaluation'],
    [['report', 'evaluation', '--id', '00000000-0000-4000-8000-000000000000'], 'needs an output'],
    [['report', 'evaluation', '--id', '00000000-0000-4000-8000-000000000000', '--json', '--language', 'de'], '--language'],
  ])('%j: exit 2 with a message', async (args, message) => {
    const { code, out, err } = await cli(args);
    expect(code).toBe(2);
    expect(out).toEqual([]);
    expect(err.join('\n')).toContain(message);
  });
});
